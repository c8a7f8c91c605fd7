/**
 * Sentence splitting with offsets, done locally, to agree with the server's splitter
 * (server/text/sentences.py). `Intl.Segmenter` finds candidate breaks, plus one before a
 * sentence that starts with a number, which the Unicode rules miss; a fix-up re-joins the
 * breaks made after abbreviations news copy is full of ("U.S. Immigration", "Gov. Hochul",
 * "Jan. 5", "Mr. Adams", "No. 2"), which the Unicode rules treat as sentence ends. Pure
 * string code: no DOM, no browser APIs.
 */

/** A sentence's end (with closing quotes or brackets) and the spaces before a number. */
const BEFORE_NUMBER = /[.!?…]["”’')\]]*\s+(?=[0-9$€£]|[(\-−#][0-9])/g;

/** Titles and words that are never the end of a sentence when a word follows. */
const ALWAYS_JOIN = words(
  "mr mrs ms dr gov sen rep reps sens gen col lt sgt capt cmdr adm maj prof rev hon pres " +
    "supt atty det insp st mt e.g i.e cf vs approx dept univ assn ave blvd rd calif " +
    "fla ariz penn conn mich minn tenn wis colo okla nev ala ky md va",
);
/** Words that end a sentence unless a number follows ("Jan. 5", "No. 2", "Fig. 3"). */
const JOIN_BEFORE_NUMBER = words(
  "jan feb mar apr jun jul aug sep sept oct nov dec no nos fig figs vol vols pp p art sec ch " +
    "est ca para pt pts yr yrs hr hrs min mins sq ft apt ref tel op ed ex in rt",
);
/** Words that end a sentence unless a lower-case word or a number follows ("5 p.m. on"). */
const JOIN_BEFORE_LOWER = new Set(["a.m", "p.m", "etc", "inc", "ltd", "co", "corp", "jr", "sr"]);
/**
 * Capitalised words that usually open a sentence: after an initialism ("in the U.S. The
 * next..."), a break before one of these is kept.
 */
const OPENERS = words(
  "a an the he she it they we i you this that these those there but and or so yet in on " +
    "at for if when while after before since as its his her their our my some many most no " +
    "not what who how why still then",
);

/**
 * List bullets a sentence never starts with: trimmed off as spaces are, as the server's
 * splitter does (`_BULLETS` in server/text/sentences.py; a test keeps the two the same).
 */
export const BULLETS = "•◦▪▫●○■□‣⁃∙·";

/** @typedef {{start: number, end: number}} Span offsets into the split text, end exclusive */

let segmenter = null;

/**
 * The sentences of `text` as trimmed spans, in order. Sentences never cross a "\n".
 *
 * @param {string} text
 * @returns {Span[]}
 */
export function splitSentences(text) {
  segmenter ??= new Intl.Segmenter("en", { granularity: "sentence" });
  /** @type {Span[]} */
  const pieces = [];
  for (const { index, segment } of segmenter.segment(text)) {
    // UAX #29 keeps a full stop followed by a number and then a lower-case word ("cities.
    // 7 of the 10 ...") inside one sentence (rule SB8); a break is put there, and the
    // abbreviation fix-up below takes back the false ones ("Jan. 5", "No. 2").
    let start = index;
    for (const match of segment.matchAll(BEFORE_NUMBER)) {
      const cut = index + match.index + match[0].length;
      pieces.push({ start, end: cut });
      start = cut;
    }
    pieces.push({ start, end: index + segment.length });
  }
  /** @type {Span[]} */
  const joined = [];
  for (const piece of pieces) {
    const last = joined[joined.length - 1];
    if (last && shouldJoin(text, last, piece)) last.end = piece.end;
    else joined.push({ ...piece });
  }
  return joined.map((span) => trim(text, span)).filter((span) => span.end > span.start);
}

/**
 * Whether the break between `before` and `after` is a false one, after an abbreviation.
 *
 * @param {string} text
 * @param {Span} before
 * @param {Span} after
 * @returns {boolean}
 */
function shouldJoin(text, before, after) {
  const left = text.slice(before.start, before.end);
  if (/\n\s*$/.test(left)) return false; // a line or block break is always a break
  const word = /(?:^|[\s(“"'‘])((?:[A-Za-z]\.){2,}|[A-Za-z]+\.(?:[A-Za-z]\.)*)\s*$/.exec(left);
  if (!word) return false;
  const abbr = word[1].toLowerCase().replace(/\.$/, "");
  const next = /^\s*(\S+)/.exec(text.slice(after.start, after.end))?.[1] ?? "";
  if (!next) return false;
  const startsLower = /^[a-z]/.test(next);
  const startsNumber = /^(?:[0-9$€£]|[(\-−#][0-9])/.test(next);
  if (ALWAYS_JOIN.has(abbr)) return true;
  if (JOIN_BEFORE_NUMBER.has(abbr)) return startsNumber;
  if (JOIN_BEFORE_LOWER.has(abbr)) return startsLower || startsNumber;
  if (/^([a-z]\.)*[a-z]$/.test(abbr)) {
    // An initialism (U.S., N.Y., D.C.) or a middle initial ("John F. Kennedy"): joined
    // unless the next word usually opens a sentence.
    const bare = next
      .replace(/^[“"'‘(]+/, "")
      .replace(/[^A-Za-z].*$/, "")
      .toLowerCase();
    return !OPENERS.has(bare);
  }
  return false;
}

/**
 * @param {string} text
 * @param {Span} span
 * @returns {Span}
 */
function trim(text, { start, end }) {
  while (start < end && (/\s/.test(text[start]) || BULLETS.includes(text[start]))) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/**
 * The sentence as it is sent to the server (runs of whitespace collapsed to one space, half
 * a character, an unpaired surrogate left by a page that cut an emoji in two, replaced by
 * U+FFFD) and, for each of its UTF-16 units, the offset in the original text: figure spans
 * the server returns are relative to the cleaned text (see `unitIndex`), and `offsets`
 * maps them back.
 *
 * @param {string} text the split text
 * @param {Span} span a sentence
 * @returns {{text: string, offsets: number[]}} `offsets` has one more entry than `text`
 *   (the end offset), so `offsets[end]` is valid for an exclusive end.
 */
export function cleanSentence(text, { start, end }) {
  let out = "";
  /** @type {number[]} */
  const offsets = [];
  let inSpace = false;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      if (inSpace) continue;
      inSpace = true;
      out += " ";
    } else {
      inSpace = false;
      out += isLoneSurrogate(text, i) ? "\uFFFD" : ch;
    }
    offsets.push(i);
  }
  offsets.push(end);
  return { text: out, offsets };
}

/**
 * Whether the UTF-16 unit at `i` is half of a character without its other half.
 *
 * @param {string} text
 * @param {number} i
 * @returns {boolean}
 */
function isLoneSurrogate(text, i) {
  const unit = text.charCodeAt(i);
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (unit >= 0xdc00 && unit <= 0xdfff) {
    const previous = text.charCodeAt(i - 1);
    return !(previous >= 0xd800 && previous <= 0xdbff);
  }
  return false;
}

/**
 * The UTF-16 index in `text` of its character number `index`, or -1 past the end. The
 * server counts characters as Unicode code points (an emoji is one); a JavaScript string
 * counts UTF-16 units (an emoji is two).
 *
 * @param {string} text well-formed text
 * @param {number} index a code point index, 0 to the number of code points
 * @returns {number}
 */
export function unitIndex(text, index) {
  let unit = 0;
  for (let point = 0; point < index; point++) {
    if (unit >= text.length) return -1;
    unit += text.codePointAt(unit) > 0xffff ? 2 : 1;
  }
  return unit;
}

/**
 * A set of the space-separated words in `text`.
 *
 * @param {string} text
 * @returns {Set<string>}
 */
function words(text) {
  return new Set(text.split(" "));
}
