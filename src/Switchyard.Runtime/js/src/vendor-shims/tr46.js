// Replaces the `tr46` package inside whatwg-url: UTS #46 processing is delegated to the host's
// `idnaToAscii`, which saves bundling the ~250 KB IDNA mapping table. ASCII domains without punycode labels
// map to their lower-case form under UTS #46 (with UseSTD3ASCIIRules=false, as the URL Standard asks), so they
// never cross to the host.
import { callHost } from "../host.js";

const NEEDS_HOST = /[^\x00-\x7f]|(^|\.)xn--/i;

export function toASCII(domain, options) {
  if (!NEEDS_HOST.test(domain)) return domain.toLowerCase();
  const result = callHost("idnaToAscii", domain, Boolean(options?.useSTD3ASCIIRules));
  return typeof result === "string" ? result : null;
}

export function toUnicode() {
  throw new Error("tr46.toUnicode is not used by the runtime.");
}
