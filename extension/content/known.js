/**
 * The card's account of what the sources counted: the values at a glance when a figure
 * conflicts (the sentence's group's value beside the other group's, each labelled with
 * whom it counts), and the merged list of known values with their sources, dates, links
 * and quotes. Server data only ever goes in as text.
 */

import { publishedDate, publisherName, sourceKey } from "../lib/figures.js";
import { h, link, safeUrl } from "./dom.js";

/**
 * The values side by side when a figure conflicts: the sources' value for the group the
 * sentence talks about first, then the value the sentence used, labelled as the other
 * group's (or as the sentence's own when no group owns it).
 *
 * @param {Document} doc
 * @param {any} figure
 * @param {import("../lib/figures.js").KnownRow[]} rows
 * @returns {HTMLElement | null}
 */
export function glance(doc, figure, rows) {
  const ours = rows.filter((r) => r.role !== "value-owner");
  const theirs = rows.filter((r) => r.role === "value-owner");
  if (!ours.length) return null;
  const values = (/** @type {typeof rows} */ list) =>
    [...new Set(list.map((r) => r.text))].slice(0, 2).join(" / ");
  const cells = [
    h(doc, "span", { class: "num ours", text: values(ours) }),
    h(doc, "span", { class: "who" }, [
      h(doc, "b", {
        text: theirs.length
          ? "This sentence's group"
          : figure.checked_claim === true
            ? "The checked claim"
            : "The sources",
      }),
      ours[0].population ? `: ${ours[0].population}` : "",
    ]),
  ];
  if (theirs.length) {
    cells.push(
      h(doc, "span", { class: "num theirs", text: values(theirs) }),
      h(doc, "span", { class: "who" }, [
        h(doc, "b", { text: "Another group's value" }),
        theirs[0].population ? `: ${theirs[0].population}` : "",
      ]),
    );
  } else {
    cells.push(
      h(doc, "span", { class: "num theirs", text: String(figure.text ?? "") }),
      h(doc, "span", { class: "who" }, [h(doc, "b", { text: "This sentence says" })]),
    );
  }
  return h(
    doc,
    "div",
    { class: "glance", role: "group", "aria-label": "The values at a glance" },
    cells,
  );
}

/**
 * The known values, one row each, folded under a summary that says how many there are
 * (so nothing is hidden without saying so; the glance and the explanation give the gist).
 * A fact check's only value is what its checked claim said, not a count of its own.
 *
 * @param {Document} doc
 * @param {import("../lib/figures.js").KnownRow[]} rows
 * @param {boolean} [checked] the values are what a checked claim said
 * @returns {HTMLElement}
 */
export function sourcesBlock(doc, rows, checked = false) {
  const sources = rows.flatMap((r) => r.sources);
  // Values and sources counted once each: "7 of the 10" and "seven out of the ten" are one
  // value; two outlets whose names were not recorded are two sources.
  const values = new Set(rows.map((r) => r.amount)).size;
  const count = new Set(sources.map(sourceKey)).size;
  const plural = (/** @type {number} */ n, /** @type {string} */ word) =>
    `${n} ${word}${n === 1 ? "" : "s"}`;
  const label = !rows.some((r) => r.text)
    ? `Sources (${count})`
    : checked
      ? `What the checked claim said: ${plural(values, "value")} (${plural(count, "fact check")})`
      : `What the sources counted: ${plural(values, "value")} from ${plural(count, "source")}`;
  const details = h(doc, "details", {}, [h(doc, "summary", { text: label })]);
  details.append(
    h(
      doc,
      "ul",
      {},
      rows.map((row) =>
        h(doc, "li", {}, [
          // Values, publishers and quotes are the sources' words: each keeps its own
          // direction, so one in a right-to-left script does not reorder the line.
          row.text ? h(doc, "bdi", { class: "value", text: row.text }) : null,
          row.text && row.role === "value-owner"
            ? h(doc, "span", { class: "group", text: " (another group)" })
            : null,
          row.text ? " — " : null,
          ...row.sources.flatMap((s, i) => [i ? "; " : "", sourceLine(doc, s)]),
          ...row.quotes.map((quote) => h(doc, "q", { dir: "auto", text: quote })),
        ]),
      ),
    ),
  );
  if (!sources.some((s) => safeUrl(s.url)))
    details.append(h(doc, "p", { class: "note", text: "No link to an original is recorded." }));
  return details;
}

/**
 * "Publisher, 2026-02-02 · original" for a source; what was not recorded is said so.
 *
 * @param {Document} doc
 * @param {any} source
 * @returns {HTMLElement}
 */
function sourceLine(doc, source) {
  const parts = [
    h(doc, "bdi", { class: "publisher", text: publisherName(source) }),
    ", ",
    h(doc, "span", { class: "meta", text: publishedDate(source) }),
  ];
  if (safeUrl(source.url)) parts.push(" · ", link(doc, source.url, "original"));
  return h(doc, "span", {}, parts);
}
