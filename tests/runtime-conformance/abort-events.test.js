// Event, EventTarget, CustomEvent (DOM §2), AbortController and AbortSignal (DOM §3), DOMException (Web IDL).
test("Event constructor and defaults", () => {
  const e = new Event("x");
  assertEquals(e.type, "x");
  assertEquals(e.bubbles, false);
  assertEquals(e.cancelable, false);
  assertEquals(e.composed, false);
  assertEquals(e.defaultPrevented, false);
  assertEquals(e.isTrusted, false);
  assertEquals(e.eventPhase, Event.NONE);
  assertEquals(e.target, null);
  assertEquals(e.currentTarget, null);
  assertEquals(typeof e.timeStamp, "number");
  assertThrows(() => new Event(), TypeError);
  const f = new Event("y", { bubbles: true, cancelable: true, composed: true });
  assertEquals(f.bubbles && f.cancelable && f.composed, true);
});

test("Event phase constants", () => {
  assertEquals(Event.NONE, 0);
  assertEquals(Event.CAPTURING_PHASE, 1);
  assertEquals(Event.AT_TARGET, 2);
  assertEquals(Event.BUBBLING_PHASE, 3);
  assertEquals(new Event("x").AT_TARGET, 2);
});

test("isTrusted is an own unforgeable property", () => {
  const e = new Event("x");
  const d = Object.getOwnPropertyDescriptor(e, "isTrusted");
  assertEquals(typeof d.get, "function");
  assertEquals(d.configurable, false);
});

test("preventDefault only affects cancelable events", () => {
  const t = new EventTarget();
  t.addEventListener("x", (e) => e.preventDefault());
  assertEquals(t.dispatchEvent(new Event("x")), true);
  assertEquals(t.dispatchEvent(new Event("x", { cancelable: true })), false);
});

test("returnValue and cancelBubble legacy members", () => {
  const e = new Event("x", { cancelable: true });
  assertEquals(e.returnValue, true);
  e.returnValue = false;
  assertEquals(e.defaultPrevented, true);
  e.cancelBubble = true;
  assertEquals(e.cancelBubble, true);
});

test("dispatch sets target, currentTarget and phase during dispatch only", () => {
  const t = new EventTarget();
  let seen;
  t.addEventListener("x", function (e) { seen = [e.target === t, e.currentTarget === t, e.eventPhase, this === t, e.composedPath()[0] === t]; });
  const e = new Event("x");
  t.dispatchEvent(e);
  assertDeepEquals(seen, [true, true, 2, true, true]);
  assertEquals(e.eventPhase, 0);
  assertEquals(e.currentTarget, null);
  assertEquals(e.target, t);
  assertDeepEquals(e.composedPath(), []);
});

test("listeners run in order, capture first; duplicates ignored", () => {
  const t = new EventTarget();
  const log = [];
  const a = () => log.push("a");
  t.addEventListener("x", a);
  t.addEventListener("x", a);
  t.addEventListener("x", () => log.push("b"));
  t.addEventListener("x", () => log.push("capture"), true);
  t.dispatchEvent(new Event("x"));
  assertDeepEquals(log, ["capture", "a", "b"]);
});

test("removeEventListener matches callback and capture", () => {
  const t = new EventTarget();
  let n = 0;
  const f = () => n++;
  t.addEventListener("x", f, { capture: true });
  t.removeEventListener("x", f);
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1);
  t.removeEventListener("x", f, true);
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1);
});

test("once listeners run once", () => {
  const t = new EventTarget();
  let n = 0;
  t.addEventListener("x", () => n++, { once: true });
  t.dispatchEvent(new Event("x"));
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1);
});

test("passive listeners cannot cancel", () => {
  const t = new EventTarget();
  t.addEventListener("x", (e) => e.preventDefault(), { passive: true });
  const e = new Event("x", { cancelable: true });
  assertEquals(t.dispatchEvent(e), true);
  assertEquals(e.defaultPrevented, false);
});

test("signal option removes the listener on abort", () => {
  const t = new EventTarget();
  const c = new AbortController();
  let n = 0;
  t.addEventListener("x", () => n++, { signal: c.signal });
  t.dispatchEvent(new Event("x"));
  c.abort();
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1);
  t.addEventListener("x", () => n++, { signal: AbortSignal.abort() });
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1);
  assertThrows(() => t.addEventListener("x", () => {}, { signal: "no" }), TypeError);
});

test("stopImmediatePropagation stops later listeners", () => {
  const t = new EventTarget();
  const log = [];
  t.addEventListener("x", (e) => { log.push(1); e.stopImmediatePropagation(); });
  t.addEventListener("x", () => log.push(2));
  t.dispatchEvent(new Event("x"));
  assertDeepEquals(log, [1]);
});

test("handleEvent objects are supported", () => {
  const t = new EventTarget();
  const listener = { n: 0, handleEvent(e) { this.n++; assertEquals(e.type, "x"); } };
  t.addEventListener("x", listener);
  t.dispatchEvent(new Event("x"));
  assertEquals(listener.n, 1);
});

test("listener removed during dispatch does not run; added one does not run", () => {
  const t = new EventTarget();
  const log = [];
  const second = () => log.push("second");
  t.addEventListener("x", () => { log.push("first"); t.removeEventListener("x", second); t.addEventListener("x", () => log.push("new")); });
  t.addEventListener("x", second);
  t.dispatchEvent(new Event("x"));
  assertDeepEquals(log, ["first"]);
});

test("listener exceptions do not stop dispatch or propagate", () => {
  const t = new EventTarget();
  let ran = false;
  t.addEventListener("x", () => { throw new Error("boom"); });
  t.addEventListener("x", () => { ran = true; });
  assertEquals(t.dispatchEvent(new Event("x")), true);
  assertEquals(ran, true);
});

