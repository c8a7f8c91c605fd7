/**
 * The source card: what Recount knows about one highlighted sentence, shown next to it in
 * a `<recount-card>` element whose open shadow root carries its own styles (page CSS cannot
 * reach in). Under its headline, the start of the sentence it is about (which also describes
 * it to screen readers). Conflicts come first. Each figure gets its verdict in one short
 * sentence; when the figure belongs to another group, the value for the sentence's own group
 * and the other group's value are set side by side, each labelled with whom it counts. Below,
 * the known values merged (one row per value, every source with its date and a link to the
 * original when there is one, each quote once), the claim's page, and "Wrong match" / "Wrong
 * figure" buttons, each named for the figure or claim it reports. The card grows to fit its
 * content up to the room beside the sentence (or the window), past which it scrolls and says
 * so; it keeps off the sentence and the launcher where the window has room, and is placed
 * again whenever it grows. Escape closes it; arrow keys step to the next or previous sentence.
 */

import { conflictsFirst, sentenceVerdict, shorten } from "../lib/figures.js";
import { placeCard, scrollToReveal } from "../lib/placement.js";
import { ABOUT_CHARS, renderMatch } from "./card-claim.js";
import { CARD_CSS } from "./card-style.js";
import {
  button,
  createHost,
  h,
  isolated,
  langOf,
  marked,
  matchScheme,
  place,
  stepKey,
  withoutGlyph,
} from "./dom.js";

/** The headline for each `sentenceVerdict`. */
const VERDICTS = {
  consistent: "✓ Consistent with the sources",
  conflicting: "✗ Conflicts with the sources",
  // No figure of the sentence was judged, or only against what a checked claim said: it
  // repeats a claim, which may be false (a fact-checker's rating is shown below).
  checked: "Repeats a checked claim",
  known: "Repeats a known claim",
  "differs-from-checked": "✗ Differs from the checked claim",
};

