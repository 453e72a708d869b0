// node:events
import events from "./internal/events.js";
import { registerBuiltin } from "./internal/process.js";

registerBuiltin("events", events);
export default events;
export const { EventEmitter, once, listenerCount } = events;
export const defaultMaxListeners = events.defaultMaxListeners;
