/**
 * The one seam between Recount and the browser's extension APIs. Every `chrome.*` call the
 * extension makes goes through the object returned here, so a test can pass a fake and the
 * list of APIs used (and so the permissions needed) is visible in one screen. Chrome and
 * Firefox both provide the promise-returning `chrome` namespace in Manifest V3.
 */

/**
 * The few browser APIs Recount uses, bound to `chrome`.
 *
 * @param {any} [chrome] the extension namespace (a fake in tests)
 * @returns {ReturnType<typeof bind>}
 */
export function getChromeAPI(chrome = globalThis.chrome) {
  return bind(chrome);
}

/** @param {any} chrome */
function bind(chrome) {
  const optional = (obj, name) => (obj && obj[name] ? obj[name].bind(obj) : undefined);
  return {
    action: {
      setBadgeText: optional(chrome.action, "setBadgeText"),
      setBadgeBackgroundColor: optional(chrome.action, "setBadgeBackgroundColor"),
      setTitle: optional(chrome.action, "setTitle"),
    },
    permissions: {
      contains: optional(chrome.permissions, "contains"),
      getAll: optional(chrome.permissions, "getAll"),
      remove: optional(chrome.permissions, "remove"),
      request: optional(chrome.permissions, "request"),
    },
    runtime: {
      getManifest: optional(chrome.runtime, "getManifest"),
      getURL: optional(chrome.runtime, "getURL"),
      onInstalled: chrome.runtime?.onInstalled,
      onStartup: chrome.runtime?.onStartup,
      onMessage: chrome.runtime?.onMessage,
      openOptionsPage: optional(chrome.runtime, "openOptionsPage"),
      sendMessage: optional(chrome.runtime, "sendMessage"),
    },
    scripting: {
      executeScript: optional(chrome.scripting, "executeScript"),
      getRegisteredContentScripts: optional(chrome.scripting, "getRegisteredContentScripts"),
      insertCSS: optional(chrome.scripting, "insertCSS"),
      registerContentScripts: optional(chrome.scripting, "registerContentScripts"),
      unregisterContentScripts: optional(chrome.scripting, "unregisterContentScripts"),
    },
    storage: {
      local: chrome.storage?.local,
      onChanged: chrome.storage?.onChanged,
    },
    tabs: {
      query: optional(chrome.tabs, "query"),
      sendMessage: optional(chrome.tabs, "sendMessage"),
      onRemoved: chrome.tabs?.onRemoved,
    },
  };
}

/** @typedef {ReturnType<typeof getChromeAPI>} ChromeAPI */
