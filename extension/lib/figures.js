/**
 * How the server's figure verdicts read to a person, shared by the card, the launcher and
 * the popup: the page's count, conflicts first, one entry per figure and its few words, the
 * known values merged (one row per value as written, with every source that gave it), and
 * plain words for a publisher or a date the claims file did not record. Pure functions over
 * the match JSON.
 */

/** Publisher placeholders some claims files use when the name was not recorded. */
const UNNAMED = /^\s*(unnamed|unknown)\b/i;

/** A few words per verdict reason, for lists. */
export const REASONS = Object.freeze({
  exact: "same figure",
  rounded: "fair rounding",
  "different-value": "differs from the sources",
  "other-quantity": "another group's figure",
});

/**
 * What was found about one figure, in a few words: its verdict's reason, or, for a figure
 * compared only with what a checked claim said, that it repeats or differs from that claim
 * (agreeing with a claim says nothing of whether it holds: it may be rated false).
 *
 * @param {{checked: boolean, status: string, reason: string}} figure
 * @returns {string}
 */
export function figureNote({ checked, status, reason }) {
  if (checked) {
    return status === "conflicting" ? "differs from the checked claim" : "repeats a checked claim";
  }
  return REASONS[reason] ?? "";
}

/**
 * The publisher's name, or what kind of source it is when the name was not recorded.
 *
 * @param {any} source
 * @returns {string}
 */
export function publisherName(source) {
  const name = typeof source?.publisher === "string" ? source.publisher : "";
  if (name && !UNNAMED.test(name)) return name;
  const what = { news: "A news site", "fact-check": "A fact-checker" }[source?.kind] ?? "A source";
  return `${what} (name not recorded)`;
}

/**
 * The publication date, or a plain statement that it was not recorded.
 *
 * @param {any} source
 * @returns {string}
 */
export function publishedDate(source) {
  return typeof source?.published === "string" && source.published
    ? source.published
    : "date not recorded";
}

/**
 * `text` ending with exactly one full stop (server details often end with one already).
 *
 * @param {string} text
 * @returns {string}
 */
