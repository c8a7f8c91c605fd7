/**
 * The content script: checks the page it runs in. `init` builds the parts (checker, card,
 * launcher, pointer and keyboard handling, page watcher), wires the messages from the popup
 * and the service worker, and runs the first check. It runs once per page; a second call
 * (the toolbar button on a page already checked) just checks again. An instance left in the
 * page by the extension before an update or reload stops and gives way (see takeover.js).
 *
 * A click checks the page it was made on, and the text that page adds later. After a
 * same-document navigation (a single-page app moving to another URL) the new page is
 * checked only when the reader's settings check it without a click; elsewhere its
 * highlights go and nothing is sent until the next click.
 */

import { getChromeAPI } from "../lib/chrome-api.js";
import { changesReadableText } from "../lib/extract.js";
import { MSG, messageListener, unwrap } from "../lib/messages.js";
import { Card } from "./card.js";
import { PageChecker } from "./checker.js";
import { Interaction } from "./interaction.js";
import { Launcher } from "./launcher.js";
import { takeOver, whenTakenOver } from "./takeover.js";
import { watchPage } from "./watch.js";

const NOTICES = {
  offline:
    "Recount: the server cannot be reached, so figures on this page were not checked yet; " +
    "Recount will try again shortly.",
  "rate-limited": "Recount: the server is busy; figures will be checked again shortly.",
  timeout: "Recount: the server is slow to answer; figures will be checked again shortly.",
  "not-recount":
    "Recount: no Recount server answers at the address in Recount's options; check it there.",
  "too-large": "Recount: part of this page was too long to check.",
  permission:
    "Recount: the browser does not let Recount reach its server; " +
    "save the server in Recount's options to allow it.",
};
const DEFAULT_NOTICE = "Recount: the check did not finish.";

/** @type {{checker: PageChecker, clicked: () => Promise<void>} | null} */
let running = null;

/**
 * Starts Recount in this page, or checks again when it already runs.
 *
 * @param {import("../lib/chrome-api.js").ChromeAPI} [api]
 * @param {Document} [doc]
 * @returns {PageChecker}
 */
export function init(api = getChromeAPI(), doc = document) {
  if (running) {
    running.clicked();
    return running.checker;
  }
  takeOver(doc);
  /** @param {import("../lib/messages.js").Message} message */
  const request = async (message) => unwrap(await api.runtime.sendMessage(message));

  // The callbacks below refer to `interaction`, created last; none runs before that.
  const launcher = new Launcher(doc, {
    onNext: (delta) => interaction.step(delta),
    onClose: () => interaction.close(),
  });
  const card = new Card(
    doc,
    {
      onFeedback: (report) => request({ type: MSG.FEEDBACK, ...report }),
      onClose: () => interaction.close(),
      onStep: (delta) => interaction.step(delta),
    },
    { avoid: () => [launcher.host] },
  );
  const checker = new PageChecker(doc, request, (update) => {
    const { state, items, conflicts, differs, error, warning } = update;
    if (state === "checking") return;
    launcher.setCounts(items.length, conflicts, differs);
    interaction.refresh();
    const problem = error ?? warning;
    if (problem) launcher.showNotice(NOTICES[problem.kind] ?? DEFAULT_NOTICE, Boolean(error));
    else launcher.clearError();
    request({ type: MSG.PAGE_STATE, state, matches: items.length, conflicts, differs }).catch(
      () => {},
    );
  });
  const interaction = new Interaction(doc, () => checker.items, card, launcher);

  // Whether the page at the current URL may be sent: the one clicked, or one the settings
  // check without a click.
  let granted = true;
  const clicked = () => {
    granted = true;
    return checker.check();
  };
  const autoChecked = () => request({ type: MSG.AUTO_CHECKS }).then(Boolean, () => false);

  const onMessage = messageListener({
    [MSG.RUN_CHECK]: async () => {
      await clicked();
      return checker.summary();
    },
    [MSG.GET_SUMMARY]: async () => checker.summary(),
    [MSG.JUMP_TO]: async ({ id }) =>
      interaction.open(id, { pinned: true, focus: true, scroll: true }),
  });
  api.runtime.onMessage.addListener(onMessage);
  interaction.listen();
  // Another server chosen in the options: what the old one said no longer holds.
  /** @type {(changes: Record<string, unknown>, area: string) => void} */
  const onStorage = (changes, area) => {
    if (area !== "local" || !("serverUrl" in changes)) return;
    interaction.close({ restoreFocus: false });
    checker.forget();
    if (granted) checker.check();
  };
  api.storage?.onChanged?.addListener(onStorage);
  const stopWatching = watchPage(doc, {
    relevant: (record) => changesReadableText(record, checker.roots),
    onChange: () => {
      if (granted) checker.check({ automatic: true });
    },
    onNavigate: async () => {
      granted = false;
      interaction.close({ restoreFocus: false });
      checker.reset();
      granted = await autoChecked();
      if (granted) checker.check({ automatic: true });
    },
  });
  whenTakenOver(doc, () => {
    stopWatching();
    interaction.stop();
    checker.stop();
    card.remove();
    launcher.remove();
    // Cut off from the extension, these may throw: nothing is left to tidy then.
    quietly(() => api.runtime.onMessage.removeListener(onMessage));
    quietly(() => api.storage?.onChanged?.removeListener(onStorage));
    running = null;
  });
  running = { checker, clicked };
  checker.check();
  return checker;
}

/**
 * Runs `fn`, ignoring what it throws.
 *
 * @param {() => void} fn
 */
function quietly(fn) {
  try {
    fn();
  } catch {
    // nothing to do
  }
}
