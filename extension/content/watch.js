/**
 * Dynamic pages: a debounced MutationObserver reports new or changed text, and same-document
 * navigations (history.pushState in single-page apps) are noticed by the URL changing.
 * Changes to Recount's own elements are ignored.
 */

const OURS = new Set(["RECOUNT-CARD", "RECOUNT-LAUNCHER"]);

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
    if (win.location.href !== href) {
      href = win.location.href;
      onNavigate();
    } else {
      onChange();
    }
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
