import { useState } from "preact/hooks";
import { scriptPath } from "../api.js";
import { useLoad } from "./useLoad.js";
import { Status, formatTime } from "./Status.jsx";
import { Tags } from "./ScriptList.jsx";
import { LiveCharts } from "./LiveCharts.jsx";
import { TailView } from "./TailView.jsx";

/** One script: live charts, settings (tags, bindings), versions and deployments; or its live tail. */
export function ScriptView({ api, accountId, namespace, script, onBack }) {
  const [tab, setTab] = useState("overview");
  return (
    <section>
      <button class="link back" onClick={onBack}>← {namespace ? `Namespace ${namespace}` : "Account workers"}</button>
      <div class="heading">
        <h1><code>{script}</code>{namespace && <span class="muted small"> in namespace {namespace}</span>}</h1>
      </div>
      <div class="tabs" role="tablist">
        <button role="tab" aria-selected={tab === "overview"} onClick={() => setTab("overview")}>Overview</button>
        <button role="tab" aria-selected={tab === "tail"} onClick={() => setTab("tail")}>Live tail</button>
      </div>
      {tab === "overview"
        ? <Overview api={api} accountId={accountId} namespace={namespace} script={script} />
        // Mounted only while its tab is shown: leaving the tab ends the tail session.
        : <TailView api={api} accountId={accountId} namespace={namespace} script={script} />}
    </section>
  );
}

function Overview({ api, accountId, namespace, script }) {
  const base = scriptPath(accountId, namespace, script);
  const settings = useLoad(() => api.get(`${base}/settings`), [api, base]);
  const versions = useLoad(() => api.get(`${base}/versions?per_page=20`), [api, base]);
  const deployments = useLoad(() => api.get(`${base}/deployments`), [api, base]);
  const schedules = useLoad(() => api.get(`${base}/schedules`), [api, base]);
  return (
    <>
      <LiveCharts accountId={accountId} namespace={namespace} script={script} />
      <div class="grid2">
        <div class="card">
          <h2>Settings</h2>
          <Status state={settings} what="settings" />
          {settings.data && (
            <dl class="facts">
              <dt>Tags</dt><dd><Tags tags={settings.data.tags} /></dd>
              <dt>Compatibility</dt>
              <dd>{settings.data.compatibility_date} {(settings.data.compatibility_flags ?? []).map((f) => <span class="tag">{f}</span>)}</dd>
              <dt>CPU limit</dt><dd>{settings.data.limits?.cpu_ms ? `${settings.data.limits.cpu_ms} ms` : "default"}</dd>
              <dt>Cron triggers</dt><dd><Crons schedules={schedules} /></dd>
            </dl>
          )}
          <h2>Bindings</h2>
          {settings.data && <Bindings bindings={settings.data.bindings ?? []} />}
        </div>
        <div class="card">
          <h2>Deployments</h2>
          <Status state={deployments} what="deployments" />
          {deployments.data && <Deployments deployments={deployments.data.deployments ?? []} />}
          <h2>Versions</h2>
          <Status state={versions} what="versions" />
          {versions.data && <Versions versions={versions.data.items ?? []} />}
        </div>
      </div>
    </>
  );
}

function Crons({ schedules }) {
  if (schedules.error) return <span class="error">{schedules.error.message}</span>;
  const crons = schedules.data?.schedules ?? [];
  if (crons.length === 0) return <span class="muted">{schedules.loading ? "…" : "none"}</span>;
  return <span class="tags">{crons.map((c) => <code class="tag" title="UTC">{c.cron}</code>)}</span>;
}

/** What a binding points at, whatever its type (values of secrets are never returned by the API). */
function target(b) {
  const { name, type, ...rest } = b;
  const parts = Object.entries(rest)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${k}: ${v}`);
  return parts.join(", ");
}

function Bindings({ bindings }) {
  if (bindings.length === 0) return <p class="muted">No bindings.</p>;
  return (
    <table class="list" aria-label="Bindings">
      <thead><tr><th>Name</th><th>Type</th><th>Target</th></tr></thead>
      <tbody>{bindings.map((b) => <tr key={b.name}><td><code>{b.name}</code></td><td>{b.type}</td><td class="wrap">{target(b)}</td></tr>)}</tbody>
    </table>
  );
}

function Deployments({ deployments }) {
  if (deployments.length === 0) return <p class="muted">No deployments.</p>;
  return (
    <table class="list" aria-label="Deployments">
      <thead><tr><th>Created</th><th>Source</th><th>Versions</th></tr></thead>
      <tbody>
        {deployments.slice(0, 10).map((d) => (
          <tr key={d.id}>
            <td>{formatTime(d.created_on)}</td>
            <td>{d.source}</td>
            <td>{(d.versions ?? []).map((v) => <div><code>{v.version_id.slice(0, 8)}</code> {v.percentage}%</div>)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Versions({ versions }) {
  if (versions.length === 0) return <p class="muted">No versions.</p>;
  return (
    <table class="list" aria-label="Versions">
      <thead><tr><th>#</th><th>Version</th><th>Created</th><th>Source</th><th>Message</th></tr></thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.id}>
            <td>{v.number}</td>
            <td><code title={v.id}>{v.id.slice(0, 8)}</code></td>
            <td>{formatTime(v.metadata?.created_on)}</td>
            <td>{v.metadata?.source}</td>
            <td>{v.annotations?.["workers/message"] ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
