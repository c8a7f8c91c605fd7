/**
 * The source card: what Recount knows about one highlighted sentence, shown next to it in
 * a `<recount-card>` element whose open shadow root carries its own styles (page CSS cannot
 * reach in). Conflicts come first. Each figure gets its verdict in one short sentence; when
 * the figure belongs to another group, the value for the sentence's own group and the other
 * group's value are set side by side, each labelled with whom it counts. Below, the known
 * values merged (one row per value, every source with its date and a link to the original
 * when there is one, each quote once), the claim's page, and "Wrong match" / "Wrong figure"
 * buttons. The card grows to fit its content; only a card taller than the window scrolls,
 * and then says so. Escape closes it.
 */

import { REASONS, asSentence, conflictsFirst, mergeKnown } from "../lib/figures.js";
import { createHost, h, link, place } from "./dom.js";
import { glance, sourcesBlock } from "./known.js";

const VERDICTS = {
  consistent: "✓ Consistent with the sources",
  conflicting: "✗ Conflicts with the sources",
  // No figure of the sentence was judged, or only against what a checked claim said: it
  // repeats a claim, which may be false (a fact-checker's rating is shown below).
  checked: "Repeats a checked claim",
  known: "Repeats a known claim",
  "differs-from-checked": "✗ Differs from the checked claim",
};
const FIGURE_BADGES = { consistent: "✓ Matches", conflicting: "✗ Differs" };

const CSS = `
:host { color-scheme: light dark; }
.card { box-sizing: border-box; width: min(400px, calc(100vw - 16px)); max-height: var(--recount-max-height, none);
  overflow: auto; padding: 10px 12px 8px; border-radius: 10px; border: 1px solid #c4c7c5;
  background: #ffffff; color: #1b1b1f; box-shadow: 0 8px 28px rgba(0,0,0,.28);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: left; }
.card:focus { outline: none; }
.card:focus-visible, button:focus-visible, a:focus-visible, summary:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
header { display: flex; align-items: center; gap: 8px; margin-bottom: 4px; }
.brand { font-weight: 700; font-size: 12px; letter-spacing: .04em; text-transform: uppercase; color: #00696f; }
.verdict { font-weight: 600; flex: 1; }
.verdict.conflicting { color: #b3261e; }
.verdict.consistent { color: #00696f; }
.verdict.checked, .verdict.known { color: #3c4043; }
.verdict.differs-from-checked { color: #b3261e; }
.close { border: 0; background: transparent; color: inherit; font-size: 18px; line-height: 1; cursor: pointer; padding: 2px 6px; border-radius: 4px; }
section { border-top: 1px solid #e0e2e0; padding-top: 6px; margin-top: 6px; }
.figure { margin: 0 0 6px; }
.figure-head { margin: 0; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 0 6px; border-radius: 999px; border: 1px solid currentColor; margin-right: 4px; }
.badge.conflicting { color: #b3261e; }
.badge.consistent { color: #00696f; }
.reason { color: #5f6368; font-size: 12px; }
.explanation { margin: 2px 0 4px; }
.glance { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 4px 0; padding: 6px 8px; border-radius: 8px; background: #f1f3f4; align-items: baseline; }
.glance .num { font-weight: 700; font-size: 16px; font-variant-numeric: tabular-nums; }
.glance .who { font-size: 12px; color: #3c4043; }
.glance .who b { font-weight: 600; }
details { margin: 2px 0; }
summary { cursor: pointer; font-size: 12px; color: #5f6368; }
ul { margin: 2px 0; padding-left: 16px; }
li { margin: 2px 0; font-size: 13px; }
.value { font-weight: 700; }
.group { font-size: 12px; color: #5f6368; }
.meta { color: #5f6368; }
.note { font-size: 12px; color: #5f6368; margin: 2px 0; }
q { display: block; font-size: 12px; color: #5f6368; font-style: italic; margin: 2px 0; }
.claim { margin: 4px 0; font-size: 13px; }
.claim-text { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; color: #3c4043; }
.claim-about { display: block; font-size: 12px; color: #5f6368; }
a { color: #0b57d0; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 4px; align-items: center; }
.actions button, nav button { font: inherit; font-size: 12px; padding: 2px 8px; border-radius: 6px; border: 1px solid #8e918f; background: transparent; color: inherit; cursor: pointer; }
.actions button[disabled] { opacity: .6; cursor: default; }
.status { font-size: 12px; color: #5f6368; }
nav { display: flex; align-items: center; justify-content: space-between; margin-top: 6px; font-size: 12px; color: #5f6368; }
.more { position: sticky; bottom: -8px; margin: 0 -12px -8px; padding: 4px 12px; font-size: 12px; text-align: center; background: #e8eaed; color: #3c4043; }
@media (prefers-color-scheme: dark) {
  .card { background: #1f1f23; color: #e3e3e3; border-color: #46474a; }
  .brand, .verdict.consistent, .badge.consistent { color: #4dd0c4; }
  .verdict.conflicting, .verdict.differs-from-checked, .badge.conflicting { color: #ffb4ab; }
  .reason, .meta, q, .status, nav, summary, .group, .note, .claim-about { color: #a8abb0; }
  .verdict.checked, .verdict.known { color: #e3e3e3; }
  .glance { background: #2d2e31; }
  .glance .who, .claim-text { color: #c4c7c5; }
  .more { background: #2d2e31; color: #e3e3e3; }
  section { border-color: #3a3b3e; }
  a { color: #a8c7fa; }
}
`;

