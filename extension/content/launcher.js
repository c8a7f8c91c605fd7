/**
 * The keyboard way in: a small floating button, "Recount: 3 figures", in its own shadow
 * root (`<recount-launcher>`), reachable with Tab. Enter opens the card of the next
 * highlighted sentence; arrow keys move between them; Escape closes the card. It also
 * carries the quiet notices (server down, rate limited) so a failure never breaks the page.
 */

import { createHost, h, place } from "./dom.js";

const NOTICE_MS = 8000;

const CSS = `
:host { color-scheme: light dark; }
.wrap { display: flex; flex-direction: column; align-items: flex-end; gap: 6px; }
button, .notice { font: 13px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; border-radius: 999px;
  padding: 6px 12px; box-shadow: 0 2px 10px rgba(0,0,0,.25); }
button { border: 1px solid #00696f; background: #ffffff; color: #00494d; cursor: pointer; }
button.conflicts { border-color: #b3261e; color: #8c1d18; }
button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.notice { background: #f1f3f4; color: #3c4043; border: 1px solid #c4c7c5; max-width: 320px; }
[hidden] { display: none !important; }
@media (prefers-color-scheme: dark) {
  button { background: #1f1f23; color: #4dd0c4; border-color: #4dd0c4; }
  button.conflicts { color: #ffb4ab; border-color: #ffb4ab; }
  .notice { background: #2d2e31; color: #e3e3e3; border-color: #46474a; }
}
`;

/** The floating button and notice. */
export class Launcher {
  /**
   * @param {Document} doc
   * @param {{onNext: (delta: number) => void, onClose: () => void}} actions
   */
  constructor(doc, actions) {
    this.doc = doc;
    const { host, root } = createHost(doc, "recount-launcher", CSS);
    this.host = host;
    place(host, { right: "16px", bottom: "16px" });
    this.button = h(doc, "button", { type: "button", hidden: true });
    this.notice = h(doc, "div", { class: "notice", role: "status", hidden: true });
    root.append(h(doc, "div", { class: "wrap" }, [this.notice, this.button]));
    this.button.addEventListener("click", () => actions.onNext(1));
    this.button.addEventListener("keydown", (event) => {
      const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
      if (step) {
        event.preventDefault();
        actions.onNext(step);
      } else if (event.key === "Escape") {
        actions.onClose();
      }
    });
    this.noticeTimer = 0;
  }

  /**
   * Shows the count of highlighted sentences (hidden when there are none).
   *
   * @param {number} matches
   * @param {number} conflicts
   */
  setCounts(matches, conflicts) {
    const figures = `${matches} figure${matches === 1 ? "" : "s"}`;
    const extra = conflicts ? `, ${conflicts} conflicting` : "";
    this.button.textContent = `Recount: ${figures}${extra}`;
    this.button.setAttribute(
      "aria-label",
      `Recount found ${matches} sentence${matches === 1 ? "" : "s"} repeating known figures${extra}. ` +
        "Press Enter to read the next one; arrow keys move between them.",
    );
    this.button.classList.toggle("conflicts", conflicts > 0);
    this.button.hidden = matches === 0;
    this.update();
  }

  /**
   * Shows a short notice that disappears by itself.
   *
   * @param {string} text
   */
  showNotice(text) {
    this.notice.textContent = text;
    this.notice.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.notice.hidden = true;
      this.update();
    }, NOTICE_MS);
    this.update();
  }

  /** Moves keyboard focus to the button (after the card closes). */
  focus() {
    if (!this.button.hidden) this.button.focus();
  }

  /** Shows the host only while it has something to show. */
  update() {
    place(this.host, { display: this.button.hidden && this.notice.hidden ? "none" : "block" });
  }
}
