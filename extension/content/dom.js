/**
 * Small helpers for building Recount's own UI inside its shadow roots. Server data only
 * ever goes in as text (`textContent`), and links only get http(s) URLs.
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

/**
 * A host element for Recount UI: a custom-element name (so it can hold a shadow root, even
 * where content scripts cannot define custom elements), attached to `<html>` outside the
 * page's body, with inline styles the page's CSS cannot override.
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
    position: "fixed",
    "z-index": "2147483647",
    display: "none",
  })) {
    host.style.setProperty(prop, value, "important");
  }
  const root = host.attachShadow({ mode: "open" });
  root.append(h(doc, "style", { text: css }));
  if (first && doc.body) doc.documentElement.insertBefore(host, doc.body);
  else doc.documentElement.append(host);
  return { host, root };
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
