/**
 * Page text as one string, with a map back to the DOM. Pure DOM code: takes a `root`
 * element, never touches `chrome.*`, fetch or storage, so tests run it on saved pages.
 *
 * The readable part of a page is its article bodies when it has some (a page that loads the
 * next story as the reader scrolls has several); navigation, footers, asides, comments,
 * scripts and hidden elements are skipped. Each text node becomes a
 * chunk of the joined string: its characters are copied one for one (whitespace turned
 * into plain spaces, so offsets stay exact), whitespace-only nodes are skipped, and a block
 * boundary becomes a "\n" that belongs to no node. `ranges.js` turns offsets back into
 * DOM Ranges with the chunk map.
 */

/** Elements whose text is never article text. */
const SKIP_TAGS = words(
  "SCRIPT STYLE NOSCRIPT TEMPLATE IFRAME OBJECT SVG CANVAS MATH NAV FOOTER ASIDE FORM " +
    "BUTTON SELECT TEXTAREA INPUT LABEL DIALOG MENU RECOUNT-CARD RECOUNT-LAUNCHER",
);

/** Landmark roles and class/id words that mark page furniture rather than the story. */
const SKIP_ROLES = words(
  "navigation banner contentinfo complementary search dialog menu toolbar alert status",
);
/** A class or id naming furniture: "comments", "related-links", "share_bar" (not "has-sidebar"). */
const FURNITURE =
  /^(comments?|related|recommended|newsletter|share|sharing|social|promo|advert\w*|ads?|sidebar|breadcrumbs?|cookie|subscribe|popular|most-read|trending|outbrain|taboola)([-_].*)?$/i;

/** Elements that start a new line of text (a sentence never runs across them). */
const BLOCK_TAGS = words(
  "ADDRESS ARTICLE BLOCKQUOTE BODY BR CAPTION DD DETAILS DIV DL DT FIELDSET FIGCAPTION H1 " +
    "H2 H3 H4 H5 H6 HR LI MAIN OL P PRE SECTION SUMMARY TABLE TBODY TD TFOOT TH THEAD TR UL",
);

/**
 * @typedef {object} Chunk one text node's place in the joined text
 * @property {Text} node
 * @property {number} start offset of the node's first character in `text`
 * @property {number} end offset after its last character
 *
 * @typedef {object} PageText
 * @property {string} text the joined text
 * @property {Chunk[]} chunks in document order, non-overlapping, increasing `start`
 */

/** Elements that hold a story. */
const STORY = "[itemprop~=articleBody], article";

/**
 * The elements holding the page's stories, in page order: each `<article>` (or
 * `[itemprop=articleBody]`) with text enough to be a story, outside the page's furniture and
 * not inside another (a page that loads the next story as the reader scrolls has several,
 * and the first stays checked when a longer one arrives); else `<main>` / `[role=main]`,
 * else `<body>`.
 *
 * @param {Document} doc
 * @returns {Element[]}
 */
export function findContentRoots(doc) {
  const body = doc.body ?? doc.documentElement;
  const candidates = [...doc.querySelectorAll(STORY)].filter(
    (el) => (el.textContent ?? "").trim().length >= 200 && !isExcludedOrInside(el),
  );
  const outermost = candidates.filter(
    (el) => !candidates.some((other) => other !== el && other.contains(el)),
  );
  if (outermost.length) return outermost;
  return [doc.querySelector("main, [role=main]") ?? body];
}

/**
 * Whether a DOM change may change the readable text under `roots` (the content roots of the
 * last check): a change inside one, outside the parts `extractText` skips, or one around
 * them, or a new story anywhere (either may change which roots there are). A ticking clock
 * in the header, an advert in the sidebar or a counter in the navigation do not.
 *
 * @param {MutationRecord} record
 * @param {Element[] | null} roots
 * @returns {boolean}
 */
