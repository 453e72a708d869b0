// Event, EventTarget and CustomEvent (DOM Standard §2). Targets have no parents here, so dispatch has a single
// AT_TARGET phase; capture listeners still run before non-capture ones, as the "inner invoke" order requires.
import { DOMException } from "./domexception.js";
import { defineConstants, defineInterface, isObject, requiredArguments, toDOMString } from "./webidl.js";

const PHASES = { NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 };

let reportListenerError = (error) => { throw error; };
/** Where exceptions thrown by listeners go (they never propagate out of dispatchEvent). */
export function setListenerErrorReporter(reporter) { reportListenerError = reporter; }

let nowForTimeStamp = () => 0;
export function setEventClock(clock) { nowForTimeStamp = clock; }

const trusted = new WeakSet();

function isTrustedGetter() { return trusted.has(this); }

export class Event {
  #type;
  #bubbles;
  #cancelable;
  #composed;
  #target = null;
  #currentTarget = null;
  #phase = 0;
  #canceled = false;
  #stopPropagation = false;
  #stopImmediate = false;
  #inPassiveListener = false;
  #dispatching = false;
  #initialized = true;
  #timeStamp;

  constructor(type, eventInitDict = undefined) {
    requiredArguments(arguments.length, 1, "Failed to construct 'Event'");
    this.#type = toDOMString(type);
    const init = eventInitDict ?? {};
    if (!isObject(init)) throw new TypeError("Failed to construct 'Event': the event init is not an object.");
    this.#bubbles = Boolean(init.bubbles);
    this.#cancelable = Boolean(init.cancelable);
    this.#composed = Boolean(init.composed);
    this.#timeStamp = nowForTimeStamp();
    Object.defineProperty(this, "isTrusted", { get: isTrustedGetter, enumerable: true, configurable: false });
  }

