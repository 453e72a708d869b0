import { useEffect, useState, useCallback } from "preact/hooks";

/**
 * Runs an async loader when `deps` change and tracks its state. Answers of a superseded load are dropped, so a fast
 * click through scripts never shows the previous one's data. Returns `{ data, error, loading, reload }`.
 */
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error) => current && setState({ data: null, error, loading: false }),
    );
    return () => { current = false; };
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
