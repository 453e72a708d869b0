// performance.now()/timeOrigin over the host clock. Read lazily: the bundle must not call the host while it is
// evaluated (it may be baked into a snapshot), so timeOrigin is taken at the first use.
import { callHost } from "./host.js";
import { EventTarget } from "./events.js";
import { defineInterface } from "./webidl.js";

let origin = null;
function timeOrigin() {
  if (origin === null) origin = Number(callHost("now"));
  return origin;
}

const PERFORMANCE_KEY = Symbol("Performance");

export class Performance extends EventTarget {
  constructor(key) {
    if (key !== PERFORMANCE_KEY) throw new TypeError("Illegal constructor");
    super();
  }
  get timeOrigin() { return timeOrigin(); }
  now() {
    const start = timeOrigin();
    return Number(callHost("now")) - start;
  }
  toJSON() { return { timeOrigin: this.timeOrigin }; }
}
defineInterface(Performance);

export const performance = new Performance(PERFORMANCE_KEY);
