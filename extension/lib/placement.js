/**
 * Where the card goes beside the sentence it is about: pure geometry over boxes in viewport
 * pixels, no DOM. The card always fits the window (a height cap, past which it scrolls
 * inside), and it keeps off the sentence and off the areas it must leave clear (the floating
 * launcher) wherever the window has room for a useful part of it.
 */

/** Space kept between the card and the window's edges, the sentence and what it avoids. */
export const MARGIN = 8;
/**
 * Less room than this above and below the sentence is too little for a card that scrolls
 * (its headline, the start of its sentence and the first figure's line); the card then
 * covers the sentence.
 */
export const MIN_ROOM = 120;

/** @typedef {{top: number, bottom: number, left: number, right: number}} Box */
/** @typedef {"below" | "above" | "over"} Side where the card is, beside its sentence or over it */

/**
 * The card's place: below the sentence when it fits there whole, else above it; else on
 * the side with more room, its height capped to that room; only when neither side has
 * `MIN_ROOM` does it go over the sentence, whole in the window when it fits. A card already
 * placed on one side (`side`) stays there while that side has room for the whole card or
 * `MIN_ROOM` of it: a card that grows, or a page scrolled a little, does not make it jump
 * to the sentence's other side (away from the pointer and the line the reader clicked).
 *
 * @param {{anchor: Box, width: number, height: number,
 *   viewport: {width: number, height: number}, avoid?: Box[], side?: Side | null}} layout
 *   `anchor`: the sentence; `width`, `height`: the card's natural size; `avoid`: boxes to
 *   keep clear of (empty boxes are ignored); `side`: where the card is now, if it shows
 * @returns {{top: number, left: number, maxHeight: number, covers: boolean, side: Side}}
 *   `covers`: whether the card lies over the sentence
 */
export function placeCard(layout) {
  const { height, side = null } = layout;
  const m = MARGIN;
  const { left, ceiling, floor, band } = column(layout);
  // The part of the sentence inside the window: a sentence scrolled out of it (the card
  // follows the page's scroll) leaves the card at the window's edge, not beyond it.
  const inside = (/** @type {number} */ y) => Math.min(Math.max(y, ceiling - m), floor + m);
  const anchor = { top: inside(band.top), bottom: inside(band.bottom) };
  const limit = Math.max(0, floor - ceiling);
  const room = {
    below: Math.min(floor - (anchor.bottom + m), limit),
    above: Math.min(anchor.top - m - ceiling, limit),
  };
  const beside = (/** @type {"below" | "above"} */ where) => ({
    top: where === "below" ? anchor.bottom + m : Math.max(ceiling, anchor.top - m - height),
    left,
    maxHeight: room[where],
    covers: false,
    side: where,
  });
  if ((side === "below" || side === "above") && room[side] >= Math.min(height, MIN_ROOM)) {
    return beside(side);
  }
  if (height <= room.below) return beside("below");
  if (height <= room.above) return beside("above");
  if (Math.max(room.below, room.above) >= MIN_ROOM) {
    return beside(room.below >= room.above ? "below" : "above");
  }
  const shown = Math.min(height, limit);
  return {
    top: Math.max(ceiling, floor - shown),
    left,
    maxHeight: limit,
    covers: true,
    side: "over",
  };
}

/**
 * How far to scroll the page (pixels, down when positive) to show a card that does not fit
 * whole beside its sentence: the least scroll that fits the sentence and the whole card
 * below it into the window; when the window is too small for both, the scroll that brings
 * the sentence to the top, leaving the card the most room below it. 0 when nothing helps.
 *
 * @param {Parameters<typeof placeCard>[0]} layout as for `placeCard`
 * @returns {number}
 */
export function scrollToReveal(layout) {
  const { anchor, height } = layout;
  const { ceiling, floor } = column(layout);
  const toTop = Math.round(anchor.top - ceiling);
  if (anchor.bottom - anchor.top + MARGIN + height > floor - ceiling) return toTop;
  const down = Math.ceil(anchor.bottom + MARGIN + height - floor);
  if (down > 0) return down;
  return toTop < 0 ? toTop : 0;
}

/**
 * The card's left edge, and the top and bottom it cannot cross in its column: the window's
 * edges, and obstacles above or below the sentence. Beside an obstacle's column, when the
 * window is wide enough, rather than above or below it. An obstacle in the card's column
 * level with the sentence (neither above nor below it, as the launcher beside a sentence's
 * last lines on a phone) widens the band the card keeps clear of (`band`): the card goes
 * above or below both.
 *
 * @param {Parameters<typeof placeCard>[0]} layout
 * @returns {{left: number, ceiling: number, floor: number, band: {top: number, bottom: number}}}
 */
function column({ anchor, width, viewport, avoid = [] }) {
  const m = MARGIN;
  const obstacles = avoid.filter((b) => b.right > b.left && b.bottom > b.top);
  let left = Math.min(Math.max(m, anchor.left), Math.max(m, viewport.width - width - m));
  for (const b of obstacles) {
    if (overlaps(left, left + width, b.left - m, b.right + m) && b.left - m - width >= m) {
      left = Math.min(left, b.left - m - width);
    }
  }
  let ceiling = m;
  let floor = viewport.height - m;
  const band = { top: anchor.top, bottom: anchor.bottom };
  for (const b of obstacles) {
    if (!overlaps(left, left + width, b.left - m, b.right + m)) continue;
    if (b.top >= anchor.bottom) floor = Math.min(floor, b.top - m);
    else if (b.bottom <= anchor.top) ceiling = Math.max(ceiling, b.bottom + m);
    else {
      band.top = Math.min(band.top, b.top);
      band.bottom = Math.max(band.bottom, b.bottom);
    }
  }
  return { left, ceiling, floor, band };
}

/**
 * Whether two intervals share more than an edge.
 *
 * @param {number} a1
 * @param {number} a2
 * @param {number} b1
 * @param {number} b2
 * @returns {boolean}
 */
function overlaps(a1, a2, b1, b2) {
  return a1 < b2 && b1 < a2;
}
