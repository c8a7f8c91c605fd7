/**
 * The keyboard way in: a small floating button, "Recount: 3 sentences", in its own shadow
 * root (`<recount-launcher>`), placed before the page's body so it is the first Tab stop.
 * Enter opens the card of the next highlighted sentence; arrow keys move between them;
 * Escape closes the card. It also carries the quiet notices (server down, rate limited) so a
 * failure never breaks the page; after a failed check's notice fades, the button stays in
 * an error state ("Recount: check failed") until a check succeeds.
 */

import { pageSummary } from "../lib/figures.js";
import { createHost, h, matchScheme, place, schemed, stepKey } from "./dom.js";

const NOTICE_MS = 8000;

const LIGHT = `
.wrap { display: flex; flex-direction: column; align-items: flex-end; gap: 6px; }
button, .notice { font: 13px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; border-radius: 999px;
  padding: 6px 12px; box-shadow: 0 2px 10px rgba(0,0,0,.25); }
button { border: 1px solid #00696f; background: #ffffff; color: #00494d; cursor: pointer; }
button.conflicts, button.error { border-color: #b3261e; color: #8c1d18; }
button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.notice { background: #f1f3f4; color: #3c4043; border: 1px solid #c4c7c5; max-width: 320px; }
[hidden] { display: none !important; }
`;
const DARK = `
  button { background: #1f1f23; color: #4dd0c4; border-color: #4dd0c4; }
  button.conflicts, button.error { color: #ffb4ab; border-color: #ffb4ab; }
  .notice { background: #2d2e31; color: #e3e3e3; border-color: #46474a; }
  button:focus-visible { outline-color: #a8c7fa; }
`;
const CSS = schemed(LIGHT, DARK);

/** The floating button and notice. */
export class Launcher {
  /**
   * @param {Document} doc
   * @param {{onNext: (delta: number) => void, onClose: () => void}} actions
   */
  constructor(doc, actions) {
    this.doc = doc;
    const { host, root } = createHost(doc, "recount-launcher", CSS, { first: true });
    this.host = host;
    place(host, { right: "16px", bottom: "16px" });
    this.button = h(doc, "button", { type: "button", hidden: true });
    this.notice = h(doc, "div", { class: "notice", role: "status", hidden: true });
    root.append(h(doc, "div", { class: "wrap" }, [this.notice, this.button]));
    this.button.addEventListener("click", () => actions.onNext(1));
    this.button.addEventListener("keydown", (event) => {
      const step = stepKey(event);
      if (step) {
        event.preventDefault();
        actions.onNext(step);
      } else if (event.key === "Escape") {
        actions.onClose();
      }
    });
    this.noticeTimer = 0;
    /** @type {string | null} the notice of the last failed check, kept on the button */
    this.error = null;
    this.counts = { sentences: 0, conflicting: 0, differing: 0 };
  }

  /**
   * Shows the count of highlighted sentences (hidden when there are none).
   *
   * @param {number} sentences highlighted sentences, with or without figures of their own
   * @param {number} conflicting those with a figure that conflicts with the sources
   * @param {number} [differing] those whose figures differ only from a checked claim's
   */
  setCounts(sentences, conflicting, differing = 0) {
    this.counts = { sentences, conflicting, differing };
    this.render();
  }

  /** Writes the button from the counts and the error state. */
  render() {
    matchScheme(this.host, this.doc);
    const { sentences, conflicting, differing } = this.counts;
    const found = `${sentences} sentence${sentences === 1 ? "" : "s"}`;
    const failed = this.error !== null;
    const text = failed
      ? `Recount: check failed${sentences ? ` (${found} so far)` : ""}`
      : `Recount: ${found}${conflicting ? `, ${conflicting} conflicting` : ""}` +
        (differing ? `, ${differing} differing from a checked claim` : "");
    this.button.textContent = text;
    // The name starts with the words on the button, so a reader who speaks them to a voice
    // control finds it (WCAG 2.5.3); the popup's status line follows.
    // The notice's own "Recount: " is not said twice.
    const why = failed ? `${this.error.replace(/^Recount:\s*/, "")} ` : "";
    this.button.setAttribute(
      "aria-label",
      (
        `${text}. ${why.charAt(0).toUpperCase()}${why.slice(1)}` +
        (sentences
          ? `${pageSummary(sentences, conflicting, differing)} Press Enter to read the next one; arrow keys move between them.`
          : "")
      ).trim(),
    );
    this.button.title = failed ? this.error : "";
    // The card draws a figure that differs from a checked claim in the conflict colour too
    // (with its own words), so the button does.
    this.button.classList.toggle("conflicts", conflicting + differing > 0);
    this.button.classList.toggle("error", failed);
    this.button.hidden = sentences === 0 && !failed;
    this.update();
  }

  /**
   * Shows a short notice that disappears by itself; a failed check's stays on the button.
   * A failure the button already shows (each retry against a server still down) is not
   * shown, nor read out, again.
   *
   * @param {string} text
   * @param {boolean} [failed] whether the check failed (not just skipped part of the page)
   */
  showNotice(text, failed = false) {
    if (failed && this.error === text) {
      this.render();
      return;
    }
    this.notice.textContent = text;
    this.notice.hidden = false;
    if (failed) this.error = text;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.notice.hidden = true;
      this.update();
    }, NOTICE_MS);
    this.render();
  }

  /** A check succeeded: the button leaves its error state. */
  clearError() {
    if (this.error === null) return;
    this.error = null;
    this.render();
  }

  /** Moves keyboard focus to the button (after the card closes). */
  focus() {
    if (!this.button.hidden) this.button.focus({ preventScroll: true });
  }

  /** Takes the button out of the page for good. */
  remove() {
    clearTimeout(this.noticeTimer);
    this.host.remove();
  }

  /** Shows the host only while it has something to show. */
  update() {
    place(this.host, { display: this.button.hidden && this.notice.hidden ? "none" : "block" });
  }
}
