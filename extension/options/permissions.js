/**
 * Giving back, once settings are saved, the host permissions they no longer need: every
 * site after automatic checking is narrowed, a site taken off the list, the old server's
 * origin after moving to another. Never what the manifest requires (the default server's
 * origin) nor what the new settings need; a failure is reported, never undoes the save.
 */

import { ALL_SITES, neededOrigins, originsToGiveBack } from "../lib/settings.js";

/**
 * Gives back the host permissions `settings` no longer need, and says what happened in a
 * sentence for the save's status ("" when there was nothing to give back). Chrome gives
 * back, with a broad pattern such as every site, every narrower one it holds inside it:
 * whatever the settings still need is then asked for again at once (the browser grants
 * again, without asking, what the reader allowed before; the manifest's own origin it
 * asks the reader to allow again, and restores by itself when it next starts Recount).
 * Call it within a few seconds of the reader's click: asking needs one.
 *
 * @param {import("../lib/chrome-api.js").ChromeAPI} api
 * @param {import("../lib/settings.js").Settings} settings as just saved
 * @param {(note: string) => void} progress shows a sentence while the browser asks the reader
 * @returns {Promise<string>}
 */
export async function giveBack(api, settings, progress) {
  const needed = neededOrigins(settings);
  let given = [];
  try {
    const manifest = api.runtime.getManifest();
    const { origins: held = [] } = await api.permissions.getAll();
    given = originsToGiveBack({
      held,
      needed,
      required: manifest.host_permissions ?? [],
      optional: manifest.optional_host_permissions ?? [],
    });
    if (!given.length) return "";
    const removed = await api.permissions.remove({ origins: given });
    if (!removed) throw new Error("the browser refused");
  } catch (error) {
    const what = given.length ? `its access to ${siteNames(given)}` : "access it no longer needs";
    return (
      `Recount could not give back ${what} (${error?.message ?? error}): ` +
      "remove it in the browser's extension settings."
    );
  }
  const done = `Recount gave back its access to ${siteNames(given)}, which it no longer needs.`;
  const lost = [];
  for (const origin of needed) {
    // Unknown counts as kept: were the server's lost, a page's check says so and points to
    // the options (see background/service.js).
    const kept = await api.permissions.contains({ origins: [origin] }).catch(() => true);
    if (!kept) lost.push(origin);
  }
  if (!lost.length) return done;
  const taken = `The browser took its access to ${siteNames(lost)} with it`;
  progress(`${done} ${taken}: allow it again when the browser asks.`);
  const regained = await api.permissions.request({ origins: lost }).catch(() => false);
  return regained ? done : `${done} ${taken}: Save again to allow it.`;
}

/**
 * Host patterns in words: "every site", else the sites' names, each once.
 *
 * @param {string[]} patterns
 * @returns {string}
 */
export function siteNames(patterns) {
  const names = patterns.map((p) =>
    p === ALL_SITES || p === "<all_urls>" ? "every site" : p.replace(/^[^:]*:\/\/|\/.*$/g, ""),
  );
  return [...new Set(names)].join(", ");
}
