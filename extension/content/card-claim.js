/**
 * One matched claim in the card: each of its figures with its verdict in one short sentence
 * (and, when the figure belongs to another group, the values side by side), the known
 * values merged with their sources, who made the claim and how it was rated, a link to its
 * page on the server, and the "Wrong figure" / "Wrong match" buttons, each named for what
 * it reports; a note when the sentence was matched as it goes on from an earlier one.
 * Server data only ever goes in as text.
 */

import { asSentence, figureNote, mergeKnown, shorten } from "../lib/figures.js";
import { button, h, isolated, langOf, link, marked } from "./dom.js";
import { glance, sourcesBlock } from "./known.js";

/** How much of the sentence (or claim) the card quotes to say what it is about. */
export const ABOUT_CHARS = 90;
/** A figure's badge; "checked": compared only with what a checked claim said, and the same. */
const FIGURE_BADGES = {
  consistent: "✓ Matches",
  conflicting: "✗ Differs",
  checked: "Repeats a checked claim",
};

/**
 * @typedef {object} Actions what the card does for a claim's buttons
 * @property {(report: {claim_id: string, sentence: string, span: [number, number] | null,
 *   kind: string}) => Promise<unknown>} onFeedback posts a report
 * @property {() => void} onResize places the card again (its content grew)
 */

/**
 * One matched claim: its figures with verdicts and known values, the claim, the buttons.
 *
 * @param {Document} doc
 * @param {import("./checker.js").Item} item
 * @param {any} match
 * @param {Actions} actions
 * @returns {HTMLElement}
 */
export function renderMatch(doc, item, match, actions) {
  const claim = match.claim ?? {};
  const section = h(doc, "section");
  if (Number.isInteger(match.follows)) {
    // Matched for what the sentence before it said: this one alone names too little.
    section.append(
      h(doc, "p", {
        class: "note",
        text: "Highlighted as it goes on from an earlier sentence that repeats this claim, with the claim’s own figures.",
      }),
    );
  } else if (match.repeats === true) {
    // Matched for its figures: what the sources counted, said of a group the sentence
    // names (a value only they gave, or another value of the same thing).
    section.append(
      h(doc, "p", {
        class: "note",
        text: "Highlighted for its figures: it gives what the sources counted for the group it names.",
      }),
    );
  }
  for (const figure of match.figures ?? []) {
    section.append(renderFigure(doc, item, claim, figure, actions));
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
  // Names and ratings are data, each set apart so that one in a right-to-left script does
  // not carry the words around it along.
  const about = [
    claim.claimant ? ["Said by ", isolated(doc, claim.claimant)] : null,
    claim.rating ? ["rated “", isolated(doc, claim.rating), "”"] : null,
  ].filter(Boolean);
  const more = link(doc, claim.url, "The claim, its figures and sources on Recount");
  // A card with several claims has several such links: each is named after its claim
  // (the name starts with the words shown, for voice control).
  if (more.nodeType === Node.ELEMENT_NODE) {
    /** @type {Element} */ (more).setAttribute(
      "aria-label",
      `The claim, its figures and sources on Recount: ${shorten(claim.text ?? "", ABOUT_CHARS)}`,
    );
  }
  section.append(
    h(doc, "p", { class: "claim" }, [
      // In its own language when the server knows it, else taken to be in the sentence's
      // (it matched the sentence); isolated either way, as the sentence is.
      h(doc, "span", { class: "claim-text" }, [
        "Claim: ",
        isolated(doc, claim.text ?? "", claim.language || langOf(item.range)),
      ]),
      about.length
        ? h(
            doc,
            "span",
            { class: "claim-about" },
            about.flatMap((part, i) => (i ? [" · ", ...part] : part)),
          )
        : null,
      more,
    ]),
  );
  section.append(
    feedbackRow(
      doc,
      [
        [
          "Wrong match",
          `Wrong match: ${shorten(claim.text ?? "", ABOUT_CHARS)}`,
          { claim_id: claim.id, sentence: item.text, span: null, kind: "wrong-match" },
        ],
      ],
      actions,
    ),
  );
  return section;
}

/**
 * One figure: its verdict, the values at a glance when it conflicts, the known values.
 *
 * @param {Document} doc
 * @param {import("./checker.js").Item} item
 * @param {any} claim
 * @param {any} figure
 * @param {Actions} actions
 * @returns {HTMLElement}
 */
function renderFigure(doc, item, claim, figure, actions) {
  const status = figure.status === "conflicting" ? "conflicting" : "consistent";
  const checked = figure.checked_claim === true;
  // The same figure as a checked claim's is a repeat of that claim, which may be rated
  // false: never a green "matches" (the badge says it all; the rating is shown below).
  const badge = checked && status === "consistent" ? "checked" : status;
  const note = badge === "checked" ? "" : figureNote({ checked, status, reason: figure.reason });
  const rows = mergeKnown(figure.known ?? []);
  return h(doc, "div", { class: "figure" }, [
    h(doc, "p", { class: "figure-head" }, [
      marked(doc, "span", { class: `badge ${badge}` }, FIGURE_BADGES[badge]),
      // The figure as the page wrote it: in the page's language and direction.
      h(doc, "strong", {}, ["“", isolated(doc, figure.text ?? "", langOf(item.range)), "”"]),
      note ? h(doc, "span", { class: "reason", text: ` (${note})` }) : null,
    ]),
    figure.explanation ? h(doc, "p", { class: "explanation", text: figure.explanation }) : null,
    status === "conflicting" ? glance(doc, figure, rows) : null,
    rows.length ? sourcesBlock(doc, rows, checked) : null,
    feedbackRow(
      doc,
      [
        [
          "Wrong figure",
          `Wrong figure: ${figure.text ?? ""}`,
          {
            claim_id: claim.id,
            sentence: item.text,
            span: Array.isArray(figure.span) ? figure.span : null,
            kind: "wrong-figure",
          },
        ],
      ],
      actions,
    ),
  ]);
}

/**
 * Buttons that post feedback, with a status line that screen readers announce.
 *
 * @param {Document} doc
 * @param {[string, string, any][]} buttons label, accessible name (the label and what
 *   it is about: a card has one per figure and per claim) and report
 * @param {Actions} actions
 * @returns {HTMLElement}
 */
function feedbackRow(doc, buttons, actions) {
  const status = h(doc, "span", { class: "status", role: "status" });
  const row = h(doc, "div", { class: "actions" });
  for (const [label, name, report] of buttons) {
    const btn = button(
      doc,
      label,
      async (event) => {
        // A report goes to the server in the reader's name: only a reader's own click (or
        // key) sends it, never a click the page's scripts make.
        if (!event.isTrusted) return;
        btn.setAttribute("disabled", "");
        status.textContent = "Sending…";
        try {
          await actions.onFeedback(report);
          status.textContent = "Thanks, your report was sent.";
        } catch (error) {
          btn.removeAttribute("disabled");
          status.textContent = `Not sent: ${asSentence(error?.message ?? "the server is unavailable")}`;
        }
        actions.onResize(); // a longer status line may have grown the card
      },
      { "aria-label": name },
    );
    row.append(btn);
  }
  row.append(status);
  return row;
}
