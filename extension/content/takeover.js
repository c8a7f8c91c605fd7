/**
 * One Recount per page. After the extension is updated, reloaded or switched off and on,
 * the content script that ran in an open page stays in it, cut off from the extension (its
 * messages fail), with its floating button, card, highlights and listeners; the one the
 * toolbar button injects next runs beside it, in a script world of its own that shares only
 * the DOM. So a starting instance announces itself with an event on the document, which the
 * instances before it hear and stop on, and then removes what is still there (left by an
 * instance too old to listen, whose listeners it cannot reach).
 */

import { clearHighlights } from "../lib/highlight.js";
import { HOST_TAGS } from "./dom.js";

/** The event a starting instance dispatches on the document; earlier ones stop on it. */
export const TAKEOVER_EVENT = "recount-takeover";

/**
 * Makes the page this instance's alone: earlier instances stop, their elements and
 * highlights go. Call before building anything.
 *
 * @param {Document} doc
 */
export function takeOver(doc) {
  // Dispatching runs the other worlds' listeners before it returns.
  doc.dispatchEvent(new Event(TAKEOVER_EVENT));
  for (const host of doc.querySelectorAll(HOST_TAGS.join(", "))) host.remove();
  clearHighlights(doc);
}

/**
 * Calls `stop` once, when a later instance takes the page over.
 *
 * @param {Document} doc
 * @param {() => void} stop
 */
export function whenTakenOver(doc, stop) {
  doc.addEventListener(TAKEOVER_EVENT, stop, { once: true });
}
