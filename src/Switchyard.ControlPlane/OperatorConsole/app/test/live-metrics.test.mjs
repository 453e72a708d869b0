// Unit tests of src/live-metrics.js's arithmetic over consecutive scrapes (no network: add() takes the parsed stats).
import { test } from "node:test";
import assert from "node:assert/strict";
import { LiveMetrics } from "../src/live-metrics.js";

const stats = (ok, failed, buckets) => ({
  requests: { ok, exception: failed },
  cpuBuckets: buckets.map(([le, count]) => ({ le, count })),
});

test("the first scrape sets totals, later ones add rate and quantile points", () => {
  const live = new LiveMetrics("a", "", "w", () => {});
  live.add(100, stats(10, 1, [[0.001, 5], [0.01, 11], [Infinity, 11]]));
  assert.deepEqual([live.latest.total, live.latest.errors, live.latest.rps], [11, 1, null]);
  assert.equal(live.points.t.length, 0);

  // 2 s later: 4 more invocations (one failed), all between 1 and 10 ms of CPU.
  live.add(102, stats(13, 2, [[0.001, 5], [0.01, 15], [Infinity, 15]]));
  assert.equal(live.latest.total, 15);
  assert.equal(live.latest.rps, 2);
  assert.equal(live.latest.eps, 0.5);
  assert.ok(Math.abs(live.latest.p50 - 5.5) < 1e-9); // rank 2 of 4 in the 1-10 ms bucket: half-way
  assert.deepEqual(live.points.t, [102]);

  // No invocations in the next interval: the rate is 0, the quantiles a gap.
  live.add(104, stats(13, 2, [[0.001, 5], [0.01, 15], [Infinity, 15]]));
  assert.equal(live.latest.rps, 0);
  assert.equal(live.latest.p99, null);
  assert.deepEqual(live.points.p99, [live.points.p99[0], null]);
});

test("a script without series counts as zero", () => {
  const live = new LiveMetrics("a", "ns", "w", () => {});
  live.add(1, undefined);
  live.add(3, undefined);
  assert.equal(live.latest.total, 0);
  assert.equal(live.latest.rps, 0);
  assert.equal(live.latest.p50, null);
});
