/**
 * The Recount server's HTTP API as the service worker uses it: match, feedback, digest
 * and health. Only the worker fetches (it holds the host permission for the server, so the
 * server's CORS list need not include the extension). Failures become `RecountError`s with
 * a kind the page can turn into a quiet notice; page text and URLs are never logged. An
 * address that answers, but not as a Recount server does (a web site's page, another API,
 * a 404), is said to be no Recount server, so a mistyped server URL reads as one.
 */

import { RecountError } from "../lib/messages.js";

/** Longest wait (seconds) for one retry after a 429 before giving up on a batch. */
const MAX_RETRY_AFTER = 5;
const TIMEOUT_MS = 20000;

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
   * POST /api/v1/match, retrying once after a short `Retry-After`.
   *
   * @param {string[]} sentences
   * @returns {Promise<{results: any[]}>}
   */
  async match(sentences) {
    const request = async () => {
      const answer = await this.json("POST", "/api/v1/match", { sentences });
      if (!Array.isArray(answer?.results)) throw this.notRecount("its answer has no results");
      return answer;
    };
    try {
      return await request();
    } catch (error) {
      const wait = error instanceof RecountError ? error.failure.retryAfter : undefined;
      if (error.failure?.kind !== "rate-limited" || wait === undefined || wait > MAX_RETRY_AFTER) {
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
   * @returns {Promise<{notModified: true} | {notModified: false, etag: string | null, digest: any}>}
   */
  async digest(etag) {
    const headers = etag ? { "If-None-Match": etag } : {};
    const response = await this.send("GET", "/api/v1/digest", undefined, headers);
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
   * @returns {Promise<any>}
   */
  async json(method, path, body) {
    const response = await this.send(method, path, body);
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
   * @returns {Promise<Response>}
   */
  async send(method, path, body, headers = {}) {
    /** @type {RequestInit} */
    const init = {
      method,
      headers: { Accept: "application/json", ...headers },
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await this.fetch(this.baseUrl + path, init);
    } catch (error) {
      // A server that is up but slow is not called unreachable.
      if (error?.name === "TimeoutError") {
        throw new RecountError({
          kind: "timeout",
          detail: `The Recount server at ${this.baseUrl} did not answer within ${TIMEOUT_MS / 1000} seconds.`,
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
