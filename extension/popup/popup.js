/**
 * The toolbar popup. Opening it is the reader's "check this page" click: it asks the
 * service worker to check the active tab (under `activeTab`), then lists the page's
 * highlighted sentences, one entry each with its figures and what was found about them,
 * grouped as their cards head them (a conflict with the sources first, then a difference
 * from a checked claim, then the others), and counts by source; choosing one scrolls the
 * page to it and opens its card.
 */

import { safeUrl } from "../content/dom.js";
import { getChromeAPI } from "../lib/chrome-api.js";
import { asSentence, figureNote, pageSummary } from "../lib/figures.js";
import { MSG, unwrap } from "../lib/messages.js";

/** The popup's list for each `sentenceVerdict`; the others go to "matched". */
const LISTS = { conflicting: "conflicts", "differs-from-checked": "differs" };

/**
 * Wires the popup's controls and runs the check.
 *
 * @param {import("../lib/chrome-api.js").ChromeAPI} [api]
 * @param {Document} [doc]
 * @returns {Promise<void>}
 */
export async function init(api = getChromeAPI(), doc = document) {
  doc.getElementById("options").addEventListener("click", () => api.runtime.openOptionsPage());
  const status = doc.getElementById("status");
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  if (!tab?.id) {
    status.textContent = "No page to check.";
    return;
  }
  try {
    const summary = unwrap(await api.runtime.sendMessage({ type: MSG.CHECK_TAB, tabId: tab.id }));
    render(doc, summary, (id) => {
      api.tabs.sendMessage(tab.id, { type: MSG.JUMP_TO, id }).finally(() => window.close());
    });
  } catch (error) {
    status.textContent =
      error?.failure?.kind === "permission"
        ? "Recount cannot check this page."
        : `The check did not finish: ${asSentence(error.message)}`;
  }
}

/**
 * Fills the popup from the page's summary.
 *
 * @param {Document} doc
 * @param {import("../lib/messages.js").Summary} summary
 * @param {(id: number) => void} jump
 */
export function render(doc, summary, jump) {
  const { matches, conflicts, differs = 0, items } = summary;
  const status = doc.getElementById("status");
  const unfinished = summary.error
    ? `The check did not finish: ${asSentence(summary.error.detail)}` +
      (["rate-limited", "offline", "timeout"].includes(summary.error.kind)
        ? " Recount will try again shortly."
        : "")
    : "";
  if (summary.error && !matches) {
    status.textContent = unfinished;
    return;
  }
  const skipped =
    summary.warning?.kind === "too-large" ? " Part of this page was too long to check." : "";
  status.textContent =
    pageSummary(matches, conflicts, differs) + skipped + (unfinished ? ` ${unfinished}` : "");
  fillRelated(doc, summary.related ?? []);
  if (!matches) {
    doc.getElementById("summary").hidden = !summary.related?.length;
    return;
  }
  // Grouped by what each sentence's card says: a figure that differs only from what a
  // checked claim said is not a conflict with the sources (the claim may be false).
  for (const list of ["conflicts", "differs", "matched"]) {
    const listed = items.filter((item) => (LISTS[item.verdict] ?? "matched") === list);
    fillList(doc, list, listed, jump);
  }
  const bySource = new Map();
  for (const item of items) {
    for (const publisher of item.publishers)
      bySource.set(publisher, (bySource.get(publisher) ?? 0) + 1);
  }
  const sources = doc.getElementById("sources");
  for (const [publisher, count] of [...bySource].sort((a, b) => b[1] - a[1])) {
    const li = doc.createElement("li");
    li.textContent = `${publisher}: ${count} sentence${count === 1 ? "" : "s"}`;
    sources.append(li);
  }
  doc.getElementById("sources-section").hidden = bySource.size === 0;
  doc.getElementById("summary").hidden = false;
}

