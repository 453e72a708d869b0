// Node's EventEmitter, from the npm `events` package (a port of Node's lib/events.js).
import events from "events";

export default events;
export const EventEmitter = events.EventEmitter;
