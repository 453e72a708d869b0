// A reader of Prometheus' text exposition format (0.0.4), enough for the /metrics of Switchyard's API listener, and
// the arithmetic the console does on it (counter rates, histogram quantiles). Pure functions: test/prometheus.test.mjs
// runs them under `node --test`.

/**
 * Parses exposition text into samples `{ name, labels, value }`. Comment lines (# HELP, # TYPE) and blank lines are
 * skipped; a line that does not parse is skipped too, so one odd series cannot blank the whole console.
 */
export function parsePrometheusText(text) {
  const samples = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const sample = parseSampleLine(line);
    if (sample !== null) samples.push(sample);
  }
  return samples;
}

/** One sample line: `name{a="x",b="y"} value [timestamp]`, or `name value [timestamp]`. Null if malformed. */
export function parseSampleLine(line) {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (nameMatch === null) return null;
  const name = nameMatch[0];
  let at = name.length;
  const labels = {};
  if (line[at] === "{") {
    at++;
    for (;;) {
      while (line[at] === " " || line[at] === ",") at++;
      if (line[at] === "}") { at++; break; }
      const labelMatch = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(line.slice(at));
      if (labelMatch === null) return null;
      at += labelMatch[0].length;
      // Label values escape only backslash, double quote and newline.
      let value = "";
      for (;;) {
        if (at >= line.length) return null;
        const c = line[at++];
        if (c === '"') break;
        if (c === "\\") {
          const next = line[at++];
          value += next === "n" ? "\n" : next;
        } else {
          value += c;
        }
      }
      labels[labelMatch[1]] = value;
    }
  }
  const rest = line.slice(at).trim().split(/\s+/);
  if (rest.length < 1 || rest[0] === "") return null;
  const value = parseValue(rest[0]);
  if (Number.isNaN(value) && rest[0] !== "NaN") return null;
  return { name, labels, value };
}

function parseValue(text) {
  switch (text) {
    case "+Inf": case "Inf": return Infinity;
    case "-Inf": return -Infinity;
    case "NaN": return NaN;
    default: return text.trim() === "" ? NaN : Number(text);
  }
}

/** The key that identifies one script across samples: its dispatch namespace ("" for account scripts) and name. */
export function scriptKey(namespace, script) {
  return `${namespace ?? ""}/${script}`;
}

/**
 * Per-script totals of one scrape, for one account: `Map<scriptKey, { requests: {outcome: count}, cpuBuckets:
 * [{le, count}] }>`. Series of other accounts are left out (the console shows the signed-in account only).
 */
export function workerStats(samples, accountId) {
  const stats = new Map();
  const entry = (labels) => {
    const key = scriptKey(labels.namespace, labels.script);
    let s = stats.get(key);
    if (s === undefined) {
      s = { namespace: labels.namespace ?? "", script: labels.script, requests: {}, cpuBuckets: new Map() };
      stats.set(key, s);
    }
    return s;
  };
  for (const { name, labels, value } of samples) {
    if (labels.account !== accountId || labels.script === undefined) continue;
    if (name === "switchyard_worker_requests_total") {
      const s = entry(labels);
      const outcome = labels.outcome ?? "";
      s.requests[outcome] = (s.requests[outcome] ?? 0) + value;
    } else if (name === "switchyard_worker_cpu_time_seconds_bucket" && labels.le !== undefined) {
      const s = entry(labels);
      const le = parseValue(labels.le);
      s.cpuBuckets.set(le, (s.cpuBuckets.get(le) ?? 0) + value);
    }
  }
  for (const s of stats.values()) {
    s.cpuBuckets = [...s.cpuBuckets.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
  }
  return stats;
}

/** All invocations of a requests-by-outcome map. */
export function totalRequests(requests) {
  return Object.values(requests ?? {}).reduce((sum, n) => sum + n, 0);
}

/** Invocations that did not end `ok` (exceptions, limit overruns, cancellations). */
export function errorRequests(requests) {
  return Object.entries(requests ?? {}).reduce((sum, [outcome, n]) => (outcome === "ok" ? sum : sum + n), 0);
}

/**
 * How much a counter grew between two scrapes. A counter that went down was reset (the server restarted), so
 * its current value is the growth since then, as Prometheus' rate() assumes.
 */
export function counterIncrease(previous, current) {
  if (previous === undefined || previous === null) return 0;
  return current >= previous ? current - previous : current;
}

/** Per-second rate of a counter between two scrapes `seconds` apart. */
export function counterRate(previous, current, seconds) {
  return seconds > 0 ? counterIncrease(previous, current) / seconds : 0;
}

/** Bucket-wise growth of a cumulative histogram between two scrapes (buckets matched by `le`). */
export function bucketIncrease(previous, current) {
  const before = new Map((previous ?? []).map((b) => [b.le, b.count]));
  return current.map((b) => ({ le: b.le, count: counterIncrease(before.get(b.le) ?? 0, b.count) }));
}

/**
 * The q-quantile (0..1) of cumulative buckets sorted by `le`, by Prometheus' histogram_quantile(): linear
 * interpolation inside the bucket the rank falls in, the first bucket starting at 0; a rank in the +Inf bucket gives
 * the highest finite bound. Null when the buckets hold no observations.
 */
export function histogramQuantile(q, buckets) {
  if (buckets.length === 0) return null;
  const total = buckets[buckets.length - 1].count;
  if (!(total > 0)) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (le === Infinity) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket > 0 ? lowerBound + (le - lowerBound) * ((rank - lowerCount) / inBucket) : le;
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}
