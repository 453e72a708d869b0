import { Api, path } from "../api.js";
import { useLoad } from "./useLoad.js";
import { Status, formatTime } from "./Status.jsx";

/** The scripts of the account (namespace null) or of one dispatch namespace, with their tags. */
export function ScriptList({ api, accountId, namespace, onOpen }) {
  const route = namespace
    ? path`/accounts/${accountId}/workers/dispatch/namespaces/${namespace}/scripts`
    : path`/accounts/${accountId}/workers/scripts`;
  const scripts = useLoad(() => api.getAll(route), [api, route]);
  return (
    <section>
      <div class="heading">
        <h1>{namespace ? <>Namespace <code>{namespace}</code></> : "Account workers"}</h1>
        <button onClick={scripts.reload}>Refresh</button>
      </div>
      <Status state={scripts} what="scripts" />
      {scripts.data && (scripts.data.length === 0
        ? <p class="muted">No scripts yet. Deploy one with <code>wrangler deploy{namespace ? ` --dispatch-namespace ${namespace}` : ""}</code>.</p>
        : (
          <table class="list" aria-label="Scripts">
            <thead><tr><th>Script</th><th>Tags</th><th>Compatibility date</th><th>Modified</th></tr></thead>
            <tbody>
              {scripts.data.map((s) => (
                <tr key={s.id}>
                  <td><button class="link script-link" onClick={() => onOpen(s.id)}>{s.id}</button></td>
                  <td><Tags tags={s.tags} /></td>
                  <td>{s.compatibility_date}</td>
                  <td>{formatTime(s.modified_on)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

export function Tags({ tags }) {
  if (!tags || tags.length === 0) return <span class="muted">—</span>;
  return <span class="tags">{tags.map((t) => <span class="tag">{t}</span>)}</span>;
}
