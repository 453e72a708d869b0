// node:events
import events from "./internal/events.js";

export default events;
export const { EventEmitter, once, listenerCount } = events;
export const defaultMaxListeners = events.defaultMaxListeners;
