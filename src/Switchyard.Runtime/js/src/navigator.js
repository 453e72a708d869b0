// The Workers `navigator` global.
import { defineInterface } from "./webidl.js";

const NAVIGATOR_KEY = Symbol("Navigator");

export class Navigator {
  constructor(key) {
    if (key !== NAVIGATOR_KEY) throw new TypeError("Illegal constructor");
  }
  get userAgent() { return "Cloudflare-Workers"; }
  get hardwareConcurrency() { return 1; }
  get language() { return "en"; }
  get languages() { return ["en"]; }
}
defineInterface(Navigator);

export const navigator = new Navigator(NAVIGATOR_KEY);
