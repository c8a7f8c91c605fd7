/**
 * From offsets in the joined page text (see `extract.js`) back to DOM Ranges. Pure DOM code.
 */

/**
 * @typedef {import("./extract.js").Chunk} Chunk
 */

/**
 * A Range covering `[start, end)` of the joined text, or null when the span touches no
 * text node. Ends that fall in a separator ("\n" or a word space between nodes) snap to
 * the nearest node edge inside the span.
 *
 * @param {Chunk[]} chunks the map from `extractText`
 * @param {number} start
 * @param {number} end exclusive
 * @returns {Range | null}
 */
export function rangeFromOffsets(chunks, start, end) {
  if (!(end > start) || !chunks.length) return null;
  const first = chunkAtOrAfter(chunks, start);
  const last = chunkAtOrBefore(chunks, end);
  if (first < 0 || last < 0 || first > last) return null;
  const a = chunks[first];
  const b = chunks[last];
  const range = a.node.ownerDocument.createRange();
  range.setStart(a.node, clamp(start - a.start, 0, a.node.length));
  range.setEnd(b.node, clamp(end - b.start, 0, b.node.length));
  return range.collapsed ? null : range;
}

/**
 * Index of the chunk containing offset `pos`, or of the first one after it; -1 if none.
 *
 * @param {Chunk[]} chunks
 * @param {number} pos
 * @returns {number}
 */
function chunkAtOrAfter(chunks, pos) {
  let lo = 0;
  let hi = chunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (chunks[mid].end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo < chunks.length ? lo : -1;
}

/**
 * Index of the chunk containing the character before `pos` (an exclusive end), or of the
 * last one before it; -1 if none.
 *
 * @param {Chunk[]} chunks
 * @param {number} pos
 * @returns {number}
 */
function chunkAtOrBefore(chunks, pos) {
  let lo = 0;
  let hi = chunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (chunks[mid].start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * @param {number} x
 * @param {number} lo
 * @param {number} hi
 */
function clamp(x, lo, hi) {
  return Math.min(Math.max(x, lo), hi);
}

/**
 * Whether the point (x, y) in viewport coordinates lies on the text of `range`.
 *
 * @param {Range} range
 * @param {number} x
 * @param {number} y
 * @param {number} [slop] pixels of tolerance around each line box
 * @returns {boolean}
 */
export function rangeContainsPoint(range, x, y, slop = 1) {
  for (const rect of range.getClientRects()) {
    if (
      x >= rect.left - slop &&
      x <= rect.right + slop &&
      y >= rect.top - slop &&
      y <= rect.bottom + slop
    ) {
      return true;
    }
  }
  return false;
}

/**
 * The text node nearest a viewport point (where a caret would go), or null. Used to narrow
 * hit testing to the few ranges that touch it before measuring their line boxes.
 *
 * @param {Document} doc
 * @param {number} x
 * @param {number} y
 * @returns {Node | null}
 */
export function caretNodeAt(doc, x, y) {
  if (typeof doc.caretPositionFromPoint === "function") {
    return doc.caretPositionFromPoint(x, y)?.offsetNode ?? null;
  }
  if (typeof doc.caretRangeFromPoint === "function") {
    return doc.caretRangeFromPoint(x, y)?.startContainer ?? null;
  }
  return null;
}
