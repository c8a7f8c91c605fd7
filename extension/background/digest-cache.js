/**
 * The claim digest, cached in `storage.local` with its ETag per server, revalidated at most
 * every few minutes (a 304 costs the server nothing). When it cannot be fetched the caller
 * gets null and the page sends only sentences with figures.
 */

const KEY = "digestCache";
const FRESH_MS = 5 * 60 * 1000;

/**
 * The digest JSON for the server behind `client`, or null when it is unavailable.
 *
 * @param {import("../lib/chrome-api.js").ChromeAPI} api
 * @param {import("./server.js").ServerClient} client
 * @param {{deadline?: number, now?: () => number}} [options] `deadline`: when the check
 *   asking gives up (`Date.now()` milliseconds); `now`: the clock for freshness
 * @returns {Promise<any | null>}
 */
export async function getDigest(api, client, { deadline, now = Date.now } = {}) {
  const stored = (await api.storage.local.get(KEY))[KEY];
  const cached = stored && stored.serverUrl === client.baseUrl ? stored : null;
  if (cached && now() - cached.checkedAt < FRESH_MS) return cached.digest;
  try {
    const answer = await client.digest(cached?.etag ?? null, deadline);
    const entry = answer.notModified
      ? { ...cached, checkedAt: now() }
      : { serverUrl: client.baseUrl, etag: answer.etag, digest: answer.digest, checkedAt: now() };
    await api.storage.local.set({ [KEY]: entry });
    return entry.digest;
  } catch {
    // An old copy is better than none: it only decides what is worth sending.
    return cached?.digest ?? null;
  }
}