/** The card UI; one per page, reused for every sentence. */
export class Card {
  /**
   * @param {Document} doc
   * @param {{onFeedback: (report: {claim_id: string, sentence: string,
   *   span: [number, number] | null, kind: string}) => Promise<unknown>,
   *   onClose: () => void, onStep: (delta: number) => void}} actions
   */
  constructor(doc, actions) {
    this.doc = doc;
    this.actions = actions;
    this.item = null;
    /** The step (-1, 1) whose button opened the card now opening; 0 otherwise. */
    this.stepped = 0;
    const { host, root } = createHost(doc, "recount-card", CSS);
    this.host = host;
    this.root = root;
    root.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        this.actions.onClose();
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
   * @param {{index: number, total: number, focus: boolean}} position
   */
  open(item, { index, total, focus }) {
    this.item = item;
    const doc = this.doc;
    const verdict = headline(item);
    const body = h(doc, "div", {
      class: "card",
      role: "dialog",
      "aria-label": `Recount: ${VERDICTS[verdict]}`,
      tabindex: "-1",
    });
    body.append(
      h(doc, "header", {}, [
        h(doc, "span", { class: "brand", text: "Recount" }),
        h(doc, "span", { class: `verdict ${verdict}`, text: VERDICTS[verdict] }),
        button(doc, "×", () => this.actions.onClose(), { class: "close", "aria-label": "Close" }),
      ]),
      ...conflictsFirst(item.matches).map((match) => this.renderMatch(item, match)),
    );
    if (total > 1) {
      body.append(
        h(doc, "nav", { "aria-label": "Highlighted sentences" }, [
          button(doc, "‹ Previous", () => this.step(-1), { "data-step": "-1" }),
          h(doc, "span", { text: `${index + 1} of ${total}` }),
          button(doc, "Next ›", () => this.step(1), { "data-step": "1" }),
        ]),
      );
    }
    body.addEventListener("scroll", () => showMore(body), { passive: true });
    this.root.replaceChildren(this.root.querySelector("style"), body);
    this.body = body;
    place(this.host, { display: "block", visibility: "hidden", top: "0px", left: "0px" });
    this.reposition();
    place(this.host, { visibility: "visible" });
    if (focus) {
      // Stepped with Previous or Next: the same button keeps the focus, so a keyboard
      // reader can step on without tabbing through the card again.
      const stepper = body.querySelector(`button[data-step="${this.stepped}"]`);
      (stepper ?? body).focus();
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
   * One matched claim: its figures with verdicts and known values, the claim, the buttons.
   *
   * @param {import("./checker.js").Item} item
   * @param {any} match
   * @returns {HTMLElement}
   */
  renderMatch(item, match) {
    const doc = this.doc;
    const claim = match.claim ?? {};
    const section = h(doc, "section");
    for (const figure of match.figures ?? []) {
      section.append(this.renderFigure(item, claim, figure));
    }
    if (!(match.figures ?? []).length && (match.sources ?? []).length) {
      section.append(
        sourcesBlock(doc, [
          {
            text: "",
            role: "same-quantity",
            population: null,
            sources: match.sources,
            quotes: [],
          },
        ]),
      );
    }
    // Who said it and how the fact-checker rated it: a sentence can repeat a false claim.
    const about = [
      claim.claimant ? `Said by ${claim.claimant}` : null,
      claim.rating ? `rated “${claim.rating}”` : null,
    ].filter(Boolean);
    section.append(
      h(doc, "p", { class: "claim" }, [
        h(doc, "span", { class: "claim-text", text: `Claim: ${claim.text ?? ""}` }),
        about.length ? h(doc, "span", { class: "claim-about", text: about.join(" · ") }) : null,
        link(doc, claim.url, "The claim, its figures and sources on Recount"),
      ]),
    );
    section.append(
      this.feedbackRow([
        [
          "Wrong match",
          { claim_id: claim.id, sentence: item.text, span: null, kind: "wrong-match" },
        ],
      ]),
    );
    return section;
  }

  /**
   * @param {import("./checker.js").Item} item
   * @param {any} claim
   * @param {any} figure
   * @returns {HTMLElement}
   */
  renderFigure(item, claim, figure) {
    const doc = this.doc;
    const status = figure.status === "conflicting" ? "conflicting" : "consistent";
    const rows = mergeKnown(figure.known ?? []);
    return h(doc, "div", { class: "figure" }, [
      h(doc, "p", { class: "figure-head" }, [
        h(doc, "span", { class: `badge ${status}`, text: FIGURE_BADGES[status] }),
        h(doc, "strong", { text: `“${figure.text ?? ""}”` }),
        REASONS[figure.reason]
          ? h(doc, "span", { class: "reason", text: ` (${REASONS[figure.reason]})` })
          : null,
      ]),
      figure.explanation ? h(doc, "p", { class: "explanation", text: figure.explanation }) : null,
      status === "conflicting" ? glance(doc, figure, rows) : null,
      rows.length ? sourcesBlock(doc, rows) : null,
      this.feedbackRow([
        [
          "Wrong figure",
          {
            claim_id: claim.id,
            sentence: item.text,
            span: Array.isArray(figure.span) ? figure.span : null,
            kind: "wrong-figure",
          },
        ],
      ]),
    ]);
  }

  /**
   * Buttons that post feedback, with a status line that screen readers announce.
   *
   * @param {[string, any][]} buttons label and report
   * @returns {HTMLElement}
   */
  feedbackRow(buttons) {
    const doc = this.doc;
    const status = h(doc, "span", { class: "status", role: "status" });
    const row = h(doc, "div", { class: "actions" });
    for (const [label, report] of buttons) {
      const btn = button(doc, label, async (event) => {
        // A report goes to the server in the reader's name: only a reader's own click (or
        // key) sends it, never a click the page's scripts make.
        if (!event.isTrusted) return;
        btn.setAttribute("disabled", "");
        status.textContent = "Sending…";
        try {
          await this.actions.onFeedback(report);
          status.textContent = "Thanks, your report was sent.";
        } catch (error) {
          btn.removeAttribute("disabled");
          status.textContent = `Not sent: ${asSentence(error?.message ?? "the server is unavailable")}`;
        }
      });
      row.append(btn);
    }
    row.append(status);
    return row;
  }

  /**
   * Places the card below the sentence, or above it when there is more room there. A card
   * that fits neither side is moved up until it is whole in the window (it may then cover
   * part of the sentence); only a card taller than the window scrolls, with a visible
   * "more below" line.
   */
  reposition() {
    if (!this.item) return;
    const win = this.doc.defaultView;
    const rect = this.item.range.getBoundingClientRect();
    const margin = 8;
    // Measuring the card's natural height lifts its height limit, which scrolls a tall
    // card back to its top: the reader's place in it is put back below.
    const scrolled = this.body?.scrollTop ?? 0;
    this.host.style.removeProperty("--recount-max-height");
    this.body?.querySelector(".more")?.remove();
    const natural = this.host.getBoundingClientRect().height;
    const below = win.innerHeight - rect.bottom - 2 * margin;
    const above = rect.top - 2 * margin;
    let top;
    if (natural <= below) top = rect.bottom + margin;
    else if (natural <= above) top = rect.top - margin - natural;
    else top = Math.max(margin, win.innerHeight - margin - natural);
    if (natural > win.innerHeight - 2 * margin) {
      place(this.host, { "--recount-max-height": `${Math.floor(win.innerHeight - 2 * margin)}px` });
      this.body?.append(
        h(this.doc, "p", { class: "more", "aria-hidden": "true", text: "More below ↓" }),
      );
      if (this.body) {
        this.body.scrollTop = scrolled;
        showMore(this.body);
      }
      top = margin;
    }
    const card = this.host.getBoundingClientRect();
    const left = Math.min(
      Math.max(margin, rect.left),
      Math.max(margin, win.innerWidth - card.width - margin),
    );
    place(this.host, { top: `${Math.round(top)}px`, left: `${Math.round(left)}px` });
  }

  /** Hides the card. */
  close() {
    this.item = null;
    this.body = null;
    place(this.host, { display: "none" });
    this.root.replaceChildren(this.root.querySelector("style"));
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

/**
 * @param {Document} doc
 * @param {string} label
 * @param {(event: Event) => void} onClick
 * @param {Record<string, string>} [attrs]
 * @returns {HTMLElement}
 */
function button(doc, label, onClick, attrs = {}) {
  const el = h(doc, "button", { type: "button", text: label, ...attrs });
  el.addEventListener("click", onClick);
  return el;
}

/**
 * The card's headline: the sentence's figure verdicts against the sources; when no figure
 * was judged, or only against what checked claims said (`checked_claim`), that it repeats
 * a checked claim (a known one, when no fact-checker rated or sourced it), or differs from
 * it: agreeing with a claim says nothing of whether it is true.
 *
 * @param {import("./checker.js").Item} item
 * @returns {keyof typeof VERDICTS}
 */
function headline(item) {
  const figures = item.matches.flatMap((m) => m.figures ?? []);
  const conflicting = figures.filter((f) => f.status === "conflicting");
  const checked = (/** @type {any[]} */ some) => some.every((f) => f.checked_claim === true);
  if (conflicting.length) return checked(conflicting) ? "differs-from-checked" : "conflicting";
  if (figures.length && !checked(figures)) return "consistent";
  const factChecked = item.matches.some(
    (m) => m.claim?.rating || (m.sources ?? []).some((s) => s?.kind === "fact-check"),
  );
  return factChecked || figures.length ? "checked" : "known";
}
