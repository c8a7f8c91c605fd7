/**
 * Highlights with the CSS Custom Highlight API: Ranges registered in `CSS.highlights`
 * under fixed names, styled by `content/highlights.css` (`::highlight(...)`). The page's
 * DOM is never changed. Pure DOM code: takes the document, never touches `chrome.*`.
 */

/** Highlight names (stable: tests and the stylesheet use them). */
export const HIGHLIGHTS = Object.freeze({
  consistent: "recount-consistent",
  /**
   * A sentence that directly follows another of the same verdict in the same line of text
   * (only spaces between), drawn in a lighter tint so the two do not read as one block.
   */
  consistentNext: "recount-consistent-next",
  conflictingNext: "recount-conflicting-next",
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
 * @param {{consistent: Range[], conflicting: Range[], consistentNext?: Range[],
 *   conflictingNext?: Range[], figure?: Range[]}} groups
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
    highlight.priority = key === "figure" ? 2 : key.startsWith("conflicting") ? 1 : 0;
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

/**
 * Splits sentences into those drawn in the usual tint and those drawn lighter: a sentence
 * that follows one of the same verdict in the same block with only whitespace between goes
 * in the other tint from the one before it, alternating along a run.
 *
 * @param {{range: Range, status: string}[]} items in page order
 * @returns {boolean[]} for each item, whether it takes the lighter tint
 */
export function alternateAdjacent(items) {
  const lighter = [];
  items.forEach((item, i) => {
    const prev = items[i - 1];
    lighter.push(
      Boolean(
        prev && prev.status === item.status && touching(prev.range, item.range) && !lighter[i - 1],
      ),
    );
  });
  return lighter;
}

/**
 * Whether only whitespace of one block lies between two ranges.
 *
 * @param {Range} a
 * @param {Range} b after `a`
 * @returns {boolean}
 */
function touching(a, b) {
  const doc = a.startContainer.ownerDocument;
  if (!doc || blockOf(a.endContainer) !== blockOf(b.startContainer)) return false;
  const between = doc.createRange();
  between.setStart(a.endContainer, a.endOffset);
  between.setEnd(b.startContainer, b.startOffset);
  return between.toString().trim() === "";
}

/**
 * @param {Node} node
 * @returns {Element | null} the nearest ancestor laid out as a block
 */
function blockOf(node) {
  let el = node.nodeType === 1 ? /** @type {Element} */ (node) : node.parentElement;
  const win = node.ownerDocument?.defaultView;
  while (el && win && win.getComputedStyle(el).display.startsWith("inline")) el = el.parentElement;
  return el;
}
