// setTimeout/setInterval/clearTimeout/clearInterval, queueMicrotask and Workers' scheduler.wait, over the host's
// one-shot timer: `timer(id, delayMs)` resolves true when it fires or false once `cancelTimer(id)` cancelled it.
import { callHost } from "./host.js";
import { DOMException } from "./domexception.js";
import { defineInterface, isObject, toLong } from "./webidl.js";

let reportError = (error) => { throw error; };
export function setTimerErrorReporter(reporter) { reportError = reporter; }

let nextTimerId = 1;     // ids handed to worker code
let nextHostTimerId = 1; // ids handed to the host, one per scheduled firing
const activeTimers = new Map();

// Firings scheduled and not yet run, by host id. The host's timers are independent, so under load one with a later
// deadline can complete first; HTML requires that a timer never runs before timers set earlier with an equal or
// shorter timeout. So a firing whose host timer completed waits ("ready") until every firing due before it has run.
const pendingFirings = new Map();

function hostTimer(delay, onFire) {
  const hostId = nextHostTimerId++;
  pendingFirings.set(hostId, { deadline: callHost("now") + delay, onFire, ready: false });
  Promise.resolve(callHost("timer", hostId, delay)).then(
    (fired) => {
      const firing = pendingFirings.get(hostId);
      if (fired === false || firing === undefined) return;
      firing.ready = true;
      runReadyFirings();
    },
    (error) => { pendingFirings.delete(hostId); reportError(error); },
  );
  return hostId;
}

/** Runs firings in (deadline, scheduling order) while the earliest pending one is ready. */
function runReadyFirings() {
  for (;;) {
    let firstId = 0, first;
    for (const [id, firing] of pendingFirings) {
      if (first === undefined || firing.deadline < first.deadline) { firstId = id; first = firing; }
    }
    if (first === undefined || !first.ready) return;
    pendingFirings.delete(firstId);
    first.onFire();
  }
}

function cancelHostTimer(hostId) {
  pendingFirings.delete(hostId);
  callHost("cancelTimer", hostId);
  runReadyFirings(); // a ready firing may have been waiting only for this one
}

function normaliseDelay(timeout) {
  const ms = toLong(timeout);
  return ms > 0 ? ms : 0;
}

function startTimer(handler, timeout, args, repeat, name) {
  if (typeof handler !== "function") {
    throw new TypeError(`Failed to execute '${name}': the handler must be a function (code strings are not evaluated).`);
  }
  const id = nextTimerId++;
  const entry = { handler, args, repeat, delay: normaliseDelay(timeout), hostId: 0 };
  const fire = () => {
    if (activeTimers.get(id) !== entry) return;
    if (!entry.repeat) activeTimers.delete(id);
    try {
      Reflect.apply(entry.handler, globalThis, entry.args);
    } catch (error) {
      reportError(error);
    }
    if (entry.repeat && activeTimers.get(id) === entry) entry.hostId = hostTimer(entry.delay, fire);
  };
  activeTimers.set(id, entry);
  entry.hostId = hostTimer(entry.delay, fire);
  return id;
}

function stopTimer(id) {
  const key = toLong(id);
  const entry = activeTimers.get(key);
  if (entry === undefined) return;
  activeTimers.delete(key);
  cancelHostTimer(entry.hostId);
}

export function setTimeout(handler, timeout = 0, ...args) {
  return startTimer(handler, timeout, args, false, "setTimeout");
}

export function setInterval(handler, timeout = 0, ...args) {
  return startTimer(handler, timeout, args, true, "setInterval");
}

export function clearTimeout(id = 0) { stopTimer(id); }
export function clearInterval(id = 0) { stopTimer(id); }

/** Runs `callback` after `delay` ms for runtime internals (AbortSignal.timeout); returns a cancel function. */
export function scheduleInternalTimer(delay, callback) {
  let live = true;
  const hostId = hostTimer(normaliseDelay(delay), () => { if (live) { live = false; callback(); } });
  return () => {
    if (!live) return;
    live = false;
    cancelHostTimer(hostId);
  };
}

const resolved = Promise.resolve();
export function queueMicrotask(callback) {
  if (arguments.length < 1) throw new TypeError("Failed to execute 'queueMicrotask': 1 argument required, but only 0 present.");
  if (typeof callback !== "function") throw new TypeError("Failed to execute 'queueMicrotask': parameter 1 is not of type 'Function'.");
  resolved.then(() => {
    try {
      callback();
    } catch (error) {
      reportError(error);
    }
  });
}

/** Workers' `scheduler` global: `await scheduler.wait(ms, { signal })`. */
export class Scheduler {
  constructor(key) {
    if (key !== SCHEDULER_KEY) throw new TypeError("Illegal constructor");
  }

  wait(delay, options = undefined) {
    const signal = isObject(options) ? options.signal : undefined;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason ?? new DOMException("This operation was aborted", "AbortError"));
        return;
      }
      const onAbort = () => { cancel(); reject(signal.reason); };
      const cancel = scheduleInternalTimer(delay, () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
const SCHEDULER_KEY = Symbol("Scheduler");
defineInterface(Scheduler);
export const scheduler = new Scheduler(SCHEDULER_KEY);
