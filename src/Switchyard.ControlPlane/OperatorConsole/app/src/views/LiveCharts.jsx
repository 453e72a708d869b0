import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import { LiveMetrics } from "../live-metrics.js";

/** Requests/s and errors/s, and CPU p50/p99, of one script, from /metrics every 2 s; with the current figures as text. */
export function LiveCharts({ accountId, namespace, script }) {
  const [latest, setLatest] = useState(null);
  const rateChart = useRef(null);
  const cpuChart = useRef(null);

  useEffect(() => {
    const charts = [
      chart(rateChart.current, "per second", [
        { label: "requests/s", stroke: "#2563eb", width: 2 },
        { label: "errors/s", stroke: "#dc2626", width: 2 },
      ]),
      chart(cpuChart.current, "CPU ms", [
        { label: "CPU p50 (ms)", stroke: "#059669", width: 2 },
        { label: "CPU p99 (ms)", stroke: "#d97706", width: 2 },
      ]),
    ];
    const live = new LiveMetrics(accountId, namespace, script, (now, points) => {
      setLatest(now);
      charts[0].setData([points.t, points.rps, points.eps]);
      charts[1].setData([points.t, points.p50, points.p99]);
    });
    live.start();
    return () => {
      live.stop();
      for (const c of charts) c.destroy();
    };
  }, [accountId, namespace, script]);

  const fmt = (n, digits = 2) => (n === null || n === undefined ? "–" : n.toFixed(digits));
  return (
    <div class="card">
      <h2>Live metrics <span class="muted small">(from /metrics every 2 s, since this page opened)</span></h2>
      {latest?.error && <p class="error" role="alert">{latest.error}</p>}
      <div class="stats">
        <Stat label="Requests (total)" id="requests-total" value={latest?.total ?? "–"} />
        <Stat label="Errors (total)" id="errors-total" value={latest?.errors ?? "–"} />
        <Stat label="Requests/s" id="requests-rate" value={fmt(latest?.rps)} />
        <Stat label="Errors/s" id="errors-rate" value={fmt(latest?.eps)} />
        <Stat label="CPU p50" id="cpu-p50" value={latest?.p50 == null ? "–" : `${fmt(latest.p50, 3)} ms`} />
        <Stat label="CPU p99" id="cpu-p99" value={latest?.p99 == null ? "–" : `${fmt(latest.p99, 3)} ms`} />
      </div>
      <div class="charts">
        <div ref={rateChart} aria-label="Requests and errors per second" />
        <div ref={cpuChart} aria-label="CPU time p50 and p99" />
      </div>
    </div>
  );
}

function Stat({ label, id, value }) {
  return (
    <div class="stat" data-testid={id}>
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
    </div>
  );
}

function chart(element, unit, series) {
  const options = {
    width: 460,
    height: 200,
    series: [{}, ...series.map((s) => ({ ...s, spanGaps: false, value: (_, v) => (v == null ? "–" : v.toFixed(3)) }))],
    axes: [{}, { label: unit, size: 60 }],
    scales: { x: { time: true }, y: { range: (_, min, max) => [0, Math.max(max ?? 0, 1)] } },
    legend: { live: false },
  };
  return new uPlot(options, [[], ...series.map(() => [])], element);
}
