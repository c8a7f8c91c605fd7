/**
 * The page check: extract the readable text, split it into sentences, keep the candidates
 * (a figure, or words the claim digest knows), send them in batches through the service
 * worker, and turn the matches into highlighted ranges. Results are cached by sentence
 * text, so a re-check after the page changes sends only new sentences and rebuilds every
 * range against the current DOM (highlights follow text changes). A pass has one deadline
 * for all its requests, so a slow server is reported within one time limit.
 */

import { Digest, isCandidate } from "../lib/digest.js";
import { extractText, findContentRoots } from "../lib/extract.js";
import { figureEntries, publisherName, sentenceVerdict } from "../lib/figures.js";
import { alternateAdjacent, paintHighlights } from "../lib/highlight.js";
import { MSG, TIME_LIMIT_MS, toFailure } from "../lib/messages.js";
import { rangeFromOffsets } from "../lib/ranges.js";
import { cleanSentence, splitSentences, unitIndex } from "../lib/sentences.js";

/** Sentences a request: the page size the server's speed is measured on (it takes up to
 * 1000 by default); fewer requests keep a long page under the server's rate limit. */
const BATCH_SIZE = 200;
const MAX_SENTENCE_CHARS = 2000;
const MIN_SENTENCE_CHARS = 12;
/** After a failed request, automatic re-checks wait this long (or the server's Retry-After),
 * then the check runs again by itself. */
const PAUSE_AFTER_ERROR_MS = 60000;

/**
 * @typedef {object} Item one highlighted sentence
 * @property {number} id its position among the page's highlighted sentences
 * @property {Range} range the sentence in the page
 * @property {string} text the sentence as sent to the server
 * @property {any[]} matches the server's matches for it
 * @property {"consistent" | "conflicting"} status how it is painted: "conflicting" when a
 *   figure differs, from the sources or from a checked claim
 * @property {import("../lib/figures.js").SentenceVerdict} verdict what its card's headline
 *   says, and what the page's counts count
 * @property {Range[]} figureRanges the conflicting figures inside it
 */

/** Checks one document; keep one per page. */
export class PageChecker {
  /**
   * @param {Document} doc
   * @param {(message: import("../lib/messages.js").Message) => Promise<any>} request sends a
   *   message to the service worker and resolves with the reply's data
   * @param {(checker: PageChecker) => void} onUpdate called after every check
   */
  constructor(doc, request, onUpdate) {
    this.doc = doc;
    this.request = request;
    this.onUpdate = onUpdate;
    /** @type {Map<string, any[]>} matches by sentence text */
    this.cache = new Map();
    /** @type {Map<string, any[]>} possibly related claims by sentence text (never highlighted) */
    this.relatedCache = new Map();
    /** @type {Item[]} */
    this.items = [];
    /** @type {{sentence: string, claims: {id: string, text: string, url: string}[]}[]} */
    this.related = [];
    /** @type {"idle" | "checking" | "done" | "error"} */
    this.state = "idle";
    /** @type {import("../lib/messages.js").Failure | null} why the last check failed */
    this.error = null;
    /** @type {import("../lib/messages.js").Failure | null} what the last check skipped */
    this.warning = null;
    this.pausedUntil = 0;
    this.retryTimer = 0;
    this.running = null;
    this.again = false;
    this.digest = null;
    /** @type {Element[] | null} the content roots (the stories) the last pass read */
    this.roots = null;
    /** Counts the pages this checker has been reset for (see `reset`). */
    this.page = 0;
    /** Whether another instance took the page over (see `stop`). */
    this.stopped = false;
  }

  /**
   * Runs a check, or, when one is running, makes sure another follows it.
   *
   * @param {{automatic?: boolean}} [options] automatic checks (page changes) skip
   *   while the server is backing off after an error
   * @returns {Promise<void>} settles when the page is up to date
   */
  check({ automatic = false } = {}) {
    if (this.stopped || (automatic && Date.now() < this.pausedUntil)) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.runOnce();
        } while (this.again && !this.stopped && Date.now() >= this.pausedUntil);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Forgets every result and the claim digest: they came from a server no longer used. */
  forget() {
    this.cache.clear();
    this.relatedCache.clear();
    this.digest = null;
    this.pausedUntil = 0;
    this.reset();
  }

  /**
   * Forgets the page's highlights (an SPA navigation); cached results stay. A pass still
   * waiting for the server then ends without painting, counting, sending the rest of the
   * old page or scheduling a retry: the new page may not be one the reader asked to check.
   */
  reset() {
    this.page++;
    clearTimeout(this.retryTimer);
    this.items = [];
    this.related = [];
    this.error = null;
    this.warning = null;
    paintHighlights(this.doc, { consistent: [], conflicting: [], figure: [] });
    this.setState("idle");
  }