export function asSentence(text) {
  const trimmed = String(text ?? "").trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * The page's count in a sentence, as the popup's status line and the launcher's name say
 * it: highlighted sentences (each once, with or without figures of their own), those with
 * a figure that conflicts with the sources, and those whose figures differ only from what
 * a checked claim said (see `sentenceVerdict`).
 *
 * @param {number} sentences
 * @param {number} conflicting
 * @param {number} [differing]
 * @returns {string}
 */
export function pageSummary(sentences, conflicting, differing = 0) {
  if (!sentences) return "No known claims on this page.";
  const one = sentences === 1;
  const parts = [
    `${sentences} sentence${one ? "" : "s"} repeat${one ? "s" : ""} known claims`,
    conflicting ? `${conflicting} conflict${conflicting === 1 ? "s" : ""} with the sources` : "",
    differing ? `${differing} differ${differing === 1 ? "s" : ""} from a checked claim` : "",
  ];
  return `${parts.filter(Boolean).join("; ")}.`;
}

/**
 * `text` cut to at most `max` characters at a word's end, with "…" when cut.
 *
 * @param {string} text
 * @param {number} max
 * @returns {string}
 */
export function shorten(text, max) {
  const clean = String(text ?? "")
    .replace(/\s+/g, " ")
    .trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

/**
 * @typedef {"conflicting" | "differs-from-checked" | "consistent" | "checked" | "known"}
 *   SentenceVerdict
 */

/**
 * What a highlighted sentence's figures come to, as its card's headline says it and the
 * page's counts count it: "conflicting" when a figure conflicts with the sources;
 * "differs-from-checked" when its only conflicting figures were compared with what a
 * checked claim said (the claim may be rated false, so differing from it is not
 * conflicting with the sources); "consistent"; else it repeats a claim: "checked" (no
 * figure judged, or only against a checked claim's own) or "known" (no fact-checker rated
 * or sourced it).
 *
 * @param {any[]} matches the server's matches for the sentence
 * @returns {SentenceVerdict}
 */
export function sentenceVerdict(matches) {
  const figures = (matches ?? []).flatMap((m) => m.figures ?? []);
  const conflicting = figures.filter((f) => f.status === "conflicting");
  const checked = (/** @type {any[]} */ some) => some.every((f) => f.checked_claim === true);
  if (conflicting.length) return checked(conflicting) ? "differs-from-checked" : "conflicting";
  if (figures.length && !checked(figures)) return "consistent";
  const factChecked = (matches ?? []).some(
    (m) => m.claim?.rating || (m.sources ?? []).some((s) => s?.kind === "fact-check"),
  );
  return factChecked || figures.length ? "checked" : "known";
}

/**
 * Whether a match holds a conflicting figure.
 *
 * @param {any} match
 * @returns {boolean}
 */
export function hasConflict(match) {
  return (match.figures ?? []).some((f) => f.status === "conflicting");
}

/**
 * Matches with conflicts first, and in each the conflicting figures first (stable).
 *
 * @param {any[]} matches
 * @returns {any[]} copies; the input is not changed
 */
export function conflictsFirst(matches) {
  const rank = (/** @type {boolean} */ bad) => (bad ? 0 : 1);
  return matches
    .map((m, i) => ({ m, i }))
    .sort((a, b) => rank(hasConflict(a.m)) - rank(hasConflict(b.m)) || a.i - b.i)
    .map(({ m }) => ({
      ...m,
      figures: (m.figures ?? [])
        .map((f, i) => ({ f, i }))
        .sort(
          (a, b) =>
            rank(a.f.status === "conflicting") - rank(b.f.status === "conflicting") || a.i - b.i,
        )
        .map(({ f }) => f),
    }));
}

/**
 * @typedef {object} KnownRow one value as the sources wrote it
 * @property {string} text
 * @property {string} amount the value itself ("7 of 10" however written), to count values by
 * @property {string} role "same-quantity" or "value-owner"
 * @property {string | null} population whom it counts, when two groups must be told apart
 * @property {any[]} sources each source once
 * @property {string[]} quotes each distinct quote once
 */

/**
 * Known values merged: one row per (role, quantity, value as written), each source once,
 * each quote once (the same press-release sentence repeated by three outlets is one quote).
 *
 * @param {any[]} known
 * @returns {KnownRow[]}
 */
export function mergeKnown(known) {
  /** @type {Map<string, KnownRow>} */
  const rows = new Map();
  for (const k of known ?? []) {
    const text = k.text ?? String(k.value ?? "");
    const key = `${k.role}|${k.quantity_id}|${text}`;
    let row = rows.get(key);
    if (!row) {
      const amount = `${k.role}|${k.quantity_id}|${k.value ?? text}|${k.of ?? ""}`;
      row = {
        text,
        amount,
        role: k.role,
        population: k.population ?? null,
        sources: [],
        quotes: [],
      };
      rows.set(key, row);
    }
    const source = k.source ?? {};
    const id = sourceKey(source);
    if (!row.sources.some((s) => sourceKey(s) === id)) row.sources.push(source);
    const quote = typeof k.quote === "string" ? k.quote.trim() : "";
    if (quote && !row.quotes.some((q) => sameQuote(q, quote))) row.quotes.push(quote);
  }
  return [...rows.values()];
}

/**
 * One source however many values it gave: its id, or what identifies it without one.
 *
 * @param {any} source
 * @returns {string}
 */
export function sourceKey(source) {
  return source.id ?? `${source.publisher}|${source.published}|${source.url}`;
}

/**
 * @param {string} a
 * @param {string} b
 * @returns {boolean}
 */
function sameQuote(a, b) {
  const norm = (/** @type {string} */ s) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  return norm(a) === norm(b);
}

/**
 * @typedef {{text: string, noun: string | null, status: string, reason: string,
 *   checked: boolean}} FigureEntry `checked`: judged only against what a checked claim
 *   said (agreeing with it says nothing of whether it is true)
 */

/**
 * One entry per figure of a sentence (conflicts first), each figure once even when two
 * matches judge it; a sentence without figures gets none.
 *
 * @param {any[]} matches
 * @returns {FigureEntry[]}
 */
export function figureEntries(matches) {
  /** @type {Map<string, FigureEntry>} */
  const byFigure = new Map();
  for (const match of conflictsFirst(matches ?? [])) {
    for (const f of match.figures ?? []) {
      const key = Array.isArray(f.span) ? f.span.join(":") : String(f.text);
      if (byFigure.has(key)) continue;
      byFigure.set(key, {
        text: String(f.text ?? ""),
        noun: typeof f.noun === "string" ? f.noun : null,
        status: f.status === "conflicting" ? "conflicting" : "consistent",
        reason: String(f.reason ?? ""),
        checked: f.checked_claim === true,
      });
    }
  }
  return [...byFigure.values()];
}
