/**
 * Dynamic pages: a debounced MutationObserver reports new or changed text, and same-document
 * navigations (history.pushState in single-page apps) are noticed by the URL changing; a
 * link to a place on the same page (a table of contents, a footnote, "#comments") is no
 * other page. Changes to Recount's own elements are ignored.
 */

import { HOST_TAGS } from "./dom.js";

const OURS = new Set(HOST_TAGS.map((tag) => tag.toUpperCase()));

/**
 * Calls `onChange` a moment after the page's content stops changing, and `onNavigate`
 * instead when the URL changed in the meantime.
 *
 * @param {Document} doc
 * @param {{onChange: () => void, onNavigate: () => void, relevant?: (record: MutationRecord) => boolean,
 *   delayMs?: number, maxWaitMs?: number}} handlers `relevant` says which changes matter
 *   (all by default)
 * @returns {() => void} stops watching
 */
export function watchPage(
  doc,
  { onChange, onNavigate, relevant = () => true, delayMs = 700, maxWaitMs = 3000 },
) {
  const win = doc.defaultView;
  let href = win.location.href;
  let timer = 0;
  let firstChange = 0;

  const fire = () => {
    timer = 0;
    firstChange = 0;
    const before = href;
    href = win.location.href;
    if (href !== before && !withinPage(doc, before, href)) onNavigate();
    else onChange();
  };
  const schedule = () => {
    const now = Date.now();
    firstChange ||= now;
    clearTimeout(timer);
    // Debounced, but a page that never stops changing is still checked every maxWaitMs.
    timer = setTimeout(fire, Math.min(delayMs, Math.max(0, firstChange + maxWaitMs - now)));
  };

  const observer = new MutationObserver((records) => {
    if (records.some((record) => !isOurs(record) && relevant(record))) schedule();
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  win.addEventListener("popstate", schedule);
  win.navigation?.addEventListener?.("navigatesuccess", schedule);
  return () => {
    observer.disconnect();
    clearTimeout(timer);
    win.removeEventListener("popstate", schedule);
    win.navigation?.removeEventListener?.("navigatesuccess", schedule);
  };
}

/**
 * Whether moving from one URL to the other stays on the same page: only the fragment
 * changed, to a place in the document (an element with that id, an anchor with that name)
 * or to none ("#", "#top"). A fragment that names nothing here is a hash-routed app's
 * other page ("#/story/42").
 *
 * @param {Document} doc
 * @param {string} before
 * @param {string} after
 * @returns {boolean}
 */
function withinPage(doc, before, after) {
  const [a, b] = [new URL(before), new URL(after)];
  const fragment = safeDecode(b.hash.slice(1));
  a.hash = b.hash = "";
  if (a.href !== b.href) return false;
  if (!fragment || fragment.toLowerCase() === "top") return true;
  return doc.getElementById(fragment) !== null || doc.getElementsByName(fragment).length > 0;
}

/**
 * @param {string} text a URL fragment
 * @returns {string} decoded, or as it is when it is not valid percent-encoding
 */
function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Whether a mutation only touched Recount's own elements.
 *
 * @param {MutationRecord} record
 * @returns {boolean}
 */
function isOurs(record) {
  if (record.type !== "childList") return false;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every((node) => OURS.has(node.nodeName));
}
