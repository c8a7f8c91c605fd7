/**
 * Highlights with the CSS Custom Highlight API: Ranges registered in `CSS.highlights`
 * under fixed names, styled by `content/highlights.css` (`::highlight(...)`). The page's
 * DOM is never changed. Pure DOM code: takes the document, never touches `chrome.*`.
 */

/** Highlight names (stable: tests and the stylesheet use them). */
export const HIGHLIGHTS = Object.freeze({
  consistent: "recount-consistent",
  conflicting: "recount-conflicting",
  /** The figure itself inside a conflicting sentence, drawn on top of the sentence. */
  figure: "recount-figure",
});

/**
 * Whether the document's window supports custom highlights.
 *
 * @param {Document} doc
 * @returns {boolean}
 */
export function highlightsSupported(doc) {
  const win = doc.defaultView;
  return Boolean(win && win.CSS && "highlights" in win.CSS && typeof win.Highlight === "function");
}

/**
 * Replaces Recount's highlights in `doc` with these ranges. Empty groups are removed.
 *
 * @param {Document} doc
 * @param {{consistent: Range[], conflicting: Range[], figure?: Range[]}} groups
 * @returns {boolean} false when the browser has no custom highlights
 */
export function paintHighlights(doc, groups) {
  if (!highlightsSupported(doc)) return false;
  const win = /** @type {any} */ (doc.defaultView);
  for (const [key, name] of Object.entries(HIGHLIGHTS)) {
    const ranges = groups[key] ?? [];
    if (!ranges.length) {
      win.CSS.highlights.delete(name);
      continue;
    }
    const highlight = new win.Highlight(...ranges);
    // Conflicts draw above consistent text where two sentences' ranges touch.
    highlight.priority = key === "figure" ? 2 : key === "conflicting" ? 1 : 0;
    win.CSS.highlights.set(name, highlight);
  }
  return true;
}

/**
 * Removes Recount's highlights from `doc`.
 *
 * @param {Document} doc
 */
export function clearHighlights(doc) {
  paintHighlights(doc, { consistent: [], conflicting: [], figure: [] });
}
