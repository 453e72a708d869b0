// A live tail the way wrangler opens one: POST .../tails for a session, then a WebSocket to its URL with the
// "trace-v1" subprotocol (the URL is the capability: no Authorization header), `{"debug":false}` once open, and one
// JSON trace event per text frame. DELETE .../tails/:id when done, so the server can drop the session at once.
import { scriptPath } from "./api.js";

export class TailSession {
  /**
   * @param onEvent called with each trace event (parsed JSON)
   * @param onState called with "connecting" | "open" | "closed" and an optional message
   */
  constructor(api, accountId, namespace, script, onEvent, onState) {
    this.api = api;
    this.base = `${scriptPath(accountId, namespace, script)}/tails`;
    this.onEvent = onEvent;
    this.onState = onState;
    this.id = null;
    this.socket = null;
    this.stopped = false;
    // Closing the tab unmounts nothing, so the session is ended here too.
    this.onPageHide = () => this.stop();
  }

  async start() {
    window.addEventListener("pagehide", this.onPageHide);
    this.onState("connecting");
    let tail;
    try {
      ({ result: tail } = await this.api.post(this.base, { filters: [] }));
    } catch (error) {
      this.onState("closed", `Could not start the tail: ${error.message}`);
      return;
    }
    this.id = tail.id;
    if (this.stopped) { this.#deleteSession(); return; }
    const socket = new WebSocket(tail.url, "trace-v1");
    this.socket = socket;
    socket.addEventListener("open", () => {
      socket.send(JSON.stringify({ debug: false }));
      this.onState("open");
    });
    socket.addEventListener("message", async (message) => {
      const text = typeof message.data === "string" ? message.data : await message.data.text();
      try {
        this.onEvent(JSON.parse(text));
      } catch {
        // a frame that is not JSON is not a trace event
      }
    });
    socket.addEventListener("close", (e) => {
      if (!this.stopped) this.onState("closed", e.reason || `The tail closed (code ${e.code}).`);
    });
  }

  stop() {
    window.removeEventListener("pagehide", this.onPageHide);
    this.stopped = true;
    // The DELETE goes first and the socket closes after it: the server also drops a session whose socket closed, so
    // closing first would race the DELETE into a 404.
    const socket = this.socket;
    this.#deleteSession().finally(() => socket?.close(1000));
  }

  async #deleteSession() {
    if (this.id === null) return;
    const id = this.id;
    this.id = null;
    try {
      await this.api.delete(`${this.base}/${encodeURIComponent(id)}`, true);
    } catch {
      // already gone (expired, or ended by the server): nothing to end
    }
  }
}
