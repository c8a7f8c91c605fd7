/**
 * The source card: what Recount knows about one highlighted sentence, shown next to it in
 * a `<recount-card>` element whose open shadow root carries its own styles (page CSS cannot
 * reach in). It shows the sentence's figures, the verdict and its explanation, each known
 * value as its source wrote it with publisher, date and a link to the original, a link to
 * the claim page, and "Wrong match" / "Wrong figure" buttons. Escape closes it.
 */

import { createHost, h, link, place } from "./dom.js";

const VERDICTS = {
  consistent: "✓ Consistent with the sources",
  conflicting: "✗ Conflicts with the sources",
};
const FIGURE_BADGES = { consistent: "✓ Matches", conflicting: "✗ Differs" };
const REASONS = {
  exact: "same figure",
  rounded: "fair rounding",
  "different-value": "different figure",
  "other-quantity": "a figure for something else",
};

const CSS = `
:host { color-scheme: light dark; }
.card { box-sizing: border-box; width: min(400px, calc(100vw - 16px)); max-height: min(var(--recount-max-height, 70vh), 560px);
  overflow: auto; padding: 12px 14px 10px; border-radius: 10px; border: 1px solid #c4c7c5;
  background: #ffffff; color: #1b1b1f; box-shadow: 0 8px 28px rgba(0,0,0,.28);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: left; }
.card:focus { outline: none; }
.card:focus-visible, button:focus-visible, a:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
header { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; }
.brand { font-weight: 700; font-size: 12px; letter-spacing: .04em; text-transform: uppercase; color: #00696f; }
.verdict { font-weight: 600; flex: 1; }
.verdict.conflicting { color: #b3261e; }
.verdict.consistent { color: #00696f; }
.close { border: 0; background: transparent; color: inherit; font-size: 18px; line-height: 1; cursor: pointer; padding: 2px 6px; border-radius: 4px; }
section { border-top: 1px solid #e0e2e0; padding-top: 8px; margin-top: 8px; }
.figure { margin: 0 0 8px; }
.figure-head { margin: 0; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 0 6px; border-radius: 999px; border: 1px solid currentColor; margin-right: 4px; }
.badge.conflicting { color: #b3261e; }
.badge.consistent { color: #00696f; }
.reason { color: #5f6368; font-size: 12px; }
.explanation { margin: 4px 0; }
.known-title { margin: 6px 0 2px; font-size: 12px; font-weight: 600; color: #5f6368; text-transform: uppercase; letter-spacing: .03em; }
ul { margin: 0; padding-left: 18px; }
li { margin: 2px 0; }
.value { font-weight: 700; }
.meta { color: #5f6368; }
q { display: block; font-size: 12px; color: #5f6368; font-style: italic; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
.claim { margin: 6px 0; font-size: 13px; }
a { color: #0b57d0; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; align-items: center; }
.actions button, nav button { font: inherit; font-size: 12px; padding: 2px 8px; border-radius: 6px; border: 1px solid #8e918f; background: transparent; color: inherit; cursor: pointer; }
.actions button[disabled] { opacity: .6; cursor: default; }
.status { font-size: 12px; color: #5f6368; }
nav { display: flex; align-items: center; justify-content: space-between; margin-top: 8px; font-size: 12px; color: #5f6368; }
@media (prefers-color-scheme: dark) {
  .card { background: #1f1f23; color: #e3e3e3; border-color: #46474a; }
  .brand, .verdict.consistent, .badge.consistent { color: #4dd0c4; }
  .verdict.conflicting, .badge.conflicting { color: #ffb4ab; }
  .reason, .meta, q, .known-title, .status, nav { color: #a8abb0; }
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
    const body = h(doc, "div", {
      class: "card",
      role: "dialog",
      "aria-label": `Recount: ${VERDICTS[item.status]}`,
      tabindex: "-1",
    });
    body.append(
      h(doc, "header", {}, [
        h(doc, "span", { class: "brand", text: "Recount" }),
        h(doc, "span", { class: `verdict ${item.status}`, text: VERDICTS[item.status] }),
        button(doc, "×", () => this.actions.onClose(), { class: "close", "aria-label": "Close" }),
      ]),
      ...item.matches.map((match) => this.renderMatch(item, match)),
    );
    if (total > 1) {
      body.append(
        h(doc, "nav", { "aria-label": "Highlighted sentences" }, [
          button(doc, "‹ Previous", () => this.actions.onStep(-1)),
          h(doc, "span", { text: `${index + 1} of ${total}` }),
          button(doc, "Next ›", () => this.actions.onStep(1)),
        ]),
      );
    }
    this.root.replaceChildren(this.root.querySelector("style"), body);
    place(this.host, { display: "block", visibility: "hidden", top: "0px", left: "0px" });
    this.reposition();
    place(this.host, { visibility: "visible" });
    if (focus) body.focus();
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
        h(doc, "p", { class: "known-title", text: "Sources" }),
        h(
          doc,
          "ul",
          {},
          match.sources.map((s) => h(doc, "li", {}, [sourceLine(doc, s)])),
        ),
      );
    }
    section.append(
      h(doc, "p", { class: "claim" }, [
        "Claim: ",
        h(doc, "span", { text: claim.text ?? "" }),
        " ",
        link(doc, claim.url, "See the claim on Recount"),
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
    const known = dedupe(figure.known ?? []);
    return h(doc, "div", { class: "figure" }, [
      h(doc, "p", { class: "figure-head" }, [
        h(doc, "span", { class: `badge ${status}`, text: FIGURE_BADGES[status] }),
        h(doc, "strong", { text: `“${figure.text ?? ""}”` }),
        REASONS[figure.reason]
          ? h(doc, "span", { class: "reason", text: ` (${REASONS[figure.reason]})` })
          : null,
      ]),
      figure.explanation ? h(doc, "p", { class: "explanation", text: figure.explanation }) : null,
      known.length ? h(doc, "p", { class: "known-title", text: "What the sources counted" }) : null,
      known.length
        ? h(
            doc,
            "ul",
            {},
            known.map((k) =>
              h(doc, "li", {}, [
                h(doc, "span", { class: "value", text: k.text ?? String(k.value ?? "") }),
                " — ",
                sourceLine(doc, k.source ?? {}),
                k.quote ? h(doc, "q", { text: k.quote }) : null,
              ]),
            ),
          )
        : null,
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
      const btn = button(doc, label, async () => {
        btn.setAttribute("disabled", "");
        status.textContent = "Sending…";
        try {
          await this.actions.onFeedback(report);
          status.textContent = "Thanks, your report was sent.";
        } catch (error) {
          btn.removeAttribute("disabled");
          status.textContent = `Not sent: ${error?.message ?? "the server is unavailable"}.`;
        }
      });
      row.append(btn);
    }
    row.append(status);
    return row;
  }

  /**
   * Places the card below the sentence, or above it when there is more room there; a card
   * taller than the room scrolls inside, so it never covers the sentence it explains.
   */
  reposition() {
    if (!this.item) return;
    const win = this.doc.defaultView;
    const rect = this.item.range.getBoundingClientRect();
    const margin = 8;
    const below = win.innerHeight - rect.bottom - 2 * margin;
    const above = rect.top - 2 * margin;
    this.host.style.removeProperty("--recount-max-height");
    const natural = this.host.getBoundingClientRect().height;
    const onTop = natural > below && (natural <= above || above > below);
    if (natural > (onTop ? above : below)) {
      const room = Math.max(160, onTop ? above : below);
      place(this.host, { "--recount-max-height": `${Math.floor(room)}px` });
    }
    const card = this.host.getBoundingClientRect();
    const top = onTop ? Math.max(margin, rect.top - margin - card.height) : rect.bottom + margin;
    const left = Math.min(
      Math.max(margin, rect.left),
      Math.max(margin, win.innerWidth - card.width - margin),
    );
    place(this.host, { top: `${Math.round(top)}px`, left: `${Math.round(left)}px` });
  }

  /** Hides the card. */
  close() {
    this.item = null;
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
 * "Publisher, 2026-02-02 · original" for a source.
 *
 * @param {Document} doc
 * @param {any} source
 * @returns {HTMLElement}
 */
function sourceLine(doc, source) {
  const parts = [
    h(doc, "span", { class: "publisher", text: source.publisher ?? "Unknown publisher" }),
  ];
  parts.push(", ", h(doc, "span", { class: "meta", text: source.published ?? "date unknown" }));
  if (source.url) parts.push(" · ", link(doc, source.url, "original"));
  return h(doc, "span", {}, parts);
}

/**
 * Known values without repeats (the same text from the same publisher on the same day).
 *
 * @param {any[]} known
 * @returns {any[]}
 */
function dedupe(known) {
  const seen = new Set();
  return known.filter((k) => {
    const key = `${k.text}|${k.source?.publisher}|${k.source?.published}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
