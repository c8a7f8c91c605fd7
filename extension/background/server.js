/**
 * The Recount server's HTTP API as the service worker uses it: match, feedback, digest
 * and health. Only the worker fetches (it holds the host permission for the server, so the
 * server's CORS list need not include the extension). Failures become `RecountError`s with
 * a kind the page can turn into a quiet notice; page text and URLs are never logged. A
 * request waits for its answer until the deadline of the check it belongs to, else for
 * the one time limit. An
 * address that answers, but not as a Recount server does (a web site's page, another API,
 * a 404), is said to be no Recount server, so a mistyped server URL reads as one.
 */

import { RecountError, TIME_LIMIT_MS } from "../lib/messages.js";

/** Longest wait (seconds) for one retry after a 429 before giving up on a batch. */
const MAX_RETRY_AFTER = 5;

/** A client for one server base URL. */
export class ServerClient {
  /**
   * @param {string} baseUrl e.g. "http://127.0.0.1:8000" (no trailing slash)
   * @param {typeof fetch} [fetchImpl] a fake in tests
   */
  constructor(baseUrl, fetchImpl = (...args) => globalThis.fetch(...args)) {
    this.baseUrl = baseUrl;
    this.fetch = fetchImpl;
  }

  /**
   * POST /api/v1/match, retrying once after a short `Retry-After` that ends before the
   * deadline.
   *
   * @param {string[]} sentences
   * @param {number} [deadline] when the check gives up (`Date.now()` milliseconds)
   * @returns {Promise<{results: any[]}>}
   */
  async match(sentences, deadline) {
    const request = async () => {
      const answer = await this.json("POST", "/api/v1/match", { sentences }, deadline);
      if (!Array.isArray(answer?.results)) throw this.notRecount("its answer has no results");
      return answer;
    };
    try {
      return await request();
    } catch (error) {
      const wait = error instanceof RecountError ? error.failure.retryAfter : undefined;
      const late = (wait ?? 0) * 1000 >= timeLeft(deadline);
      if (
        error.failure?.kind !== "rate-limited" ||
        wait === undefined ||
        wait > MAX_RETRY_AFTER ||
        late
      ) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      return request();
    }
  }

  /**
   * POST /api/v1/feedback.
   *
   * @param {{claim_id: string, sentence: string, span: [number, number] | null,
   *   kind: string, comment?: string}} report
   * @returns {Promise<{id: string, status: string}>}
   */
  feedback(report) {
    return this.json("POST", "/api/v1/feedback", report);
  }

  /**
   * GET /api/v1/health.
   *
   * @returns {Promise<{status: string, version?: string, claims?: number}>}
   */
  async health() {
    const answer = await this.json("GET", "/api/v1/health");
    if (typeof answer?.status !== "string") throw this.notRecount("its answer has no status");
    return answer;
  }

  /**
   * GET /api/v1/digest, conditional on a cached ETag.
   *
   * @param {string | null} etag the cached copy's ETag
   * @param {number} [deadline] when the check gives up (`Date.now()` milliseconds)
   * @returns {Promise<{notModified: true} | {notModified: false, etag: string | null, digest: any}>}
   */
  async digest(etag, deadline) {
    const headers = etag ? { "If-None-Match": etag } : {};
    const response = await this.send("GET", "/api/v1/digest", undefined, headers, deadline);
    if (response.status === 304) return { notModified: true };
    return {
      notModified: false,
      etag: response.headers.get("ETag"),
      digest: await response.json(),
    };
  }

  /**
   * A JSON request whose 2xx JSON body is returned.
   *
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {number} [deadline] when the check gives up (`Date.now()` milliseconds)
   * @returns {Promise<any>}
   */
  async json(method, path, body, deadline) {
    const response = await this.send(method, path, body, {}, deadline);
    try {
      return await response.json();
    } catch {
      throw this.notRecount("it sent something other than JSON");
    }
  }

  /**
   * The failure for an address that answers, but not as a Recount server.
   *
   * @param {string} why what it answered instead
   * @returns {RecountError}
   */
  notRecount(why) {
    return new RecountError({
      kind: "not-recount",
      detail:
        `No Recount server answers at ${this.baseUrl} (${why}): ` +
        "check the server URL in Recount's options.",
    });
  }

  /**
   * Sends a request; resolves with a 2xx or 304 response, rejects with a `RecountError`.
   *
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {Record<string, string>} [headers]
   * @param {number} [deadline] when the check gives up (`Date.now()` milliseconds); else
   *   the request has the whole time limit
   * @returns {Promise<Response>}
   */
  async send(method, path, body, headers = {}, deadline = undefined) {
    /** @type {RequestInit} */
    const init = {
      method,
      headers: { Accept: "application/json", ...headers },
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      signal: AbortSignal.timeout(timeLeft(deadline)),
    };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await this.fetch(this.baseUrl + path, init);
    } catch (error) {
      // A server that is up but slow is not called unreachable. The limit named is the
      // check's whole limit, which this request had what was left of.
      if (error?.name === "TimeoutError") {
        throw new RecountError({
          kind: "timeout",
          detail: `The Recount server at ${this.baseUrl} did not answer within ${TIME_LIMIT_MS / 1000} seconds.`,
        });
      }
      throw new RecountError({
        kind: "offline",
        detail: `The Recount server at ${this.baseUrl} cannot be reached.`,
      });
    }
    if (response.ok || response.status === 304) return response;
    // Every path this client asks for exists on a Recount server.
    if (response.status === 404) throw this.notRecount("it has no Recount API there");
    throw await failureOf(response);
  }
}

/**
 * Milliseconds a request may wait: until the deadline, never past the time limit (a
 * deadline comes in a message, so it is checked).
 *
 * @param {unknown} deadline `Date.now()` milliseconds, or undefined for the whole limit
 * @returns {number}
 */
function timeLeft(deadline) {
  if (typeof deadline !== "number" || !Number.isFinite(deadline)) return TIME_LIMIT_MS;
  return Math.min(TIME_LIMIT_MS, Math.max(0, deadline - Date.now()));
}

/**
 * The `RecountError` for an unsuccessful response (problem+json detail when there is one).
 *
 * @param {Response} response
 * @returns {Promise<RecountError>}
 */
async function failureOf(response) {
  let detail = `The server answered ${response.status}.`;
  try {
    const problem = await response.json();
    detail = problem.detail || problem.title || detail;
  } catch {
    // Not JSON: keep the status line.
  }
  const status = response.status;
  if (status === 429) {
    const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
    return new RecountError({
      kind: "rate-limited",
      status,
      detail,
      ...(Number.isFinite(retryAfter) ? { retryAfter } : {}),
    });
  }
  const kind = status === 413 ? "too-large" : "http";
  return new RecountError({ kind, status, detail });
}
