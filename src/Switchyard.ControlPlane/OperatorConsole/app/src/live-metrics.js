// Polls GET /metrics (Prometheus text, no token needed) every 2 s and turns consecutive scrapes into per-second
// rates and CPU quantiles for one script. History lives only in the page: the server keeps counters, not series.
import {
  parsePrometheusText, workerStats, scriptKey, totalRequests, errorRequests, counterRate, bucketIncrease, histogramQuantile,
} from "./prometheus.js";

export const POLL_MS = 2000;
const MAX_POINTS = 150; // five minutes at one point per poll

export class LiveMetrics {
  constructor(accountId, namespace, script, onUpdate) {
    this.accountId = accountId;
    this.key = scriptKey(namespace, script);
    this.onUpdate = onUpdate;
    this.previous = null; // { t, requests, errors, cpuBuckets }
    this.points = { t: [], rps: [], eps: [], p50: [], p99: [] };
    this.latest = { total: null, errors: null, rps: null, eps: null, p50: null, p99: null, error: null };
    this.timer = null;
  }

  start() {
    const tick = async () => {
      await this.poll();
      if (this.timer !== null) this.timer = setTimeout(tick, POLL_MS);
    };
    this.timer = setTimeout(tick, 0);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  async poll() {
    const stopped = () => this.timer === null;
    let text;
    try {
      const response = await fetch("/metrics", { cache: "no-store", credentials: "omit" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    } catch (error) {
      // A scrape that ends after the view closed must not draw into its destroyed charts.
      if (stopped()) return;
      this.latest = { ...this.latest, error: `Could not read /metrics: ${error.message}` };
      this.onUpdate(this.latest, this.points);
      return;
    }
    if (stopped()) return;
    this.add(Date.now() / 1000, workerStats(parsePrometheusText(text), this.accountId).get(this.key));
    this.onUpdate(this.latest, this.points);
  }

  /** Adds one scrape (`stats` undefined: the script has no series yet, i.e. no invocations since the server started). */
  add(t, stats) {
    const current = {
      t,
      requests: totalRequests(stats?.requests),
      errors: errorRequests(stats?.requests),
      cpuBuckets: stats?.cpuBuckets ?? [],
    };
    const previous = this.previous;
    this.previous = current;
    this.latest = { ...this.latest, total: current.requests, errors: current.errors, error: null };
    if (previous === null) return;

    const seconds = t - previous.t;
    const rps = counterRate(previous.requests, current.requests, seconds);
    const eps = counterRate(previous.errors, current.errors, seconds);
    // Quantiles of the invocations that ended in this interval; none ended: no point (a gap in the chart).
    const interval = bucketIncrease(previous.cpuBuckets, current.cpuBuckets);
    const p50 = toMs(histogramQuantile(0.5, interval));
    const p99 = toMs(histogramQuantile(0.99, interval));
    this.latest = { ...this.latest, rps, eps, p50, p99 };

    const p = this.points;
    p.t.push(t); p.rps.push(rps); p.eps.push(eps); p.p50.push(p50); p.p99.push(p99);
    if (p.t.length > MAX_POINTS) for (const series of Object.values(p)) series.shift();
  }
}

function toMs(seconds) {
  return seconds === null ? null : seconds * 1000;
}