  /**
   * Stops for good (another instance took the page over): a pass still waiting for the
   * server ends without painting or retrying, and no check runs again.
   */
  stop() {
    this.stopped = true;
    this.page++;
    clearTimeout(this.retryTimer);
    this.items = [];
  }

  /** One pass: extract, send what is new, paint. */
  async runOnce() {
    this.setState("checking");
    const page = this.page;
    const deadline = Date.now() + TIME_LIMIT_MS;
    this.digest ??= this.loadDigest(deadline);
    const digest = await this.digest;
    // Without a digest (the server could not be reached) the next pass asks again.
    if (digest === null) this.digest = null;
    if (page !== this.page) return;
    this.roots = findContentRoots(this.doc);
    const { text, chunks } = extractText(this.roots);
    const sentences = splitSentences(text).map((span) => ({ span, ...cleanSentence(text, span) }));
    const fresh = [
      ...new Set(
        sentences
          .map((s) => s.text)
          .filter(
            (t) =>
              !this.cache.has(t) &&
              t.length >= MIN_SENTENCE_CHARS &&
              t.length <= MAX_SENTENCE_CHARS &&
              isCandidate(t, digest),
          ),
      ),
    ];
    this.error = null;
    this.warning = null;
    try {
      await this.send(fresh, deadline, page);
    } catch (error) {
      if (page !== this.page) return;
      this.error = toFailure(error);
      const wait = this.error.retryAfter ? this.error.retryAfter * 1000 : PAUSE_AFTER_ERROR_MS;
      this.pausedUntil = Date.now() + wait;
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        this.pausedUntil = 0;
        this.check({ automatic: true });
      }, wait);
    }
    if (page !== this.page) return;
    this.items = buildItems(sentences, chunks, this.cache);
    this.related = relatedOnPage(sentences, this.cache, this.relatedCache);
    const lighter = alternateAdjacent(this.items);
    const ranges = (/** @type {string} */ status, /** @type {boolean} */ light) =>
      this.items
        .filter((item, i) => item.status === status && lighter[i] === light)
        .map((i) => i.range);
    paintHighlights(this.doc, {
      consistent: ranges("consistent", false),
      conflicting: ranges("conflicting", false),
      consistentNext: ranges("consistent", true),
      conflictingNext: ranges("conflicting", true),
      figure: this.items.flatMap((i) => i.figureRanges),
    });
    this.setState(this.error ? "error" : "done");
  }

  /**
   * Sends sentences in batches, caching each result. A server that refuses a batch as too
   * large (413) gets smaller ones; a single sentence it refuses is skipped and noted in
   * `warning`. Other failures propagate, leaving the unsent sentences for the next check.
   *
   * @param {string[]} texts
   * @param {number} [deadline] when the pass gives up (`Date.now()` milliseconds)
   * @param {number} [page] the page they are from: none is sent once it is left
   */
  async send(texts, deadline, page = this.page) {
    let size = BATCH_SIZE;
    for (let i = 0; i < texts.length && page === this.page;) {
      const batch = texts.slice(i, i + size);
      let results;
      try {
        ({ results } = await this.request({ type: MSG.MATCH, sentences: batch, deadline }));
      } catch (error) {
        if (toFailure(error).kind !== "too-large") throw error;
        if (batch.length > 1) {
          size = Math.ceil(batch.length / 2);
          continue;
        }
        this.warning = toFailure(error);
        results = [{ index: 0, matches: [] }];
      }
      for (const result of results) {
        this.cache.set(batch[result.index], result.matches ?? []);
        if (result.related?.length) this.relatedCache.set(batch[result.index], result.related);
      }
      i += batch.length;
      if (i < texts.length) await yieldToPage();
    }
  }

  /**
   * @param {number} [deadline] when the pass gives up (`Date.now()` milliseconds)
   * @returns {Promise<Digest | null>}
   */
  async loadDigest(deadline) {
    try {
      const json = await this.request({ type: MSG.GET_DIGEST, deadline });
      return json ? new Digest(json) : null;
    } catch {
      return null;
    }
  }

  /**
   * Tells listeners of the new state and, in a browser driven by a test (WebDriver,
   * Playwright), records it on `<html>` for the test to read. Never otherwise: any page
   * could read those attributes, and learn that its reader runs Recount.
   *
   * @param {"idle" | "checking" | "done" | "error"} state
   */
  setState(state) {
    this.state = state;
    if (this.doc.defaultView?.navigator.webdriver) {
      const html = this.doc.documentElement;
      html.dataset.recountState = state;
      if (state !== "checking") {
        html.dataset.recountMatches = String(this.items.length);
        html.dataset.recountConflicts = String(this.conflicts);
        html.dataset.recountDiffers = String(this.differs);
      }
    }
    this.onUpdate(this);
  }

  /** Number of highlighted sentences with a figure that conflicts with the sources. */
  get conflicts() {
    return this.items.filter((i) => i.verdict === "conflicting").length;
  }

  /** Number of highlighted sentences whose figures differ only from a checked claim's. */
  get differs() {
    return this.items.filter((i) => i.verdict === "differs-from-checked").length;
  }

  /**
   * The page's figures for the popup.
   *
   * @returns {import("../lib/messages.js").Summary}
   */
  summary() {
    return {
      state: this.state,
      matches: this.items.length,
      conflicts: this.conflicts,
      differs: this.differs,
      error: this.error,
      warning: this.warning,
      items: this.items.map((item) => ({
        id: item.id,
        sentence: item.text,
        status: item.status,
        verdict: item.verdict,
        figures: [...new Set(item.matches.flatMap((m) => (m.figures ?? []).map((f) => f.text)))],
        entries: figureEntries(item.matches),
        publishers: [...new Set(item.matches.flatMap(publishersOf))],
      })),
      related: this.related,
    };
  }
}

