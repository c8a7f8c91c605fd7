/**
 * The service worker's behaviour: answers the messages of content scripts, the popup and
 * the options page (all server traffic happens here), keeps the toolbar badge per tab, and
 * keeps automatic checking registered to match the settings.
 */

import { getChromeAPI } from "../lib/chrome-api.js";
import { pageSummary } from "../lib/figures.js";
import { MSG, RecountError, messageListener } from "../lib/messages.js";
import { normaliseServerUrl, originPattern, withDefaults } from "../lib/settings.js";
import { autoChecks, injectInto, syncAutoCheck } from "./autocheck.js";
import { getDigest } from "./digest-cache.js";
import { ServerClient } from "./server.js";

const BADGE_COLOURS = { conflicts: "#b3261e", matches: "#00696f", error: "#5f6368" };

/**
 * Wires the worker's listeners (synchronously, as Manifest V3 requires) and brings the
 * automatic-check registration up to date.
 *
 * @param {import("../lib/chrome-api.js").ChromeAPI} [api]
 * @param {typeof fetch} [fetchImpl]
 * @returns {Record<string, Function>} the message handlers (for tests)
 */
export function init(api = getChromeAPI(), fetchImpl = undefined) {
  const handlers = createHandlers(api, fetchImpl);
  api.runtime.onMessage.addListener(messageListener(handlers));
  const resync = () => readSettings(api).then((settings) => syncAutoCheck(api, settings));
  api.runtime.onInstalled?.addListener(resync);
  api.runtime.onStartup?.addListener(resync);
  api.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && ("autoCheck" in changes || "autoCheckSites" in changes)) resync();
  });
  return handlers;
}

/**
 * @param {import("../lib/chrome-api.js").ChromeAPI} api
 * @returns {Promise<import("../lib/settings.js").Settings>}
 */
async function readSettings(api) {
  return withDefaults(await api.storage.local.get(["serverUrl", "autoCheck", "autoCheckSites"]));
}

/**
 * The handler for each message type the worker answers.
 *
 * @param {import("../lib/chrome-api.js").ChromeAPI} api
 * @param {typeof fetch} [fetchImpl]
 * @returns {Record<string, (message: any, sender: any) => Promise<any>>}
 */
export function createHandlers(api, fetchImpl) {
  const client = async () => new ServerClient((await readSettings(api)).serverUrl, fetchImpl);
  /** The server's answer; a server out of reach for want of permission says so. */
  const ask = async (call) => {
    const server = await client();
    return explained(api, server.baseUrl, () => call(server));
  };
  return {
    [MSG.GET_DIGEST]: async ({ deadline }) => getDigest(api, await client(), { deadline }),
    [MSG.MATCH]: async ({ sentences, deadline }) =>
      ask((server) => server.match(sentences, deadline)),
    [MSG.FEEDBACK]: async ({ claim_id, sentence, span, kind }) =>
      ask((server) => server.feedback({ claim_id, sentence, span: span ?? null, kind })),
    [MSG.AUTO_CHECKS]: async (_message, sender) =>
      autoChecks(await readSettings(api), sender?.url ?? sender?.tab?.url),
    [MSG.PAGE_STATE]: async (message, sender) => setBadge(api, sender?.tab?.id, message),
    [MSG.CHECK_TAB]: async ({ tabId }) => checkTab(api, tabId),
    [MSG.TEST_CONNECTION]: async ({ serverUrl }) => {
      const url = normaliseServerUrl(serverUrl);
      if (!url)
        throw new RecountError({
          kind: "http",
          detail: "Enter a web address, such as recount.example.org or http://127.0.0.1:8000.",
        });
      return explained(api, url, () => new ServerClient(url, fetchImpl).health());
    },
  };
}

/**
 * `call`'s result; when it fails as "offline" and the extension has no host permission
 * for the server (never granted, or taken back in the browser's settings), the failure
 * says that instead: the server may be up.
 *
 * @template T
 * @param {import("../lib/chrome-api.js").ChromeAPI} api
 * @param {string} serverUrl
 * @param {() => Promise<T>} call
 * @returns {Promise<T>}
 */
async function explained(api, serverUrl, call) {
  try {
    return await call();
  } catch (error) {
    if (error?.failure?.kind !== "offline" || !api.permissions.contains) throw error;
    const allowed = await api.permissions
      .contains({ origins: [originPattern(serverUrl)] })
      .catch(() => true);
    if (allowed) throw error;
    throw new RecountError({
      kind: "permission",
      detail:
        `Recount has no permission to reach its server at ${serverUrl}: ` +
        "save the server in Recount's options to grant it.",
    });
  }
}

/**
 * The badge for a tab: the number of highlighted sentences, red when a figure conflicts
 * with the sources or differs from a checked claim (the card's red; the title says which).
 * A failed check leaves "!" on the badge (after the count, when some sentences were
 * checked) until a check succeeds, and the button's title says why.
 *
 * @param {import("../lib/chrome-api.js").ChromeAPI} api
 * @param {number | undefined} tabId
 * @param {{state: string, matches: number, conflicts: number, differs?: number}} counts
 */
async function setBadge(api, tabId, { state, matches, conflicts, differs = 0 }) {
  if (tabId === undefined) return;
  const failed = state === "error";
  const count = matches > 0 ? String(matches) : "";
  await api.action.setBadgeText({ tabId, text: failed ? `${count}!` : count });
  let colour = conflicts + differs > 0 ? BADGE_COLOURS.conflicts : BADGE_COLOURS.matches;
  if (failed) colour = BADGE_COLOURS.error;
  await api.action.setBadgeBackgroundColor?.({ tabId, color: colour });
  // The words the popup's status line and the launcher's name use (singular or plural,
  // the conflicts and differences only when there are some).
  const found = pageSummary(matches, conflicts, differs);
  const title =
    state === "error" ? `Recount: the check did not finish. ${found}` : `Recount: ${found}`;
  await api.action.setTitle?.({ tabId, title });
}

/**
 * Runs the check in a tab, injecting the content script first when it is not there yet,
 * and returns the page's summary.
 *
 * @param {import("../lib/chrome-api.js").ChromeAPI} api
 * @param {number} tabId
 * @returns {Promise<import("../lib/messages.js").Summary>}
 */
async function checkTab(api, tabId) {
  const runCheck = () => api.tabs.sendMessage(tabId, { type: MSG.RUN_CHECK });
  let reply;
  try {
    reply = await runCheck();
  } catch {
    // No content script in the tab yet (the usual case for a click). Some pages
    // (view-source:, a page still loading a download) never settle an injection: give up
    // after a while rather than leave the popup checking forever.
    try {
      await withTimeout(injectInto(api, tabId), INJECT_TIMEOUT_MS);
    } catch {
      throw new RecountError({
        kind: "permission",
        detail: "Recount cannot read this page (a browser page, or one extensions may not open).",
      });
    }
    reply = await retry(runCheck);
  }
  if (!reply?.ok) throw new RecountError(reply?.error ?? { kind: "internal", detail: "No reply." });
  return reply.data;
}

/** How long an injection may take before the page is taken as one Recount cannot check. */
const INJECT_TIMEOUT_MS = 10000;

/**
 * `promise`, or a rejection after `ms` milliseconds.
 *
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @returns {Promise<T>}
 */
function withTimeout(promise, ms) {
  let timer;
  const expiry = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), ms);
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

/**
 * Calls `fn` until it resolves, a few times, for a content script that is still starting.
 *
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function retry(fn, attempts = 20, delayMs = 100) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
