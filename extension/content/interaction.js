/**
 * How a reader reaches the cards. A highlight is not an element, so the pointer is hit-tested
 * against the highlighted ranges' line boxes: hovering a sentence opens its card after a
 * short pause, clicking pins it open (selecting its text, or following a link in it, does
 * not), moving away closes an unpinned card. The launcher and the card's own buttons and
 * arrow keys give the same through the keyboard; Escape closes (but one meant for the page's
 * own dialog or widget is left to it), and the launcher then goes on from the card read
 * last. A card closes once its sentence has scrolled out of the window.
 */

import { caretNodeAt, rangeContainsPoint } from "../lib/ranges.js";

const HOVER_OPEN_MS = 300;
const HOVER_CLOSE_MS = 400;

/** Connects the page's highlights to the card and the launcher. */
export class Interaction {
  /**
   * @param {Document} doc
   * @param {() => import("./checker.js").Item[]} getItems the current highlighted sentences
   * @param {import("./card.js").Card} card
   * @param {import("./launcher.js").Launcher} launcher
   */
  constructor(doc, getItems, card, launcher) {
    this.doc = doc;
    this.getItems = getItems;
    this.card = card;
    this.launcher = launcher;
    this.current = -1;
    /** The text of the sentence whose card was opened last: stepping goes on from it. */
    this.lastRead = null;
    this.pinned = false;
    this.openTimer = 0;
    this.closeTimer = 0;
    this.frame = 0;
    this.lastPointer = null;
  }

  /** Starts listening to the pointer, clicks, keys and scrolling, until `stop`. */
  listen() {
    const win = this.doc.defaultView;
    this.listening = new AbortController();
    const signal = this.listening.signal;
    this.doc.addEventListener("pointermove", (event) => this.onPointerMove(event), {
      passive: true,
      signal,
    });
    this.doc.addEventListener("click", (event) => this.onClick(event), { capture: true, signal });
    // On the window, after the page's own handlers on its elements and the document: an
    // Escape the page has handled is seen as such. (One inside the card is the card's.)
    win.addEventListener(
      "keydown",
      (event) => {
        if (event.key === "Escape" && this.escapeCloses(event)) this.close();
      },
      { signal },
    );
    const follow = () => {
      if (!this.card.isOpen) return;
      // A card whose sentence has left the window would stay docked at its edge, over
      // text it is not about: it closes (focus, if it was in it, goes to the launcher).
      const box = this.card.item.range.getBoundingClientRect();
      if (box.bottom <= 0 || box.top >= win.innerHeight) this.close();
      else this.card.reposition();
    };
    win.addEventListener("scroll", follow, { passive: true, capture: true, signal });
    win.addEventListener("resize", follow, { passive: true, signal });
  }

  /**
   * Whether an Escape outside the card closes it: with the focus on Recount's button or in
   * the card's sentence (a link in it), yes; with the focus nowhere in particular (the
   * page's body), unless the page has handled the key itself; with the focus anywhere else
   * (the page's own dialog, menu, form or player), never: the Escape is the page's.
   *
   * @param {KeyboardEvent} event
   * @returns {boolean}
   */
  escapeCloses(event) {
    if (!this.card.isOpen) return false;
    const doc = this.doc;
    const focused = doc.activeElement;
    if (!focused || focused === doc.body || focused === doc.documentElement) {
      return !event.defaultPrevented;
    }
    return (
      focused === this.launcher.host ||
      focused === this.card.host ||
      this.card.item.range.intersectsNode(focused)
    );
  }

  /** Stops listening and closes the card (another instance took the page over). */
  stop() {
    this.listening?.abort();
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.close({ restoreFocus: false });
  }

  /**
   * The index of the highlighted sentence under a viewport point, or -1.
   *
   * @param {number} x
   * @param {number} y
   * @returns {number}
   */
  itemAt(x, y) {
    const node = caretNodeAt(this.doc, x, y);
    return this.getItems().findIndex(
      (item) =>
        (!node || node.nodeType !== Node.TEXT_NODE || item.range.intersectsNode(node)) &&
        rangeContainsPoint(item.range, x, y),
    );
  }

