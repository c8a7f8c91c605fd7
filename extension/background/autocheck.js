/**
 * Automatic checking: keeps one registered content script in step with the reader's
 * `autoCheck` setting, and injects the content script into a tab on demand (the toolbar
 * button, under `activeTab`). Registered scripts only run where the extension has host
 * permission, which the options page asks for when the reader lists sites or picks "all";
 * the default server's origin (http://127.0.0.1) is granted at install.
 */

import { ALL_SITES, originPattern, sitePatterns } from "../lib/settings.js";

export const SCRIPT_ID = "recount-auto-check";
/** The content script's files: the stylesheet for `::highlight()` and the loader. */
export const CONTENT_CSS = ["content/highlights.css"];
export const CONTENT_JS = ["content/index.js"];

/**
 * The match patterns automatic checking covers under these settings (empty when off).
 *
 * @param {import("../lib/settings.js").Settings} settings
 * @returns {string[]}
 */
export function autoCheckPatterns(settings) {
  if (settings.autoCheck === "all") return [ALL_SITES];
  if (settings.autoCheck === "listed") {
    return [...new Set(settings.autoCheckSites.flatMap(sitePatterns))];
  }
  return [];
}

/**
 * Whether automatic checking covers a page under these settings, as the registered script's
 * match patterns do (scheme and host; any port).
 *
 * @param {import("../lib/settings.js").Settings} settings
 * @param {string | undefined} url the page's URL
 * @returns {boolean}
 */
export function autoChecks(settings, url) {
  let page;
  try {
    page = new URL(String(url));
  } catch {
    return false;
  }
  if (page.protocol !== "http:" && page.protocol !== "https:") return false;
  if (settings.autoCheck === "all") return true;
  const pattern = originPattern(page.href);
  return settings.autoCheck === "listed" && autoCheckPatterns(settings).includes(pattern);
}

let pending = Promise.resolve();

/**
 * Registers (or removes) the automatic content script for these settings. Calls are
 * serialised so quick successive setting changes cannot race each other.
 *
 * @param {import("../lib/chrome-api.js").ChromeAPI} api
 * @param {import("../lib/settings.js").Settings} settings
 * @returns {Promise<void>}
 */
export function syncAutoCheck(api, settings) {
  pending = pending.catch(() => {}).then(() => register(api, autoCheckPatterns(settings)));
  return pending;
}

/**
 * @param {import("../lib/chrome-api.js").ChromeAPI} api
 * @param {string[]} matches
 */
async function register(api, matches) {
  const existing = await api.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (existing.length) await api.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (!matches.length) return;
  await api.scripting.registerContentScripts([
    {
      id: SCRIPT_ID,
      matches,
      css: CONTENT_CSS,
      js: CONTENT_JS,
      runAt: "document_idle",
      allFrames: false,
      persistAcrossSessions: true,
    },
  ]);
}

/**
 * Runs the content script in a tab now (styles first, then the loader).
 *
 * @param {import("../lib/chrome-api.js").ChromeAPI} api
 * @param {number} tabId
 * @returns {Promise<void>}
 */
export async function injectInto(api, tabId) {
  await api.scripting.insertCSS({ target: { tabId }, files: CONTENT_CSS });
  await api.scripting.executeScript({ target: { tabId }, files: CONTENT_JS });
}