/** The card UI; one per page, reused for every sentence. */
export class Card {
  /**
   * @param {Document} doc
   * @param {{onFeedback: (report: {claim_id: string, sentence: string,
   *   span: [number, number] | null, kind: string}) => Promise<unknown>,
   *   onClose: () => void, onStep: (delta: number) => void}} actions
   * @param {{avoid?: () => Element[]}} [options] `avoid`: what the card must not cover
   *   where the window has room (the floating launcher)
   */
  constructor(doc, actions, { avoid = () => [] } = {}) {
    this.doc = doc;
    this.actions = actions;
    this.avoid = avoid;
    this.item = null;
    /** @type {{layout: any, spot: any} | null} where the card was last placed, and why */
    this.placed = null;
    /** The step (-1, 1) whose button opened the card now opening; 0 otherwise. */
    this.stepped = 0;
    const { host, root } = createHost(doc, "recount-card", CARD_CSS);
    this.host = host;
    this.root = root;
    // Opening "What the sources counted" grows the card: it is placed again to fit.
    root.addEventListener("toggle", () => this.reposition(), true);
    root.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        this.actions.onClose();
        return;
      }
      // Arrow keys move between highlights from inside the card too, as from the launcher
      // (none of the card's controls uses them; PageDown and PageUp scroll a tall card).
      const delta = stepKey(event);
      if (delta) {
        event.preventDefault();
        event.stopPropagation();
        this.step(delta);
      }
    });
  }

  /** Whether a card is showing. */
  get isOpen() {
    return this.item !== null;
  }

  /**
   * Shows the card for a highlighted sentence, next to it.
   *
   * @param {import("./checker.js").Item} item
   * @param {{index: number, total: number, focus: boolean, reveal?: boolean}} position
   *   `reveal`: the page may scroll to show the sentence and the whole card (a card opened
   *   by a click or a key, never by hovering, when the page would move under the pointer)
   */
  open(item, { index, total, focus, reveal = false }) {
    this.item = item;
    const doc = this.doc;
    // The scheme of the page behind the sentence as it is now (a page may switch between
    // light and dark, or show a dark box in a light page).
    matchScheme(this.host, doc, item.range?.commonAncestorContainer ?? null);
    const verdict = sentenceVerdict(item.matches);
    const body = h(doc, "div", {
      class: "card",
      role: "dialog",
      // Named by its verdict and described by the sentence it is about, which a reader who
      // came by the keyboard has not seen highlighted.
      "aria-label": `Recount: ${withoutGlyph(VERDICTS[verdict])}`,
      "aria-describedby": "recount-card-about",
      tabindex: "-1",
    });
    body.append(
      h(doc, "div", { class: "head" }, [
        h(doc, "span", { class: "brand", text: "Recount" }),
        marked(doc, "span", { class: `verdict ${verdict}` }, VERDICTS[verdict]),
        button(doc, "×", () => this.actions.onClose(), { class: "close", "aria-label": "Close" }),
      ]),
      h(doc, "p", { id: "recount-card-about", class: "about" }, [
        // Its place among the highlights tells apart two sentences that start alike.
        `Sentence${total > 1 ? ` ${index + 1} of ${total}` : ""}: “`,
        // The page's words keep their direction and, for a screen reader, their language.
        isolated(doc, shorten(item.text, ABOUT_CHARS), langOf(item.range)),
        "”",
      ]),
      ...conflictsFirst(item.matches).map((match) =>
        renderMatch(doc, item, match, {
          onFeedback: (report) => this.actions.onFeedback(report),
          onResize: () => this.reposition(),
        }),
      ),
    );
    if (total > 1) {
      body.append(
        h(doc, "nav", { "aria-label": "Highlighted sentences" }, [
          // The arrows are drawn, not read: the buttons are "Previous" and "Next".
          button(doc, "‹ Previous", () => this.step(-1), {
            "data-step": "-1",
            "aria-label": "Previous",
          }),
          h(doc, "span", { text: `${index + 1} of ${total}` }),
          button(doc, "Next ›", () => this.step(1), { "data-step": "1", "aria-label": "Next" }),
        ]),
      );
    }
    body.addEventListener("scroll", () => showMore(body), { passive: true });
    this.root.replaceChildren(this.root.querySelector("style"), body);
    this.body = body;
    this.placed = null; // a new card chooses its side afresh
    place(this.host, { display: "block", visibility: "hidden", top: "0px", left: "0px" });
    this.reposition();
    if (reveal) this.reveal();
    place(this.host, { visibility: "visible" });
    if (focus) {
      // Stepped with Previous or Next: the same button keeps the focus, so a keyboard
      // reader can step on without tabbing through the card again. Focusing it must not
      // scroll a tall card to its end: the card opens at its headline, its sentence and
      // its first (conflicting) figure.
      const stepper = body.querySelector(`button[data-step="${this.stepped}"]`);
      (stepper ?? body).focus({ preventScroll: true });
      body.scrollTop = 0;
    }
    this.stepped = 0;
  }

  /**
   * Asks for the sentence `delta` places on; its card keeps the focus on the same button.
   *
   * @param {number} delta
   */
  step(delta) {
    this.stepped = delta;
    this.actions.onStep(delta);
  }

  /**
   * Places the card beside its sentence (see `placeCard`): whole below or above it when it
   * fits, else capped to the larger side's room, scrolling inside with a visible "More
   * below" line; never past the window's edges. Called again whenever the card grows or
   * the page scrolls, when it keeps the side it is on while that side has room.
   */
  reposition() {
    if (!this.item || !this.body) return;
    const win = this.doc.defaultView;
    const body = this.body;
    body.querySelector(".more")?.remove();
    // The content's full height, whatever the current cap: measured without lifting the
    // cap, so a card the reader has scrolled keeps its place.
    const natural = body.scrollHeight + body.offsetHeight - body.clientHeight;
    const layout = {
      anchor: this.item.range.getBoundingClientRect(),
      width: this.host.getBoundingClientRect().width,
      height: natural,
      viewport: { width: win.innerWidth, height: win.innerHeight },
      avoid: this.avoid().map((el) => el.getBoundingClientRect()),
      // Placed again (grown, or the page scrolled): it keeps its side while there is room.
      side: this.placed?.spot.side ?? null,
    };
    const spot = placeCard(layout);
    this.placed = { layout, spot };
    place(this.host, {
      "--recount-max-height": `${Math.floor(spot.maxHeight)}px`,
      top: `${Math.round(spot.top)}px`,
      left: `${Math.round(spot.left)}px`,
    });
    if (natural > Math.floor(spot.maxHeight)) {
      body.append(h(this.doc, "p", { class: "more", "aria-hidden": "true", text: "More below ↓" }));
      showMore(body);
    }
  }

  /**
   * Scrolls the page for a card that does not fit whole beside its sentence: so that both
   * fit, the card below, or else so that the card has the most room below the sentence.
   */
  reveal() {
    if (!this.placed) return;
    const { layout, spot } = this.placed;
    if (!spot.covers && layout.height <= Math.floor(spot.maxHeight)) return;
    const delta = scrollToReveal(layout);
    if (!delta) return;
    this.doc.defaultView.scrollBy({ top: delta, behavior: "instant" });
    this.placed = null; // the page moved to make room below: the side is chosen again
    this.reposition();
  }

  /** Hides the card. */
  close() {
    this.item = null;
    this.body = null;
    this.placed = null;
    place(this.host, { display: "none" });
    this.root.replaceChildren(this.root.querySelector("style"));
  }

  /** Takes the card out of the page for good. */
  remove() {
    this.close();
    this.host.remove();
  }

  /**
   * Whether an event happened inside the card.
   *
   * @param {Event} event
   * @returns {boolean}
   */
  containsEvent(event) {
    return event.composedPath().includes(this.host);
  }
}

/**
 * Hides a tall card's "More below" line once its end is in view.
 *
 * @param {HTMLElement} body
 */
function showMore(body) {
  const more = body.querySelector(".more");
  if (more) more.hidden = body.scrollTop + body.clientHeight >= body.scrollHeight - 4;
}