  /** @param {PointerEvent} event */
  onPointerMove(event) {
    if (event.pointerType === "touch") return;
    this.lastPointer = {
      x: event.clientX,
      y: event.clientY,
      inCard: this.card.containsEvent(event),
    };
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.hoverAt(this.lastPointer);
    });
  }

  /** @param {{x: number, y: number, inCard: boolean}} pointer */
  hoverAt({ x, y, inCard }) {
    if (inCard) {
      clearTimeout(this.closeTimer);
      return;
    }
    const index = this.itemAt(x, y);
    clearTimeout(this.openTimer);
    if (index >= 0) {
      clearTimeout(this.closeTimer);
      if (index !== this.current && !this.pinned) {
        this.openTimer = setTimeout(() => this.open(index, { pinned: false }), HOVER_OPEN_MS);
      }
    } else if (this.card.isOpen && !this.pinned) {
      clearTimeout(this.closeTimer);
      this.closeTimer = setTimeout(() => this.close({ restoreFocus: false }), HOVER_CLOSE_MS);
    }
  }

  /** @param {MouseEvent} event */
  onClick(event) {
    if (this.card.containsEvent(event) || event.composedPath().includes(this.launcher.host)) return;
    const index = this.itemAt(event.clientX, event.clientY);
    // A click that ends a text selection (a drag, a double click) is the reader copying the
    // sentence, not asking for its card: it neither pins the card nor scrolls the page.
    const selecting = this.doc.getSelection()?.isCollapsed === false;
    if (index >= 0) {
      // A link or a control inside the sentence does what it does; its card would stay
      // pinned over the page the reader went on reading (or came back to).
      if (!selecting && !onControl(event)) this.open(index, { pinned: true });
    } else if (this.card.isOpen) this.close({ restoreFocus: false });
  }

  /**
   * Opens the card of the sentence `delta` places from the current one (wrapping around);
   * with no card open, from the one read last, so that after Escape the launcher's Enter
   * goes on where the reader was.
   *
   * @param {number} delta
   */
  step(delta) {
    const items = this.getItems();
    const total = items.length;
    if (!total) return;
    const at =
      this.current >= 0 ? this.current : items.findIndex((item) => item.text === this.lastRead);
    const from = at < 0 ? (delta > 0 ? -1 : 0) : at;
    this.open((((from + delta) % total) + total) % total, {
      pinned: true,
      focus: true,
      scroll: true,
    });
  }

  /**
   * Opens the card for one highlighted sentence.
   *
   * @param {number} index
   * @param {{pinned?: boolean, focus?: boolean, scroll?: boolean}} [options]
   */
  open(index, { pinned = true, focus = false, scroll = false } = {}) {
    const items = this.getItems();
    const item = items[index];
    if (!item) return;
    clearTimeout(this.openTimer);
    clearTimeout(this.closeTimer);
    if (scroll) scrollToRange(this.doc, item.range);
    this.current = index;
    this.lastRead = item.text;
    this.pinned = pinned;
    this.card.open(item, { index, total: items.length, focus, reveal: pinned });
  }

  /**
   * Closes the card; focus returns to the launcher when it was in the card.
   *
   * @param {{restoreFocus?: boolean}} [options]
   */
  close({ restoreFocus = true } = {}) {
    clearTimeout(this.openTimer);
    clearTimeout(this.closeTimer);
    const hadFocus = this.doc.activeElement === this.card.host;
    this.card.close();
    this.current = -1;
    this.pinned = false;
    if (restoreFocus && hadFocus) this.launcher.focus();
  }

  /** The page was checked again: follow the open card's sentence, or close it if it is gone. */
  refresh() {
    if (!this.card.isOpen) return;
    const items = this.getItems();
    const index = items.findIndex((item) => item.text === this.card.item.text);
    if (index < 0) {
      this.close(); // focus, if it was in the card, goes back to the launcher
      return;
    }
    this.current = index;
    this.card.item = items[index];
    this.card.reposition();
  }
}

/** What a click inside a highlighted sentence may land on that has a job of its own. */
const CONTROLS = "a[href], button, input, select, textarea, label, summary, [contenteditable]";

/**
 * Whether a click was on a link or a control of the page.
 *
 * @param {MouseEvent} event
 * @returns {boolean}
 */
function onControl(event) {
  const target = event.target;
  return target instanceof Element && target.closest(CONTROLS) !== null;
}

/**
 * Scrolls a range into the middle of the viewport.
 *
 * @param {Document} doc
 * @param {Range} range
 */
function scrollToRange(doc, range) {
  const rect = range.getBoundingClientRect();
  const win = doc.defaultView;
  if (rect.top >= 60 && rect.bottom <= win.innerHeight - 60) return;
  win.scrollBy({ top: rect.top - win.innerHeight / 3, behavior: "instant" });
}