  get type() { return this.#type; }
  get target() { return this.#target; }
  get srcElement() { return this.#target; }
  get currentTarget() { return this.#currentTarget; }
  get eventPhase() { return this.#phase; }
  get bubbles() { return this.#bubbles; }
  get cancelable() { return this.#cancelable; }
  get composed() { return this.#composed; }
  get defaultPrevented() { return this.#canceled; }
  get timeStamp() { return this.#timeStamp; }
  get returnValue() { return !this.#canceled; }
  set returnValue(value) { if (!value) this.#setCanceled(); }
  get cancelBubble() { return this.#stopPropagation; }
  set cancelBubble(value) { if (value) this.#stopPropagation = true; }

  composedPath() { return this.#dispatching && this.#currentTarget !== null ? [this.#currentTarget] : []; }
  stopPropagation() { this.#stopPropagation = true; }
  stopImmediatePropagation() { this.#stopPropagation = true; this.#stopImmediate = true; }
  preventDefault() { this.#setCanceled(); }

  initEvent(type, bubbles = false, cancelable = false) {
    requiredArguments(arguments.length, 1, "Failed to execute 'initEvent' on 'Event'");
    if (this.#dispatching) return;
    this.#initialized = true;
    this.#stopPropagation = false;
    this.#stopImmediate = false;
    this.#canceled = false;
    trusted.delete(this);
    this.#target = null;
    this.#type = toDOMString(type);
    this.#bubbles = Boolean(bubbles);
    this.#cancelable = Boolean(cancelable);
  }

  #setCanceled() {
    if (this.#cancelable && !this.#inPassiveListener) this.#canceled = true;
  }

  static isEvent(value) { return isObject(value) && #type in value; }

  // Dispatch bookkeeping used by EventTarget; kept here so it can reach the private state.
  static beginDispatch(event, target) {
    if (event.#dispatching || !event.#initialized) {
      throw new DOMException("The event is already being dispatched.", "InvalidStateError");
    }
    event.#dispatching = true;
    event.#target = target;
    event.#currentTarget = target;
    event.#phase = PHASES.AT_TARGET;
  }

  static endDispatch(event) {
    event.#dispatching = false;
    event.#phase = PHASES.NONE;
    event.#currentTarget = null;
    event.#stopPropagation = false;
    event.#stopImmediate = false;
    return !event.#canceled;
  }

  static immediatePropagationStopped(event) { return event.#stopImmediate; }
  static setPassive(event, passive) { event.#inPassiveListener = passive; }
}

const isEvent = Event.isEvent;
const beginDispatch = Event.beginDispatch;
const endDispatch = Event.endDispatch;
const immediatePropagationStopped = Event.immediatePropagationStopped;
const setPassive = Event.setPassive;
for (const key of ["isEvent", "beginDispatch", "endDispatch", "immediatePropagationStopped", "setPassive"]) delete Event[key];

defineInterface(Event);
defineConstants(Event, PHASES);

/** Marks an event created by the runtime itself (e.g. AbortSignal's "abort") as trusted. */
export function markTrusted(event) { trusted.add(event); return event; }

export class CustomEvent extends Event {
  #detail;
  constructor(type, eventInitDict = undefined) {
    requiredArguments(arguments.length, 1, "Failed to construct 'CustomEvent'");
    super(type, eventInitDict);
    this.#detail = eventInitDict?.detail ?? null;
  }
  get detail() { return this.#detail; }
  initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
    requiredArguments(arguments.length, 1, "Failed to execute 'initCustomEvent' on 'CustomEvent'");
    this.initEvent(type, bubbles, cancelable);
    this.#detail = detail;
  }
}
defineInterface(CustomEvent);

function flattenOptions(options) {
  if (typeof options === "boolean") return { capture: options };
  if (!isObject(options)) return { capture: Boolean(options) };
  return { capture: Boolean(options.capture) };
}

function flattenAddOptions(options) {
  if (!isObject(options)) return { capture: Boolean(options), once: false, passive: false, signal: null };
  const signal = options.signal;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TypeError("Failed to execute 'addEventListener' on 'EventTarget': member signal is not of type AbortSignal.");
  }
  return {
    capture: Boolean(options.capture), once: Boolean(options.once),
    passive: Boolean(options.passive), signal: signal ?? null,
  };
}

// abort.js registers how to recognise and observe an AbortSignal without a circular import.
let isAbortSignal = () => false;
let onSignalAbort = () => {};
export function setAbortSignalHooks(isSignal, onAbort) { isAbortSignal = isSignal; onSignalAbort = onAbort; }

export class EventTarget {
  #listeners = new Map(); // type -> array of listener records

  constructor() {}

  addEventListener(type, callback, options = undefined) {
    requiredArguments(arguments.length, 2, "Failed to execute 'addEventListener' on 'EventTarget'");
    type = toDOMString(type);
    const { capture, once, passive, signal } = flattenAddOptions(options);
    if (callback === null || callback === undefined) return;
    if (!isObject(callback)) {
      throw new TypeError("Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'Object'.");
    }
    if (signal !== null && signal.aborted) return;
    let list = this.#listeners.get(type);
    if (list === undefined) this.#listeners.set(type, (list = []));
    if (list.some((l) => l.callback === callback && l.capture === capture)) return;
    const listener = { type, callback, capture, once, passive, removed: false };
    list.push(listener);
    if (signal !== null) onSignalAbort(signal, () => this.#remove(listener));
  }

  removeEventListener(type, callback, options = undefined) {
    requiredArguments(arguments.length, 2, "Failed to execute 'removeEventListener' on 'EventTarget'");
    type = toDOMString(type);
    const { capture } = flattenOptions(options);
    const list = this.#listeners.get(type);
    if (list === undefined) return;
    const listener = list.find((l) => l.callback === callback && l.capture === capture);
    if (listener !== undefined) this.#remove(listener);
  }

  dispatchEvent(event) {
    requiredArguments(arguments.length, 1, "Failed to execute 'dispatchEvent' on 'EventTarget'");
    if (!isEvent(event)) {
      throw new TypeError("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
    }
    beginDispatch(event, this);
    let notCanceled = true;
    try {
      const list = this.#listeners.get(event.type);
      if (list !== undefined) {
        // Listeners added during dispatch do not run; removed ones are skipped via their `removed` flag.
        const snapshot = list.slice();
        for (const phaseCapture of [true, false]) {
          for (const listener of snapshot) {
            if (listener.capture !== phaseCapture || listener.removed) continue;
            if (listener.once) this.#remove(listener);
            this.#invoke(listener, event);
            if (immediatePropagationStopped(event)) break;
          }
          if (immediatePropagationStopped(event)) break;
        }
      }
    } finally {
      notCanceled = endDispatch(event);
    }
    return notCanceled;
  }

  #invoke(listener, event) {
    const { callback } = listener;
    setPassive(event, listener.passive);
    try {
      if (typeof callback === "function") {
        Reflect.apply(callback, this, [event]);
      } else {
        const handleEvent = callback.handleEvent;
        if (typeof handleEvent !== "function") throw new TypeError("The listener's handleEvent is not a function.");
        Reflect.apply(handleEvent, callback, [event]);
      }
    } catch (error) {
      reportListenerError(error);
    } finally {
      setPassive(event, false);
    }
  }

  #remove(listener) {
    listener.removed = true;
    const list = this.#listeners.get(listener.type);
    if (list === undefined) return;
    const index = list.indexOf(listener);
    if (index >= 0) list.splice(index, 1);
  }
}
defineInterface(EventTarget);

/**
 * Defines an `on<type>` event handler attribute (HTML §8.1.8) on a prototype: setting a function registers one
 * listener that calls whichever handler is current; setting a non-object clears it.
 */
export function defineEventHandler(proto, type) {
  const handlers = new WeakMap();
  Object.defineProperty(proto, `on${type}`, {
    get() { return handlers.get(this)?.value ?? null; },
    set(value) {
      let entry = handlers.get(this);
      const handler = isObject(value) ? value : null;
      if (entry === undefined) {
        if (handler === null) return;
        entry = { value: handler, listener: null };
        handlers.set(this, entry);
      }
      entry.value = handler;
      if (handler !== null && entry.listener === null) {
        entry.listener = function (event) {
          const current = entry.value;
          if (typeof current !== "function") return;
          const result = Reflect.apply(current, this, [event]);
          if (result === false) event.preventDefault();
        };
        this.addEventListener(type, entry.listener);
      } else if (handler === null && entry.listener !== null) {
        this.removeEventListener(type, entry.listener);
        entry.listener = null;
      }
    },
    enumerable: true,
    configurable: true,
  });
}
