// AbortController and AbortSignal (DOM Standard §3.1-3.2), including AbortSignal.abort/timeout/any.
import { DOMException } from "./domexception.js";
import { EventTarget, Event, defineEventHandler, markTrusted, setAbortSignalHooks } from "./events.js";
import { defineInterface, requiredArguments, toUnsignedLong } from "./webidl.js";
import { scheduleInternalTimer } from "./timers.js";

const ILLEGAL = Symbol("AbortSignal construction");

export class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  #algorithms = new Set();
  // For dependent signals made by AbortSignal.any(): the sources they follow.
  #dependent = false;
  #sourceSignals = [];
  #dependentSignals = [];

  constructor(key = undefined) {
    if (key !== ILLEGAL) throw new TypeError("Illegal constructor");
    super();
  }

  static abort(reason = undefined) {
    const signal = new AbortSignal(ILLEGAL);
    signal.#aborted = true;
    signal.#reason = reason !== undefined ? reason : new DOMException("This operation was aborted", "AbortError");
    return signal;
  }

  static timeout(milliseconds) {
    requiredArguments(arguments.length, 1, "Failed to execute 'timeout' on 'AbortSignal'");
    const ms = toUnsignedLong(milliseconds, { enforceRange: true }, "AbortSignal.timeout: milliseconds");
    const signal = new AbortSignal(ILLEGAL);
    scheduleInternalTimer(ms, () => {
      signalAbort(signal, new DOMException("The operation timed out.", "TimeoutError"));
    });
    return signal;
  }

  static any(signals) {
    requiredArguments(arguments.length, 1, "Failed to execute 'any' on 'AbortSignal'");
    const list = [...signals];
    for (const s of list) {
      if (!isAbortSignal(s)) throw new TypeError("Failed to execute 'any' on 'AbortSignal': member is not of type AbortSignal.");
    }
    const result = new AbortSignal(ILLEGAL);
    for (const s of list) {
      if (s.#aborted) {
        result.#aborted = true;
        result.#reason = s.#reason;
        return result;
      }
    }
    result.#dependent = true;
    for (const s of list) {
      const sources = s.#dependent ? s.#sourceSignals : [s];
      for (const source of sources) {
        if (result.#sourceSignals.includes(source)) continue;
        result.#sourceSignals.push(source);
        source.#dependentSignals.push(result);
      }
    }
    return result;
  }

  get aborted() { return this.#aborted; }
  get reason() { return this.#reason; }

  throwIfAborted() {
    if (this.#aborted) throw this.#reason;
  }

  static isAbortSignal(value) { return typeof value === "object" && value !== null && #aborted in value; }

  static addAlgorithm(signal, algorithm) {
    if (signal.#aborted) return;
    signal.#algorithms.add(algorithm);
  }

  static removeAlgorithm(signal, algorithm) { signal.#algorithms.delete(algorithm); }

  static signalAbort(signal, reason) {
    if (signal.#aborted) return;
    signal.#aborted = true;
    signal.#reason = reason !== undefined ? reason : new DOMException("This operation was aborted", "AbortError");
    const dependents = [];
    for (const dependent of signal.#dependentSignals) {
      if (dependent.#aborted) continue;
      dependent.#aborted = true;
      dependent.#reason = signal.#reason;
      dependents.push(dependent);
    }
    runAbortSteps(signal);
    for (const dependent of dependents) runAbortSteps(dependent);
  }

  static runAlgorithms(signal) {
    const algorithms = [...signal.#algorithms];
    signal.#algorithms.clear();
    for (const algorithm of algorithms) algorithm();
  }
}

const isAbortSignal = AbortSignal.isAbortSignal;
const addAlgorithm = AbortSignal.addAlgorithm;
const removeAlgorithm = AbortSignal.removeAlgorithm;
const signalAbort = AbortSignal.signalAbort;
const runAlgorithms = AbortSignal.runAlgorithms;
for (const key of ["isAbortSignal", "addAlgorithm", "removeAlgorithm", "signalAbort", "runAlgorithms"]) delete AbortSignal[key];

function runAbortSteps(signal) {
  runAlgorithms(signal);
  signal.dispatchEvent(markTrusted(new Event("abort")));
}

defineInterface(AbortSignal);
defineEventHandler(AbortSignal.prototype, "abort");
setAbortSignalHooks(isAbortSignal, (signal, fn) => addAlgorithm(signal, fn));

export { isAbortSignal, addAlgorithm as addAbortAlgorithm, removeAlgorithm as removeAbortAlgorithm, signalAbort };

export class AbortController {
  #signal = new AbortSignal(ILLEGAL);
  constructor() {}
  get signal() { return this.#signal; }
  abort(reason = undefined) { signalAbort(this.#signal, reason); }
}
defineInterface(AbortController);
