/**
 * Small helpers for building Recount's own UI inside its shadow roots: elements, buttons,
 * verdict words whose glyphs screen readers skip. Server data only ever goes in as text
 * (`textContent`), and links only get http(s) URLs.
 */

/**
 * Creates an element with text and attributes; children may be nodes or strings (text).
 *
 * @param {Document} doc
 * @param {string} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs] set with
 *   setAttribute; `text` sets textContent; null/undefined/false are skipped
 * @param {(Node | string | null | undefined | false)[]} [children]
 * @returns {HTMLElement}
 */
export function h(doc, tag, attrs = {}, children = []) {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") el.textContent = String(value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? doc.createTextNode(child) : child);
  }
  return el;
}

/**
 * The URL if it is an absolute http(s) URL, else null (no `javascript:` links from data).
 *
 * @param {unknown} value
 * @returns {string | null}
 */
export function safeUrl(value) {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A link that opens in a new tab without giving the page a handle on it, or just the
 * label as text when the URL is not safe.
 *
 * @param {Document} doc
 * @param {unknown} url
 * @param {string} label
 * @returns {Node}
 */
export function link(doc, url, label) {
  const href = safeUrl(url);
  if (!href) return doc.createTextNode(label);
  return h(doc, "a", { href, target: "_blank", rel: "noopener noreferrer", text: label });
}

/** The tags of Recount's host elements: the card and the floating button. */
export const HOST_TAGS = Object.freeze(["recount-card", "recount-launcher"]);

/**
 * A host element for Recount UI: a custom-element name (so it can hold a shadow root, even
 * where content scripts cannot define custom elements), attached to `<html>` outside the
 * page's body, with inline styles the page's CSS cannot override, in English and left to
 * right whatever the page's language and direction.
 *
 * @param {Document} doc
 * @param {string} tag e.g. "recount-card"
 * @param {string} css the shadow root's stylesheet
 * @param {{first?: boolean}} [options] `first`: before the body, so it comes first in the
 *   Tab order (the keyboard entry point); otherwise after it
 * @returns {{host: HTMLElement, root: ShadowRoot}}
 */
export function createHost(doc, tag, css, { first = false } = {}) {
  const host = doc.createElement(tag);
  for (const [prop, value] of Object.entries({
    all: "initial",
    // `all` leaves the direction to the page: Recount's English words are left to right
    // on a right-to-left page too.
    direction: "ltr",
    "unicode-bidi": "isolate",
    position: "fixed",
    "z-index": "2147483647",
    display: "none",
  })) {
    host.style.setProperty(prop, value, "important");
  }
  // Its words are English: a screen reader reads them so on a page in another language.
  host.setAttribute("lang", "en");
  host.setAttribute("dir", "ltr");
  const root = host.attachShadow({ mode: "open" });
  root.append(h(doc, "style", { text: css }));
  if (first && doc.body) doc.documentElement.insertBefore(host, doc.body);
  else doc.documentElement.append(host);
  return { host, root };
}

/**
 * The scheme the page shows its text on: "dark" or "light" from the background painted
 * behind `from` (the nearest ancestor with one; without `from`, the body's, else the
 * root's), "light" on the browser's default canvas of a page that asks for no dark
 * scheme, null when the canvas follows the system's setting (`color-scheme: light dark`
 * and no background of its own). Recount's card and button take the page's scheme where
 * there is one, so that they read as part of a dark page on a light system (and of a light
 * page on a dark one).
 *
 * @param {Document} doc
 * @param {Node | null} [from] what is shown, e.g. a highlighted sentence's container
 * @returns {"dark" | "light" | null}
 */
export function pageScheme(doc, from = null) {
  const view = doc.defaultView;
  if (!view) return null;
  /** @type {Element[]} */
  const behind = [];
  let el = from && from.nodeType !== Node.ELEMENT_NODE ? from.parentElement : from;
  for (; el; el = el.parentElement) behind.push(/** @type {Element} */ (el));
  if (!behind.length) behind.push(...[doc.body, doc.documentElement].filter(Boolean));
  for (const el of behind) {
    const rgba = (view.getComputedStyle(el).backgroundColor.match(/[\d.]+/g) ?? []).map(Number);
    const [r, g, b, a = 1] = rgba;
    if (rgba.length >= 3 && a >= 0.5) {
      // Relative luminance (WCAG) of the colour; under 0.18 is a dark page.
      const linear = (/** @type {number} */ v) =>
        v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4;
      const luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
      return luminance < 0.18 ? "dark" : "light";
    }
  }
  const asked = view.getComputedStyle(doc.documentElement).colorScheme.split(/\s+/);
  if (asked.includes("dark")) return asked.includes("light") ? null : "dark";
  return "light";
}

/**
 * A shadow root's stylesheet with its dark rules applied where they belong: on a host the
 * page's scheme marks dark (`data-scheme="dark"`, from `pageScheme`), and on an unmarked
 * host when the system is dark. `dark` is a list of rules (`selectors { declarations }`,
 * no nesting), each selector of which is scoped to the host.
 *
 * @param {string} css the light rules
 * @param {string} dark the dark rules
 * @returns {string}
 */
export function schemed(css, dark) {
  const scoped = (/** @type {string} */ host) =>
    dark.replace(/([^{}]+)\{([^{}]*)\}/g, (_, selectors, declarations) => {
      const list = selectors
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .split(",")
        .map((/** @type {string} */ sel) => `${host} ${sel.trim()}`);
      return `${list.join(", ")} {${declarations}}\n`;
    });
  return `${css}
:host { color-scheme: light dark; }
:host([data-scheme="light"]) { color-scheme: light; }
:host([data-scheme="dark"]) { color-scheme: dark; }
@media (prefers-color-scheme: dark) {
${scoped(":host(:not([data-scheme]))")}}
${scoped(':host([data-scheme="dark"])')}`;
}

/**
 * Marks a host with the page's scheme (`pageScheme`), or unmarks it to follow the system.
 *
 * @param {HTMLElement} host
 * @param {Document} doc
 * @param {Node | null} [from] what the host is about, e.g. a highlighted sentence
 */
export function matchScheme(host, doc, from = null) {
  const scheme = pageScheme(doc, from);
  if (scheme) host.setAttribute("data-scheme", scheme);
  else host.removeAttribute("data-scheme");
}

/**
 * Sets inline styles on a host, winning over any page stylesheet.
 *
 * @param {HTMLElement} host
 * @param {Record<string, string>} styles
 */
export function place(host, styles) {
  for (const [prop, value] of Object.entries(styles))
    host.style.setProperty(prop, value, "important");
}

/**
 * An element holding a verdict's words, its leading "✓" or "✗" hidden from screen readers
 * (the words say it; the glyph is there for the eye).
 *
 * @param {Document} doc
 * @param {string} tag
 * @param {Record<string, string>} attrs
 * @param {string} text
 * @returns {HTMLElement}
 */
export function marked(doc, tag, attrs, text) {
  const words = withoutGlyph(text);
  const glyph = text.slice(0, text.length - words.length).trim();
  return h(doc, tag, attrs, [
    glyph ? h(doc, "span", { "aria-hidden": "true", text: `${glyph} ` }) : null,
    words,
  ]);
}

/**
 * @param {string} text
 * @returns {string} the text without its leading "✓" or "✗"
 */
export function withoutGlyph(text) {
  return text.replace(/^[✓✗]\s*/, "");
}

/**
 * A button with a text label and a click handler.
 *
 * @param {Document} doc
 * @param {string} label
 * @param {(event: Event) => void} onClick
 * @param {Record<string, string>} [attrs]
 * @returns {HTMLElement}
 */
export function button(doc, label, onClick, attrs = {}) {
  const el = h(doc, "button", { type: "button", text: label, ...attrs });
  el.addEventListener("click", onClick);
  return el;
}

/** Arrow keys that move between highlights: down and right to the next, up and left back. */
const STEP_KEYS = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

/**
 * The step an arrow key asks for (1 next, -1 previous), or 0: another key, or an arrow
 * with a modifier, which belongs to the browser (Alt+Left goes back a page).
 *
 * @param {KeyboardEvent} event
 * @returns {number}
 */
export function stepKey(event) {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return 0;
  return STEP_KEYS[event.key] ?? 0;
}

/**
 * Data set apart from the card's English words around it (`<bdi>`): text in a
 * right-to-left script (or a number written in one) keeps its own direction and does not
 * reorder the labels beside it.
 *
 * @param {Document} doc
 * @param {unknown} text
 * @param {string | null} [lang] the text's language, when known (the page's, for its words)
 * @returns {HTMLElement}
 */
export function isolated(doc, text, lang = null) {
  return h(doc, "bdi", { lang, text: String(text) });
}

/**
 * The language the page gives the text of a range (its nearest `lang`), or null.
 *
 * @param {Range} range
 * @returns {string | null}
 */
export function langOf(range) {
  const node = range.startContainer;
  const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  return /** @type {Element | null} */ (el)?.closest("[lang]")?.getAttribute("lang") ?? null;
}
