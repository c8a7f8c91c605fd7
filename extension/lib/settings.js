/**
 * The reader's settings: names, defaults and checks, shared by the options page (which
 * writes them) and the service worker (which reads them), and the host permissions they
 * need (or no longer need). They live in `chrome.storage.local` under these keys; tests
 * set them there directly.
 */

export const DEFAULT_SERVER_URL = "http://127.0.0.1:8000";

/** @typedef {"off" | "listed" | "all"} AutoCheck */
/**
 * @typedef {object} Settings
 * @property {string} serverUrl base URL of a Recount server
 * @property {AutoCheck} autoCheck which pages are checked without a click
 * @property {string[]} autoCheckSites origins checked when `autoCheck` is "listed"
 */

/** @type {Readonly<Settings>} */
export const DEFAULTS = Object.freeze({
  serverUrl: DEFAULT_SERVER_URL,
  autoCheck: "off",
  autoCheckSites: [],
});

/** The match pattern for "every site" (http and https pages). */
export const ALL_SITES = "*://*/*";

export const AUTO_CHECK_VALUES = Object.freeze(["off", "listed", "all"]);

/**
 * Settings with defaults filled in and bad values replaced by the default.
 *
 * @param {Record<string, any>} stored what `storage.local.get` returned
 * @returns {Settings}
 */
export function withDefaults(stored) {
  const serverUrl = normaliseServerUrl(stored?.serverUrl) ?? DEFAULTS.serverUrl;
  const autoCheck = AUTO_CHECK_VALUES.includes(stored?.autoCheck)
    ? stored.autoCheck
    : DEFAULTS.autoCheck;
  const sites = Array.isArray(stored?.autoCheckSites) ? stored.autoCheckSites : [];
  const autoCheckSites = sites.map(normaliseOrigin).filter((o) => o !== null);
  return { serverUrl, autoCheck, autoCheckSites };
}

/**
 * The server base URL without a trailing slash, or null when `value` is not an http(s) URL.
 * An address typed without its scheme is completed (see `withScheme`).
 *
 * @param {unknown} value
 * @returns {string | null}
 */
export function normaliseServerUrl(value) {
  const url = parseHttpUrl(typeof value === "string" ? withScheme(value) : value);
  if (!url) return null;
  return (url.origin + url.pathname).replace(/\/+$/, "");
}

/**
 * A server address as a reader may type it without its scheme: a host name with a dot,
 * `localhost`, or an IP address (IPv6 in brackets), then an optional port and path. A
 * single word ("recount") is not taken for a host: it may be a typing slip.
 */
