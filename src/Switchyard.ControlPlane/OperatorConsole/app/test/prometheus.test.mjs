// Unit tests of src/prometheus.js; run with `node --test test/` (Switchyard.Console.Tests runs them too).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  parsePrometheusText, parseSampleLine, workerStats, totalRequests, errorRequests,
  counterRate, counterIncrease, bucketIncrease, histogramQuantile, scriptKey,
} from "../src/prometheus.js";

const scrape = `# HELP switchyard_worker_requests_total Worker invocations by outcome.
# TYPE switchyard_worker_requests_total counter
switchyard_worker_requests_total{account="a1",namespace="",otel_scope_name="Switchyard.Workers",outcome="ok",script="w"} 5 1733480000000
switchyard_worker_requests_total{account="a1",namespace="",otel_scope_name="Switchyard.Workers",outcome="exception",script="w"} 2 1733480000000
switchyard_worker_requests_total{account="a1",namespace="customers",otel_scope_name="Switchyard.Workers",outcome="ok",script="w"} 7
switchyard_worker_requests_total{account="other",namespace="",outcome="ok",script="w"} 100
switchyard_worker_cpu_time_seconds_bucket{account="a1",namespace="",script="w",le="0.001"} 4
switchyard_worker_cpu_time_seconds_bucket{account="a1",namespace="",script="w",le="0.01"} 6
switchyard_worker_cpu_time_seconds_bucket{account="a1",namespace="",script="w",le="+Inf"} 7
switchyard_worker_cpu_time_seconds_sum{account="a1",namespace="",script="w"} 0.02
process_runtime_dotnet_gc_collections_count_total{generation="gen0"} 3
`;

test("parses names, labels, values and skips comments", () => {
  const samples = parsePrometheusText(scrape);
  assert.equal(samples.length, 9);
  assert.deepEqual(samples[0], {
    name: "switchyard_worker_requests_total",
    labels: { account: "a1", namespace: "", otel_scope_name: "Switchyard.Workers", outcome: "ok", script: "w" },
    value: 5,
  });
  assert.equal(samples[8].value, 3);
});

test("unescapes label values and reads special values", () => {
  assert.deepEqual(parseSampleLine('m{a="x\\"y\\\\z\\n"} +Inf').labels, { a: 'x"y\\z\n' });
  assert.equal(parseSampleLine("m 1.5e3").value, 1500);
  assert.ok(Number.isNaN(parseSampleLine("m NaN").value));
  assert.equal(parseSampleLine('m{a="unterminated} 1'), null);
  assert.equal(parseSampleLine("m"), null);
  assert.equal(parseSampleLine("{} 1"), null);
});

test("collects one account's requests by outcome and CPU buckets per script", () => {
  const stats = workerStats(parsePrometheusText(scrape), "a1");
  assert.deepEqual([...stats.keys()].sort(), [scriptKey("", "w"), scriptKey("customers", "w")]);
  const w = stats.get(scriptKey("", "w"));
  assert.deepEqual(w.requests, { ok: 5, exception: 2 });
  assert.equal(totalRequests(w.requests), 7);
  assert.equal(errorRequests(w.requests), 2);
  assert.deepEqual(w.cpuBuckets, [{ le: 0.001, count: 4 }, { le: 0.01, count: 6 }, { le: Infinity, count: 7 }]);
  assert.equal(stats.get(scriptKey("customers", "w")).requests.ok, 7);
});

test("counter rates treat a decrease as a reset", () => {
  assert.equal(counterRate(10, 14, 2), 2);
  assert.equal(counterIncrease(10, 3), 3);
  assert.equal(counterIncrease(undefined, 3), 0);
  assert.equal(counterRate(1, 2, 0), 0);
});

test("histogram quantiles interpolate like histogram_quantile()", () => {
  const buckets = [{ le: 0.001, count: 4 }, { le: 0.01, count: 6 }, { le: Infinity, count: 7 }];
  assert.equal(histogramQuantile(0.5, buckets), 0.001 * (3.5 / 4));
  // rank 6.93 falls in +Inf: the highest finite bound
  assert.equal(histogramQuantile(0.99, buckets), 0.01);
  // rank 5 lies half-way through the second bucket
  assert.ok(Math.abs(histogramQuantile(5 / 7, buckets) - 0.0055) < 1e-12);
  assert.equal(histogramQuantile(0.5, [{ le: 1, count: 0 }, { le: Infinity, count: 0 }]), null);
  assert.equal(histogramQuantile(0.5, []), null);
});

test("bucket increases are taken per bound", () => {
  const before = [{ le: 0.001, count: 4 }, { le: Infinity, count: 5 }];
  const after = [{ le: 0.001, count: 6 }, { le: Infinity, count: 9 }];
  assert.deepEqual(bucketIncrease(before, after), [{ le: 0.001, count: 2 }, { le: Infinity, count: 4 }]);
  assert.deepEqual(bucketIncrease(undefined, after), after);
});
