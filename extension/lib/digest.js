/**
 * The claim digest on the client side: the same tokens and Bloom-filter hashes as
 * `server/index/digest.py` (see its docstring for the format), and the test that decides
 * which sentences are worth sending. Text that fails it never leaves the browser.
 * Pure code: no DOM, no browser APIs.
 */

const WORD = /[\p{L}\p{N}]+/gu;
const DIGITS = /^\p{Nd}+$/u;
const FIGURE_WORDS =
  /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|twice)\b/i;
const encoder = new TextEncoder();

/**
 * @typedef {object} DigestJSON what `GET /api/v1/digest` returns
 * @property {number} version
 * @property {number} m bits
 * @property {number} k hashes
 * @property {number} n distinct tokens
 * @property {string} bits base64
 * @property {string[]} stopwords
 * @property {number} min_shared
 */

/**
 * The digest's words of `text`, in order, repeats kept.
 *
 * @param {string} text
 * @param {Set<string>} stopwords
 * @returns {string[]}
 */
export function digestTokens(text, stopwords) {
  const words = text.toLowerCase().normalize("NFKC").match(WORD) ?? [];
  return words.filter((w) => [...w].length >= 3 && !DIGITS.test(w) && !stopwords.has(w));
}

/**
 * FNV-1a, 32 bits, of a string's UTF-8 bytes.
 *
 * @param {string} text
 * @returns {number} an unsigned 32-bit integer
 */
export function fnv1a32(text) {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  }
  return h;
}

/** A loaded digest: membership tests for tokens. */
export class Digest {
  /** @param {DigestJSON} json */
  constructor(json) {
    if (json?.version !== 1 || !(json.m > 0) || !(json.k > 0)) {
      throw new Error("Unsupported digest");
    }
    this.m = json.m;
    this.k = json.k;
    this.minShared = json.min_shared ?? 2;
    this.stopwords = new Set(json.stopwords ?? []);
    this.bits = Uint8Array.from(atob(json.bits), (c) => c.charCodeAt(0));
    if (this.bits.length * 8 < this.m) throw new Error("Truncated digest");
  }

  /**
   * Whether `token` may be in the digest (false means certainly not).
   *
   * @param {string} token
   * @returns {boolean}
   */
  has(token) {
    const h1 = fnv1a32(token);
    const h2 = (fnv1a32(`#${token}`) | 1) >>> 0;
    for (let i = 0; i < this.k; i++) {
      const j = ((h1 + Math.imul(i, h2)) >>> 0) % this.m;
      if (!(this.bits[j >> 3] & (1 << (j & 7)))) return false;
    }
    return true;
  }

  /**
   * How many distinct words of `text` the digest may contain.
   *
   * @param {string} text
   * @returns {number}
   */
  sharedWords(text) {
    const seen = new Set(digestTokens(text, this.stopwords));
    let hits = 0;
    for (const token of seen) if (this.has(token)) hits++;
    return hits;
  }
}

/**
 * Whether a sentence mentions a figure: a digit or a number word.
 *
 * @param {string} text
 * @returns {boolean}
 */
export function hasFigure(text) {
  return /\d/.test(text) || FIGURE_WORDS.test(text);
}

/**
 * Whether a sentence is worth sending to the server: with the digest, a figure and at
 * least one digest word, or `min_shared` digest words without a figure; without a digest
 * (it could not be fetched), any sentence with a figure.
 *
 * @param {string} text
 * @param {Digest | null} digest
 * @returns {boolean}
 */
export function isCandidate(text, digest) {
  const figure = hasFigure(text);
  if (!digest) return figure;
  const shared = digest.sharedWords(text);
  return figure ? shared >= 1 : shared >= digest.minShared;
}