export function changesReadableText(record, roots) {
  const target =
    record.target.nodeType === Node.ELEMENT_NODE
      ? /** @type {Element} */ (record.target)
      : record.target.parentElement;
  if (!target || !roots?.length || !roots.every((root) => root.isConnected)) return true;
  if (roots.some((root) => target !== root && target.contains(root))) return true;
  if ([...record.addedNodes].some(holdsStory)) return true;
  return roots.some((root) => root.contains(target)) && !isExcludedOrInside(target);
}

/**
 * @param {Node} node
 * @returns {boolean} whether it is or holds a story's element
 */
function holdsStory(node) {
  if (node.nodeType !== Node.ELEMENT_NODE) return false;
  const el = /** @type {Element} */ (node);
  return el.matches(STORY) || el.querySelector(STORY) !== null;
}

/**
 * The readable text under `roots`, in their order, with its chunk map.
 *
 * @param {Element | Element[]} roots
 * @returns {PageText}
 */
export function extractText(roots) {
  /** @type {Chunk[]} */
  const chunks = [];
  let text = "";
  for (const root of Array.isArray(roots) ? roots : [roots]) {
    const doc = root.ownerDocument;
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        node.nodeType === Node.ELEMENT_NODE &&
        node !== root &&
        isExcluded(/** @type {Element} */ (node))
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT,
    });
    // Each root starts a new line: a sentence never runs from one story into the next.
    let lastBlock = null;
    let skippedSpace = false;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType !== Node.TEXT_NODE) {
        if (/** @type {Element} */ (node).tagName === "BR") lastBlock = null;
        continue;
      }
      const value = /** @type {Text} */ (node).data;
      if (!/\S/.test(value)) {
        skippedSpace = true;
        continue;
      }
      const block = blockOf(node, root);
      if (text && block !== lastBlock) {
        text += "\n";
      } else if (text && skippedSpace && !/\s$/.test(text) && !/^\s/.test(value)) {
        // A whitespace-only node between two inline runs was a word space.
        text += " ";
      }
      chunks.push({
        node: /** @type {Text} */ (node),
        start: text.length,
        end: text.length + value.length,
      });
      text += value.replace(/\s/g, " ");
      lastBlock = block;
      skippedSpace = false;
    }
  }
  return { text, chunks };
}

/**
 * Whether an element (and all it contains) is left out of the readable text.
 *
 * @param {Element} el
 * @returns {boolean}
 */
export function isExcluded(el) {
  if (SKIP_TAGS.has(el.tagName.toUpperCase())) return true;
  if (el.hasAttribute("hidden") || el.getAttribute("aria-hidden") === "true") return true;
  const role = el.getAttribute("role");
  if (role && SKIP_ROLES.has(role)) return true;
  // A site header, not an article's own header (which holds its headline).
  if (el.tagName === "HEADER" && !el.closest("article")) return true;
  const marks = `${el.id} ${el.getAttribute("class") ?? ""}`.split(/\s+/);
  if (marks.some((mark) => FURNITURE.test(mark))) return true;
  if (el.isContentEditable && el.parentElement && !el.parentElement.isContentEditable) return true;
  return !isRendered(el);
}

/**
 * Whether an element or one of its ancestors is left out (an `<article>` teaser inside a
 * "related" box is not the story).
 *
 * @param {Element} el
 * @returns {boolean}
 */
function isExcludedOrInside(el) {
  for (let node = el; node && node !== el.ownerDocument.body; node = node.parentElement) {
    if (isExcluded(node)) return true;
  }
  return false;
}

/**
 * @param {Element} el
 * @returns {boolean}
 */
function isRendered(el) {
  if (typeof el.checkVisibility === "function") {
    return el.checkVisibility({ visibilityProperty: true, opacityProperty: false });
  }
  const style = el.ownerDocument.defaultView?.getComputedStyle(el);
  return !style || (style.display !== "none" && style.visibility !== "hidden");
}

/**
 * The nearest block-level ancestor of `node` inside `root` (or `root` itself).
 *
 * @param {Node} node
 * @param {Element} root
 * @returns {Element}
 */
function blockOf(node, root) {
  for (let el = node.parentElement; el && el !== root; el = el.parentElement) {
    if (BLOCK_TAGS.has(el.tagName)) return el;
  }
  return root;
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
