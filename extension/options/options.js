/**
 * The options page: the server URL (with "Test connection"; an address typed without its
 * scheme is completed, and shown so) and when pages are checked.
 * Saving asks for the host permissions the choice needs (the server's origin, the listed
 * sites, or every site) in the click itself, as browsers require, then stores the settings,
 * then gives back the host permissions they no longer need (see permissions.js); the
 * service worker picks the settings up for the next page load.
 */

import { getChromeAPI } from "../lib/chrome-api.js";
import { MSG, unwrap } from "../lib/messages.js";
import { giveBack } from "./permissions.js";
import {
  DEFAULTS,
  neededOrigins,
  normaliseOrigin,
  normaliseServerUrl,
  originPattern,
  sentInTheClear,
  withDefaults,
} from "../lib/settings.js";

/**
 * Fills the form from storage and wires its buttons.
 *
 * @param {import("../lib/chrome-api.js").ChromeAPI} [api]
 * @param {Document} [doc]
 * @returns {Promise<void>}
 */
export async function init(api = getChromeAPI(), doc = document) {
  const form = /** @type {HTMLFormElement} */ (doc.getElementById("options-form"));
  const saveStatus = doc.getElementById("save-status");
  const connectionStatus = doc.getElementById("connection-status");
  let saved = withDefaults(await api.storage.local.get(Object.keys(DEFAULTS)));
  fill(form, saved);
  // A status says what happened to the form as it was: an edit makes it out of date.
  form.addEventListener("input", () => {
    saveStatus.textContent = "";
    connectionStatus.textContent = "";
    for (const field of form.querySelectorAll("[aria-invalid]"))
      field.removeAttribute("aria-invalid");
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const settings = read(form);
    if ("problem" in settings) {
      saveStatus.textContent = settings.problem;
      // The field at fault takes the focus, marked so: a screen reader says which it is.
      const field = /** @type {HTMLElement} */ (form.elements.namedItem(settings.field));
      field.setAttribute("aria-invalid", "true");
      field.focus();
      return;
    }
    // The address as it will be used, its scheme completed: the reader sees what is saved.
    form.elements.namedItem("serverUrl").value = settings.serverUrl;
    // permissions.request must run in the click's own task, before any await.
    const asked = api.permissions.request({ origins: neededOrigins(settings) });
    asked
      .then(async (granted) => {
        if (!granted) {
          saveStatus.textContent = "Not saved: Recount needs permission to reach those sites.";
          return;
        }
        await api.storage.local.set(settings);
        saved = settings;
        fill(form, settings); // the sites as stored: one origin a line, paths dropped
        const done =
          "Saved. Open pages are checked again with the server; when to check applies from the next page you load." +
          clearNote(settings.serverUrl);
        const say = (/** @type {string} */ note) => {
          saveStatus.textContent = note ? `${done} ${note}` : done;
        };
        say("");
        // Saved whatever comes of it: giving back says what failed, never undoes the save.
        say(await giveBack(api, settings, say));
      })
      .catch((error) => {
        saveStatus.textContent = `Not saved: ${error.message}`;
      });
  });

  doc.getElementById("test-connection").addEventListener("click", async () => {
    connectionStatus.textContent = "Testing…";
    const field = form.elements.namedItem("serverUrl");
    const url = normaliseServerUrl(field.value);
    // The address tested, its scheme completed, is the one shown.
    if (url) field.value = url;
    // Reaching a server needs its host permission: asked for in the click's own task.
    const asked = url
      ? api.permissions.request({ origins: [originPattern(url)] }).catch(() => false)
      : Promise.resolve(true);
    try {
      if (!(await asked)) {
        connectionStatus.textContent = `No connection: Recount needs permission to reach ${url}.`;
        return;
      }
      const health = unwrap(
        await api.runtime.sendMessage({ type: MSG.TEST_CONNECTION, serverUrl: url ?? field.value }),
      );
      const claims = typeof health.claims === "number" ? `, ${health.claims} claims` : "";
      const unsaved = url !== saved.serverUrl ? " Not saved yet: Save to use this server." : "";
      connectionStatus.textContent =
        `Connected: server ${health.status}${claims}.${unsaved}` + clearNote(url);
    } catch (error) {
      connectionStatus.textContent = `No connection: ${error.message}`;
    }
  });
}

/**
 * A warning for a server reached over plain http on another computer, or "".
 *
 * @param {string} serverUrl normalised
 * @returns {string}
 */
function clearNote(serverUrl) {
  return sentInTheClear(serverUrl)
    ? ` Sentences travel unencrypted to ${serverUrl}, readable on the way: use https:// unless the server is on a network you trust.`
    : "";
}

/**
 * @param {HTMLFormElement} form
 * @param {import("../lib/settings.js").Settings} settings
 */
function fill(form, settings) {
  form.elements.namedItem("serverUrl").value = settings.serverUrl;
  for (const radio of form.querySelectorAll('input[name="autoCheck"]')) {
    radio.checked = radio.value === settings.autoCheck;
  }
  form.elements.namedItem("autoCheckSites").value = settings.autoCheckSites.join("\n");
}

/**
 * The settings in the form, or what is wrong with them and in which field.
 *
 * @param {HTMLFormElement} form
 * @returns {import("../lib/settings.js").Settings | {problem: string, field: string}}
 */
export function read(form) {
  const wrong = (/** @type {string} */ field, /** @type {string} */ problem) => ({
    field,
    problem: `Not saved: ${problem}`,
  });
  const serverUrl = normaliseServerUrl(form.elements.namedItem("serverUrl").value);
  if (!serverUrl) {
    return wrong(
      "serverUrl",
      "the server URL is not a web address (write it as recount.example.org, or with http:// or https://).",
    );
  }
  const checked = form.querySelector('input[name="autoCheck"]:checked');
  const autoCheck = checked ? checked.value : "off";
  // One site a line; commas and spaces separate them too.
  const lines = form.elements
    .namedItem("autoCheckSites")
    .value.split(/[\s,;]+/)
    .filter(Boolean);
  const autoCheckSites = [];
  for (const line of lines) {
    const origin = normaliseOrigin(line);
    if (!origin) {
      return wrong(
        "autoCheckSites",
        `"${line}" is not a site address (write it as example.org, without * or a path).`,
      );
    }
    autoCheckSites.push(origin);
  }
  if (autoCheck === "listed" && !autoCheckSites.length) {
    return wrong("autoCheckSites", "list at least one site, or choose another option.");
  }
  return { serverUrl, autoCheck, autoCheckSites: [...new Set(autoCheckSites)] };
}