test("re-dispatching an event being dispatched throws InvalidStateError", () => {
  const t = new EventTarget();
  let error;
  t.addEventListener("x", (e) => { try { t.dispatchEvent(e); } catch (err) { error = err; } });
  t.dispatchEvent(new Event("x"));
  assertEquals(error.name, "InvalidStateError");
  assertThrows(() => t.dispatchEvent({ type: "x" }), TypeError);
});

test("EventTarget subclassing", () => {
  class Emitter extends EventTarget {}
  const e = new Emitter();
  let got = null;
  e.addEventListener("ping", (ev) => { got = ev.target; });
  e.dispatchEvent(new Event("ping"));
  assertEquals(got, e);
});

test("null callback is ignored", () => {
  const t = new EventTarget();
  t.addEventListener("x", null);
  assertThrows(() => t.addEventListener("x", 5), TypeError);
  assertThrows(() => t.addEventListener("x"), TypeError);
});

test("CustomEvent detail", () => {
  const e = new CustomEvent("c", { detail: { a: 1 } });
  assertEquals(e.detail.a, 1);
  assertEquals(new CustomEvent("c").detail, null);
  assert(e instanceof Event);
  assertEquals(Object.prototype.toString.call(e), "[object CustomEvent]");
});

test("global scope is an event target (service-worker syntax)", () => {
  let got = null;
  const listener = (e) => { got = e.type; };
  addEventListener("custom", listener);
  dispatchEvent(new Event("custom"));
  removeEventListener("custom", listener);
  assertEquals(got, "custom");
});

test("AbortController.abort() with default and custom reasons", () => {
  const c = new AbortController();
  assertEquals(c.signal.aborted, false);
  assertEquals(c.signal.reason, undefined);
  c.abort();
  assertEquals(c.signal.aborted, true);
  assert(c.signal.reason instanceof DOMException);
  assertEquals(c.signal.reason.name, "AbortError");
  const d = new AbortController();
  d.abort("custom");
  assertEquals(d.signal.reason, "custom");
});

test("abort fires one trusted abort event and calls onabort", () => {
  const c = new AbortController();
  const log = [];
  c.signal.onabort = (e) => log.push(["on", e.isTrusted, e.type]);
  c.signal.addEventListener("abort", () => log.push(["listener"]));
  c.abort();
  c.abort();
  assertDeepEquals(log, [["on", true, "abort"], ["listener"]]);
  assertEquals(typeof c.signal.onabort, "function");
  c.signal.onabort = null;
  assertEquals(c.signal.onabort, null);
});

test("throwIfAborted throws the reason", () => {
  const c = new AbortController();
  c.signal.throwIfAborted();
  const reason = new Error("r");
  c.abort(reason);
  let thrown;
  try { c.signal.throwIfAborted(); } catch (e) { thrown = e; }
  assertEquals(thrown, reason);
});

test("AbortSignal.abort()", () => {
  const s = AbortSignal.abort();
  assertEquals(s.aborted, true);
  assertEquals(s.reason.name, "AbortError");
  assertEquals(AbortSignal.abort(42).reason, 42);
});

test("AbortSignal cannot be constructed", () => {
  assertThrows(() => new AbortSignal(), TypeError);
});

test("AbortSignal.timeout() aborts with TimeoutError", async () => {
  const s = AbortSignal.timeout(10);
  assertEquals(s.aborted, false);
  await new Promise((resolve) => s.addEventListener("abort", resolve));
  assertEquals(s.aborted, true);
  assertEquals(s.reason.name, "TimeoutError");
  assertEquals(s.reason.code, 23);
  assertThrows(() => AbortSignal.timeout(-1), TypeError);
});

test("AbortSignal.any() follows the first source to abort", () => {
  const a = new AbortController();
  const b = new AbortController();
  const any = AbortSignal.any([a.signal, b.signal]);
  let fired = 0;
  any.addEventListener("abort", () => fired++);
  b.abort("b");
  a.abort("a");
  assertEquals(any.aborted, true);
  assertEquals(any.reason, "b");
  assertEquals(fired, 1);
});

test("AbortSignal.any() of an aborted signal is aborted; of nothing never aborts", () => {
  const s = AbortSignal.any([new AbortController().signal, AbortSignal.abort("x")]);
  assertEquals(s.aborted, true);
  assertEquals(s.reason, "x");
  assertEquals(AbortSignal.any([]).aborted, false);
  assertThrows(() => AbortSignal.any([{}]), TypeError);
});

test("nested AbortSignal.any() follows the original sources", () => {
  const c = new AbortController();
  const inner = AbortSignal.any([c.signal]);
  const outer = AbortSignal.any([inner]);
  c.abort("deep");
  assertEquals(outer.reason, "deep");
});

test("DOMException shape", () => {
  const e = new DOMException("msg", "NotFoundError");
  assertEquals(e.message, "msg");
  assertEquals(e.name, "NotFoundError");
  assertEquals(e.code, 8);
  assert(e instanceof Error);
  assertEquals(Object.getPrototypeOf(DOMException.prototype), Error.prototype);
  assertEquals(new DOMException().name, "Error");
  assertEquals(new DOMException().message, "");
  assertEquals(new DOMException("x", "CustomName").code, 0);
  assertEquals(DOMException.ABORT_ERR, 20);
  assertEquals(e.DATA_CLONE_ERR, 25);
  assertEquals(String(e), "NotFoundError: msg");
  assertEquals(Object.prototype.toString.call(e), "[object DOMException]");
  assertEquals(typeof e.stack, "string");
  assertEquals(Object.keys(e).length, 0);
});