/**
 * What was found about one figure, in a few words; a repeated checked claim points to the
 * claim's rating, shown on the card.
 *
 * @param {import("../lib/figures.js").FigureEntry} entry
 * @returns {string}
 */
function describe(entry) {
  const note = figureNote(entry);
  return entry.checked && entry.status !== "conflicting" ? `${note} (see its rating)` : note;
}

/**
 * Lists the sentences possibly related to checked claims, each with links to the claims.
 *
 * @param {Document} doc
 * @param {import("../lib/messages.js").RelatedItem[]} related
 */
function fillRelated(doc, related) {
  const list = doc.getElementById("related");
  list.replaceChildren();
  for (const { sentence, claims } of related) {
    const li = doc.createElement("li");
    li.append(excerptOf(doc, sentence));
    for (const claim of claims) {
      // As in the cards: only an http(s) URL from the server becomes a link.
      const href = safeUrl(claim.url);
      const link = doc.createElement(href ? "a" : "span");
      if (href) {
        link.setAttribute("href", href);
        link.target = "_blank";
        link.rel = "noopener noreferrer";
      }
      link.className = "related-claim";
      // The claim's words in its own language when the server knows it, its direction
      // taken from them.
      if (claim.language) link.lang = claim.language;
      link.dir = "auto";
      link.textContent = claim.text;
      link.title = claim.text;
      li.append(link);
    }
    list.append(li);
  }
  doc.getElementById("related-section").hidden = related.length === 0;
}

/**
 * One entry per highlighted sentence, its figures listed within it (a sentence with seven
 * figures is one entry, not seven near-identical ones).
 *
 * @param {Document} doc
 * @param {string} id the list's element id
 * @param {import("../lib/messages.js").SummaryItem[]} items
 * @param {(id: number) => void} jump
 */
function fillList(doc, id, items, jump) {
  const list = doc.getElementById(id);
  for (const item of items) {
    const button = doc.createElement("button");
    button.type = "button";
    const figures = doc.createElement("span");
    figures.className = "figures";
    const entries = item.entries ?? [];
    if (!entries.length) figures.append(figureLine(doc, null));
    for (const entry of entries) figures.append(figureLine(doc, entry));
    button.append(figures, excerptOf(doc, item.sentence));
    button.addEventListener("click", () => jump(item.id));
    const li = doc.createElement("li");
    li.append(button);
    list.append(li);
  }
  doc.getElementById(`${id}-section`).hidden = items.length === 0;
}

/**
 * A page's sentence, on one line (in full in its tooltip), in its own direction: a
 * right-to-left sentence reads and is cut off as it should in the English popup.
 *
 * @param {Document} doc
 * @param {string} sentence
 * @returns {HTMLElement}
 */
function excerptOf(doc, sentence) {
  const excerpt = doc.createElement("span");
  excerpt.className = "excerpt";
  excerpt.dir = "auto";
  excerpt.textContent = sentence;
  excerpt.title = sentence;
  return excerpt;
}

/**
 * One figure of a sentence and what was found about it; for a sentence without figures of
 * its own (`entry` null), that it repeats a claim in other words.
 *
 * @param {Document} doc
 * @param {import("../lib/figures.js").FigureEntry | null} entry
 * @returns {HTMLElement}
 */
function figureLine(doc, entry) {
  const line = doc.createElement("span");
  // A figure judged only against a checked claim's own, or a claim repeated without
  // one, is not "consistent" with anything: agreeing with a claim says nothing of
  // whether it holds (the card says the same).
  line.className = `figure-line ${!entry ? "known" : entry.checked ? `checked ${entry.status}` : entry.status}`;
  const figure = doc.createElement("span");
  figure.className = "figure";
  figure.textContent = entry ? `“${entry.text}”` : "A claim repeated in other words";
  line.append(figure);
  if (entry) {
    const reason = doc.createElement("span");
    reason.className = "reason";
    reason.textContent = ` · ${describe(entry)}`;
    line.append(reason);
  }
  return line;
}
