import { useEffect, useState } from "preact/hooks";
import { TailSession } from "../tail.js";

const MAX_EVENTS = 500;

/** The live tail of one script: a tail session for as long as this view is mounted, newest event first. */
export function TailView({ api, accountId, namespace, script }) {
  const [events, setEvents] = useState([]);
  const [state, setState] = useState({ state: "connecting", message: null });
  // Bumped by "Reconnect": a new tail session (the old one is gone once its socket closed or it expired).
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let seq = 0;
    const session = new TailSession(api, accountId, namespace, script,
      (event) => setEvents((list) => [{ seq: seq++, event }, ...list].slice(0, MAX_EVENTS)),
      (s, message) => setState({ state: s, message: message ?? null }));
    session.start();
    return () => session.stop();
  }, [api, accountId, namespace, script, attempt]);

  return (
    <div class="card">
      <div class="heading">
        <h2>Live tail</h2>
        <span class={`pill ${state.state}`} data-testid="tail-state">
          {state.state === "open" ? "Connected" : state.state === "connecting" ? "Connecting…" : "Disconnected"}
        </span>
        {state.state === "closed" && <button onClick={() => setAttempt((n) => n + 1)}>Reconnect</button>}
        <button onClick={() => setEvents([])}>Clear</button>
      </div>
      {state.message && <p class="error" role="alert">{state.message}</p>}
      {events.length === 0 && state.state === "open" && <p class="muted">Waiting for requests to {script}…</p>}
      <ol class="tail" aria-label="Tail events">
        {events.map(({ seq, event }) => <TailEvent key={seq} event={event} />)}
      </ol>
    </div>
  );
}

function TailEvent({ event }) {
  const request = event.event?.request;
  const status = event.event?.response?.status;
  const failed = event.outcome !== "ok" || (status ?? 0) >= 500;
  return (
    <li class={failed ? "event failed" : "event"}>
      <div class="event-line">
        <time>{clock(event.eventTimestamp)}</time>
        <span class="method">{request?.method ?? (event.event?.cron ? "cron" : "event")}</span>
        <span class="url">{request?.url ?? event.event?.cron ?? ""}</span>
        <span class="status">{status ?? ""}</span>
        <span class="outcome">{event.outcome}</span>
      </div>
      {(event.logs ?? []).map((log) => (
        <div class={`log level-${log.level}`}>
          <time>{clock(log.timestamp)}</time> <span class="level">{log.level}</span> {formatMessage(log.message)}
        </div>
      ))}
      {(event.exceptions ?? []).map((ex) => (
        <div class="exception">
          <time>{clock(ex.timestamp)}</time> {ex.name}: {ex.message}
          {stackFrames(ex) && <pre>{stackFrames(ex)}</pre>}
        </div>
      ))}
    </li>
  );
}

/** console.log's arguments as wrangler's pretty format prints them: strings as they are, the rest as JSON. */
function formatMessage(message) {
  const parts = Array.isArray(message) ? message : [message];
  return parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
}

/** A stack's frames: V8 starts a stack with "Name: message", which the line above already shows. */
function stackFrames(ex) {
  if (!ex.stack) return "";
  const head = `${ex.name}: ${ex.message}`;
  return (ex.stack.startsWith(head + "\n") ? ex.stack.slice(head.length + 1) : ex.stack).trimEnd();
}

function clock(ms) {
  if (typeof ms !== "number") return "";
  return new Date(ms).toISOString().slice(11, 23);
}
