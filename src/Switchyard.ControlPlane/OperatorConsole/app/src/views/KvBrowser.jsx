import { useEffect, useState } from "preact/hooks";
import { path } from "../api.js";
import { useLoad } from "./useLoad.js";
import { Status } from "./Status.jsx";

const PAGE = 100;

/** KV namespaces → keys (a page at a time, by cursor, with a prefix filter) → one value. Read-only. */
export function KvBrowser({ api, accountId }) {
  const namespaces = useLoad(() => api.get(path`/accounts/${accountId}/storage/kv/namespaces?per_page=100`), [api, accountId]);
  const [selected, setSelected] = useState(null);
  return (
    <section>
      <div class="heading"><h1>KV</h1></div>
      <Status state={namespaces} what="KV namespaces" />
      {namespaces.data?.length === 0 && <p class="muted">No KV namespaces.</p>}
      <div class="kv">
        <ul class="kv-namespaces" aria-label="KV namespaces">
          {(namespaces.data ?? []).map((ns) => (
            <li key={ns.id}>
              <button class={selected?.id === ns.id ? "nav active" : "nav"} onClick={() => setSelected(ns)}>
                {ns.title} <span class="muted small">{ns.id}</span>
              </button>
            </li>
          ))}
        </ul>
        {selected && <Keys key={selected.id} api={api} accountId={accountId} namespace={selected} />}
      </div>
    </section>
  );
}

function Keys({ api, accountId, namespace }) {
  const [prefix, setPrefix] = useState("");
  const [filter, setFilter] = useState("");
  const [keys, setKeys] = useState([]);
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(null);
  const base = path`/accounts/${accountId}/storage/kv/namespaces/${namespace.id}`;

  const load = async (from, replace) => {
    setBusy(true);
    setError(null);
    try {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (filter) query.set("prefix", filter);
      if (from) query.set("cursor", from);
      const { result, resultInfo } = await api.call("GET", `${base}/keys?${query}`);
      setKeys((old) => (replace ? result : [...old, ...result]));
      setCursor(resultInfo?.cursor || null);
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => { setOpen(null); load(null, true); }, [base, filter]);

  return (
    <div class="kv-keys card">
      <form class="inline" onSubmit={(e) => { e.preventDefault(); setFilter(prefix); }}>
        <input aria-label="Key prefix" placeholder="Key prefix" value={prefix} onInput={(e) => setPrefix(e.currentTarget.value)} />
        <button type="submit">Filter</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      <table class="list" aria-label="Keys">
        <thead><tr><th>Key</th><th>Expires</th></tr></thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.name} class={open === k.name ? "selected" : ""}>
              <td><button class="link" onClick={() => setOpen(k.name)}>{k.name}</button></td>
              <td>{k.expiration ? new Date(k.expiration * 1000).toISOString() : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {keys.length === 0 && !busy && !error && <p class="muted">No keys{filter ? ` starting with “${filter}”` : ""}.</p>}
      {cursor && <button disabled={busy} onClick={() => load(cursor, false)}>Load more</button>}
      {open !== null && <Value api={api} base={base} name={open} />}
    </div>
  );
}

function Value({ api, base, name }) {
  const value = useLoad(async () => {
    const [bytes, metadata] = await Promise.all([
      api.getBytes(`${base}/values/${encodeURIComponent(name)}`),
      api.get(`${base}/metadata/${encodeURIComponent(name)}`).catch(() => null),
    ]);
    return { bytes, metadata };
  }, [api, base, name]);
  return (
    <div class="kv-value">
      <h2>Value of <code>{name}</code></h2>
      <Status state={value} what="the value" />
      {value.data && <>
        <pre class="value">{describe(value.data.bytes)}</pre>
        {value.data.metadata != null && <><h2>Metadata</h2><pre class="value">{JSON.stringify(value.data.metadata, null, 2)}</pre></>}
      </>}
    </div>
  );
}

/** UTF-8 text as it is (pretty-printed when it is JSON); anything else as its size and leading bytes in hex. */
function describe(bytes) {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
  } catch {
    const hex = [...bytes.slice(0, 64)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    return `${bytes.length} bytes of binary data: ${hex}${bytes.length > 64 ? " …" : ""}`;
  }
}