const BARE_ADDRESS =
  /^(?:[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+|localhost|\[[\da-f:.]+\])(?::\d{1,5})?(?:[/?#]\S*)?$/iu;

/**
 * The address with the scheme a reader left out: "host[:port][/path]" is https://, but
 * http:// on this computer (localhost, 127.0.0.1, [::1]) or on the local network (a private
 * or link-local IP address, a `.local`, `.home.arpa` or `.internal` name), which is how a
 * server run there is usually reached (`recount serve` answers plain http). Anything else is
 * returned as typed.
 *
 * @param {string} value
 * @returns {string}
 */
function withScheme(value) {
  const text = value.trim();
  if (!BARE_ADDRESS.test(text)) return text;
  const host = text.split(/[/?#]/)[0].replace(/:\d+$/, "").toLowerCase();
  return `${isLoopback(host) || isLocalNetwork(host) ? "http" : "https"}://${text}`;
}

/**
 * Private IPv4 ranges (10/8, 172.16/12, 192.168/16) and link-local 169.254/16.
 */
const PRIVATE_IPV4 = /^(?:10\.\d+|172\.(?:1[6-9]|2\d|3[01])|192\.168|169\.254)\.\d+\.\d+$/;

/**
 * Whether a host is on the local network: a private or link-local IP address (IPv6 unique
 * local fc00::/7 and link-local fe80::/10, in brackets) or a name kept for local networks.
 *
 * @param {string} hostname lower case, an IPv6 address in brackets
 * @returns {boolean}
 */
function isLocalNetwork(hostname) {
  return (
    PRIVATE_IPV4.test(hostname) ||
    /^\[f[cd][\da-f]{0,2}:/.test(hostname) ||
    /^\[fe[89ab][\da-f]?:/.test(hostname) ||
    /\.(?:local|home\.arpa|internal)$/.test(hostname)
  );
}

/**
 * Whether sentences sent to this server can be read on their way: plain http to another
 * computer (loopback addresses never leave this one).
 *
 * @param {string} serverUrl a normalised server URL
 * @returns {boolean}
 */
export function sentInTheClear(serverUrl) {
  const { protocol, hostname } = new URL(serverUrl);
  return protocol === "http:" && !isLoopback(hostname);
}

/**
 * Whether a host name is this computer's own (a loopback address).
 *
 * @param {string} hostname lower case, an IPv6 address in brackets
 * @returns {boolean}
 */
function isLoopback(hostname) {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname === "[::1]" ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}

/**
 * The origin of an http(s) URL or host ("example.org" means https://example.org), or null.
 *
 * @param {unknown} value
 * @returns {string | null}
 */
export function normaliseOrigin(value) {
  if (typeof value !== "string") return null;
  const text = value.trim().replace(/\.$/, "");
  // A host name as typed: letters (any script), digits, dots and hyphens; "*.bbc.co.uk",
  // "nytimes.com," or "http:/x" are not sites a match pattern can name.
  const host = text.replace(/^[a-z]+:\/\//i, "").split(/[/?#]/)[0];
  if (!/^[\p{L}\p{N}.-]+(:\d+)?$/u.test(host) || (!host.includes(".") && host !== "localhost"))
    return null;
  const url = parseHttpUrl(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  return url ? url.origin : null;
}

/**
 * The match patterns a listed site covers: its host and, for a name without "www.", the
 * "www." one too ("nytimes.com" is read at www.nytimes.com).
 *
 * @param {string} origin
 * @returns {string[]}
 */
export function sitePatterns(origin) {
  const pattern = originPattern(origin);
  const { protocol, hostname } = new URL(origin);
  const bare = !hostname.startsWith("www.") && !/^[\d.]+$/.test(hostname) && hostname.includes(".");
  return bare ? [pattern, `${protocol}//www.${hostname}/*`] : [pattern];
}

/**
 * The host-permission match pattern covering an origin or URL ("http://h:8000" ->
 * "http://h/*": match patterns ignore ports).
 *
 * @param {string} url
 * @returns {string}
 */
export function originPattern(url) {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}/*`;
}

/**
 * Host-permission patterns the settings need: the server's origin and, for automatic
 * checking, the listed sites or every site.
 *
 * @param {Settings} settings
 * @returns {string[]}
 */
export function neededOrigins(settings) {
  const origins = new Set([originPattern(settings.serverUrl)]);
  if (settings.autoCheck === "all") origins.add(ALL_SITES);
  if (settings.autoCheck === "listed") {
    for (const site of settings.autoCheckSites) for (const p of sitePatterns(site)) origins.add(p);
  }
  return [...origins];
}

/**
 * @param {unknown} value
 * @returns {URL | null}
 */
function parseHttpUrl(value) {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * Whether match pattern `outer` matches every URL that `inner` matches, as host
 * permissions are read (the path is ignored): "*" as a scheme stands for http and https,
 * "*.example.org" for that host and its subdomains, "*" for every host, a host without a
 * port for every port.
 *
 * @param {string} outer
 * @param {string} inner
 * @returns {boolean}
 */
export function patternCovers(outer, inner) {
  if (outer === "<all_urls>") return true;
  const a = parsePattern(outer);
  const b = parsePattern(inner);
  if (!a || !b) return false;
  const schemes = a.scheme === "*" ? ["*", "http", "https", "ws", "wss"] : [a.scheme];
  if (!schemes.includes(b.scheme)) return false;
  if (a.port !== null && a.port !== "*" && a.port !== b.port) return false;
  if (a.host === "*") return true;
  if (a.host.startsWith("*.")) {
    const domain = a.host.slice(2);
    const host = b.host.replace(/^\*\./, "");
    return host === domain || host.endsWith(`.${domain}`);
  }
  return a.host === b.host;
}

/**
 * The host permissions to give back once settings are saved: those held that the
 * manifest lists as optional (only those can be given back) and neither requires nor
 * that anything still needed covers (a listed site stays while every site is needed).
 *
 * @param {{held: string[], needed: string[], required: string[], optional: string[]}} origins
 *   `held`: what the browser grants now (`permissions.getAll`); `needed`: what the new
 *   settings need (`neededOrigins`); `required` and `optional`: the manifest's
 *   `host_permissions` and `optional_host_permissions`
 * @returns {string[]}
 */
export function originsToGiveBack({ held, needed, required, optional }) {
  const kept = [...required, ...needed];
  return held.filter(
    (origin) =>
      optional.some((o) => patternCovers(o, origin)) && !kept.some((k) => patternCovers(k, origin)),
  );
}

/**
 * A match pattern's parts, or null for one that is not `scheme://host/path`.
 *
 * @param {string} pattern
 * @returns {{scheme: string, host: string, port: string | null} | null}
 */
function parsePattern(pattern) {
  const parts = /^(\*|[a-z][a-z\d+.-]*):\/\/([^/]*)(?:\/.*)?$/i.exec(String(pattern));
  if (!parts) return null;
  const [, host, port = null] = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(parts[2].toLowerCase());
  return { scheme: parts[1].toLowerCase(), host, port };
}
