import { useEffect, useMemo, useState } from "preact/hooks";
import { Api, path } from "../api.js";
import { storedToken, storeToken, forgetToken } from "../session.js";
import { SignIn } from "./SignIn.jsx";
import { ScriptList } from "./ScriptList.jsx";
import { ScriptView } from "./ScriptView.jsx";
import { KvBrowser } from "./KvBrowser.jsx";
import { useLoad } from "./useLoad.js";

/**
 * Signs in (token → GET /user/tokens/verify, then GET /accounts) and lays out the console: the account's workers,
 * its dispatch namespaces and KV in the sidebar, the chosen one in the main pane.
 */
export function App() {
  const [session, setSession] = useState({ api: null, accounts: [], error: null, busy: storedToken() !== null });

  const signIn = async (token) => {
    setSession((s) => ({ ...s, busy: true, error: null }));
    const api = new Api(token);
    try {
      const verified = await api.get("/user/tokens/verify");
      if (verified?.status && verified.status !== "active") throw new Error(`This token is ${verified.status}.`);
      const accounts = await api.get("/accounts");
      storeToken(token);
      setSession({ api, accounts: accounts ?? [], error: null, busy: false });
    } catch (error) {
      forgetToken();
      setSession({ api: null, accounts: [], error: `Sign-in failed: ${error.message}`, busy: false });
    }
  };

  useEffect(() => {
    const token = storedToken();
    if (token !== null) signIn(token);
  }, []);

  const signOut = () => {
    forgetToken();
    setSession({ api: null, accounts: [], error: null, busy: false });
  };

  if (session.api === null) return <SignIn onSubmit={signIn} error={session.error} busy={session.busy} />;
  return <Console api={session.api} accounts={session.accounts} onSignOut={signOut} />;
}

function Console({ api, accounts, onSignOut }) {
  const [accountId, setAccountId] = useState(accounts[0]?.id ?? null);
  const [nav, setNav] = useState({ view: "workers" });
  const namespaces = useLoad(
    () => (accountId ? api.get(path`/accounts/${accountId}/workers/dispatch/namespaces`) : Promise.resolve([])),
    [api, accountId]);

  const chooseAccount = (id) => { setAccountId(id); setNav({ view: "workers" }); };
  const account = useMemo(() => accounts.find((a) => a.id === accountId), [accounts, accountId]);

  return (
    <div class="layout">
      <header class="topbar">
        <span class="brand">Switchyard</span>
        <label class="account">
          Account{" "}
          <select value={accountId ?? ""} onChange={(e) => chooseAccount(e.currentTarget.value)}>
            {accounts.map((a) => <option value={a.id}>{a.name ? `${a.name} (${a.id})` : a.id}</option>)}
          </select>
        </label>
        <button class="link" onClick={onSignOut}>Sign out</button>
      </header>
      <nav class="sidebar" aria-label="Sections">
        <h2>Workers</h2>
        <NavItem active={nav.view === "workers"} onClick={() => setNav({ view: "workers" })}>Account workers</NavItem>
        <h2>Dispatch namespaces</h2>
        {namespaces.error && <p class="error small">{namespaces.error.message}</p>}
        {(namespaces.data ?? []).map((ns) => {
          const name = ns.namespace_name ?? ns.name;
          return <NavItem active={nav.view === "namespace" && nav.namespace === name}
            onClick={() => setNav({ view: "namespace", namespace: name })}>{name}</NavItem>;
        })}
        {namespaces.data?.length === 0 && <p class="muted small">None</p>}
        <h2>Storage</h2>
        <NavItem active={nav.view === "kv"} onClick={() => setNav({ view: "kv" })}>KV</NavItem>
      </nav>
      <main class="content">
        {account === undefined ? <p class="muted">This token reaches no account.</p> : <Page api={api} accountId={accountId} nav={nav} setNav={setNav} />}
      </main>
    </div>
  );
}

function Page({ api, accountId, nav, setNav }) {
  switch (nav.view) {
    case "workers":
    case "namespace":
      // Keyed by namespace: another namespace's list starts empty instead of showing the previous one while it loads.
      return <ScriptList key={nav.namespace ?? ""} api={api} accountId={accountId} namespace={nav.namespace ?? null}
        onOpen={(name) => setNav({ view: "script", namespace: nav.namespace ?? null, script: name, back: nav })} />;
    case "script":
      return <ScriptView key={`${nav.namespace}/${nav.script}`} api={api} accountId={accountId} namespace={nav.namespace}
        script={nav.script} onBack={() => setNav(nav.back)} />;
    case "kv":
      return <KvBrowser api={api} accountId={accountId} />;
    default:
      return null;
  }
}

function NavItem({ active, onClick, children }) {
  return <button class={active ? "nav active" : "nav"} aria-current={active ? "page" : undefined} onClick={onClick}>{children}</button>;
}
