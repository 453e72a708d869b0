// Where the console keeps the API token: sessionStorage (this tab only, gone when it closes). `/#token=<token>` signs
// in for scripts and tests; the fragment never reaches the server, and it is removed from the address bar at once so
// it does not linger in history or get copied along with the URL.
const KEY = "switchyard.console.token";

/** Moves a `#token=` fragment into sessionStorage and clears it from the URL. Returns true if there was one. */
export function adoptTokenFromHash() {
  const match = /^#(?:.*&)?token=([^&]*)/.exec(window.location.hash);
  if (match === null) return false;
  const token = decodeURIComponent(match[1]);
  history.replaceState(null, "", window.location.pathname + window.location.search);
  if (token !== "") sessionStorage.setItem(KEY, token);
  return token !== "";
}

export function storedToken() {
  return sessionStorage.getItem(KEY);
}

export function storeToken(token) {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
}