/**
 * The sentences the server found possibly related to a claim but did not match, in page
 * order, each once: listed in the popup, never highlighted.
 *
 * @param {{text: string}[]} sentences
 * @param {Map<string, any[]>} matched
 * @param {Map<string, any[]>} related
 * @returns {{sentence: string, claims: {id: string, text: string, url: string, language: string | null}[]}[]}
 */
function relatedOnPage(sentences, matched, related) {
  const seen = new Set();
  const out = [];
  for (const { text } of sentences) {
    if (seen.has(text) || matched.get(text)?.length || !related.get(text)?.length) continue;
    seen.add(text);
    const claims = related.get(text).map((r) => ({
      id: String(r.claim.id),
      text: String(r.claim.text),
      url: String(r.claim.url),
      language: r.claim.language ? String(r.claim.language) : null,
    }));
    out.push({ sentence: text, claims });
  }
  return out;
}

/**
 * The highlighted sentences, in page order, with their ranges in the current DOM.
 *
 * @param {{span: {start: number, end: number}, text: string, offsets: number[]}[]} sentences
 * @param {import("../lib/extract.js").Chunk[]} chunks
 * @param {Map<string, any[]>} cache
 * @returns {Item[]}
 */
function buildItems(sentences, chunks, cache) {
  /** @type {Item[]} */
  const items = [];
  for (const sentence of sentences) {
    const matches = cache.get(sentence.text);
    if (!matches?.length) continue;
    const range = rangeFromOffsets(chunks, sentence.span.start, sentence.span.end);
    if (!range) continue;
    const figures = matches.flatMap((m) => m.figures ?? []);
    const conflicting = figures.filter((f) => f.status === "conflicting");
    const figureRanges = conflicting
      .map((f) => figureRange(chunks, sentence, f.span))
      .filter((r) => r !== null);
    items.push({
      id: items.length,
      range,
      text: sentence.text,
      matches,
      status: conflicting.length ? "conflicting" : "consistent",
      verdict: sentenceVerdict(matches),
      figureRanges,
    });
  }
  return items;
}

/**
 * The range of a figure, from its span in the sent sentence.
 *
 * @param {import("../lib/extract.js").Chunk[]} chunks
 * @param {{text: string, offsets: number[]}} sentence from `cleanSentence`
 * @param {unknown} span `[start, end]` in the sent text, in characters (code points)
 * @returns {Range | null}
 */
export function figureRange(chunks, { text, offsets }, span) {
  if (!Array.isArray(span) || span.length !== 2) return null;
  const [start, end] = span.map((i) => (Number.isInteger(i) && i >= 0 ? unitIndex(text, i) : -1));
  if (start < 0 || end <= start) return null;
  return rangeFromOffsets(chunks, offsets[start], offsets[end - 1] + 1);
}

/**
 * Publishers of the values a match compares with (or of its sources).
 *
 * @param {any} match
 * @returns {string[]}
 */
export function publishersOf(match) {
  const known = (match.figures ?? []).flatMap((f) => f.known ?? []);
  const sources = known.map((k) => k.source).filter(Boolean);
  if (!sources.length) sources.push(...(match.sources ?? []));
  return sources.map(publisherName);
}

/** Lets the page handle input between two batches. */
function yieldToPage() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
