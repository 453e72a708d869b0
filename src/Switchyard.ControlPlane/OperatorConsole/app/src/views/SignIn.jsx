import { useState } from "preact/hooks";

/** The token form. The token is checked by the caller (GET /user/tokens/verify) before it is kept. */
export function SignIn({ onSubmit, error, busy }) {
  const [token, setToken] = useState("");
  const submit = (e) => {
    e.preventDefault();
    if (token.trim() !== "") onSubmit(token.trim());
  };
  return (
    <main class="signin">
      <form onSubmit={submit} class="card">
        <h1>Switchyard console</h1>
        <p class="muted">Sign in with an API token (the one <code>switchyard serve</code> printed, or one made with
          <code> switchyard token create</code>).</p>
        <label for="token">API token</label>
        {/* No name attribute: were the form ever submitted natively, the token would not go into the URL. */}
        <input id="token" type="password" autocomplete="off" value={token}
          onInput={(e) => setToken(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
        {error && <p class="error" role="alert">{error}</p>}
      </form>
    </main>
  );
}
