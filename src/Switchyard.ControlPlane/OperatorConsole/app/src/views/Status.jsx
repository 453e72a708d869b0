/** Loading and error states of a `useLoad` result, shown the same way everywhere. */
export function Status({ state, what }) {
  if (state.error) return <p class="error" role="alert">Could not load {what}: {state.error.message}</p>;
  if (state.loading && state.data === null) return <p class="muted">Loading {what}…</p>;
  return null;
}

export function formatTime(value) {
  if (!value) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}
