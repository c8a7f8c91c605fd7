/**
 * Every message the extension's parts send each other, in one place: the type constants,
 * a JSDoc typedef of each message and its reply, and the dispatcher that refuses unknown
 * types. Content scripts, the popup and the options page never fetch: they ask the service
 * worker, which holds the host permission for the server.
 */

/**
 * How long a reader waits for the server to answer a check of a page, in milliseconds:
 * one limit for the whole check (the digest and every batch of sentences share it), so a
 * slow server is reported within it rather than after a limit per request.
 */
export const TIME_LIMIT_MS = 20000;

/** Message types. Values are namespaced so they cannot collide with other extensions'. */
export const MSG = Object.freeze({
  /** content -> worker: fetch the claim digest (cached with its ETag). */
  GET_DIGEST: "recount/get-digest",
  /** content -> worker: match a batch of candidate sentences. */
  MATCH: "recount/match",
  /** content -> worker: post a reader's "wrong match" / "wrong figure" report. */
  FEEDBACK: "recount/feedback",
  /** content -> worker: does automatic checking cover this page (the sender's origin)? */
  AUTO_CHECKS: "recount/auto-checks",
  /** content -> worker: the page's counts changed (for the toolbar badge). */
  PAGE_STATE: "recount/page-state",
  /** popup -> worker: check this tab now (the reader clicked the toolbar button). */
  CHECK_TAB: "recount/check-tab",
  /** options -> worker: is a server reachable at this URL? */
  TEST_CONNECTION: "recount/test-connection",
  /** worker or popup -> content: run the check (again). */
  RUN_CHECK: "recount/run-check",
  /** popup -> content: the page's figures for the summary list. */
  GET_SUMMARY: "recount/get-summary",
  /** popup -> content: scroll to one highlighted sentence and open its card. */
  JUMP_TO: "recount/jump-to",
});

/**
 * @typedef {{type: "recount/get-digest", deadline?: number}} GetDigestMessage
 *   `deadline`: when the check this is part of gives up (`Date.now()` milliseconds).
 *   Reply: {@link Reply} with `data` the digest JSON, or `data: null` when unavailable.
 * @typedef {{type: "recount/match", sentences: string[], deadline?: number}} MatchMessage
 *   `deadline`: as for the digest; the check's one deadline.
 *   Reply: {@link Reply} with `data` the server's `{results: [...]}`.
 * @typedef {{type: "recount/feedback", claim_id: string, sentence: string,
 *   span: [number, number] | null, kind: "wrong-match" | "wrong-figure"}} FeedbackMessage
 *   Reply: {@link Reply} with `data` the server's `{id, status}`.
 * @typedef {{type: "recount/auto-checks"}} AutoChecksMessage
 *   Reply: {@link Reply} with `data` true when the reader's settings check the sender's
 *   page without a click.
 * @typedef {{type: "recount/page-state", state: "idle" | "checking" | "done" | "error",
 *   matches: number, conflicts: number, differs: number}} PageStateMessage
 *   `conflicts`: sentences with a figure that conflicts with the sources; `differs`: those
 *   whose figures differ only from a checked claim's (see `sentenceVerdict`).
 *   Reply: {@link Reply} with no data.
 * @typedef {{type: "recount/check-tab", tabId: number}} CheckTabMessage
 *   Reply: {@link Reply} with no data once the content script runs in the tab.
 * @typedef {{type: "recount/test-connection", serverUrl: string}} TestConnectionMessage
 *   Reply: {@link Reply} with `data` the server's health JSON.
 * @typedef {{type: "recount/run-check"}} RunCheckMessage
 *   Reply: {@link Reply} with `data` a {@link Summary} when the check is done.
 * @typedef {{type: "recount/get-summary"}} GetSummaryMessage
 *   Reply: {@link Reply} with `data` a {@link Summary}.
 * @typedef {{type: "recount/jump-to", id: number}} JumpToMessage
 *   Reply: {@link Reply} with no data.
 *
 * @typedef {GetDigestMessage | MatchMessage | FeedbackMessage | AutoChecksMessage |
 *   PageStateMessage | CheckTabMessage | TestConnectionMessage | RunCheckMessage |
 *   GetSummaryMessage | JumpToMessage} Message
 *
 * @typedef {{kind: string, status?: number, detail: string, retryAfter?: number}} Failure
 *   Why a request failed: `kind` is "offline", "timeout" (the server did not answer in
 *   time), "not-recount" (the address answers, but not as a Recount server), "rate-limited",
 *   "too-large", "http", "permission" or "internal".
 * @typedef {{ok: true, data?: any} | {ok: false, error: Failure}} Reply
 *
 * @typedef {{id: number, sentence: string, status: "consistent" | "conflicting",
 *   verdict: import("./figures.js").SentenceVerdict,
 *   figures: string[], entries: import("./figures.js").FigureEntry[],
 *   publishers: string[]}} SummaryItem
 *   `verdict` as the sentence's card heads it; `figures` are the figures as written;
 *   `entries` one per figure with its verdict.
 * @typedef {{sentence: string, claims: {id: string, text: string, url: string, language?: string | null}[]}} RelatedItem
 *   A sentence the server found possibly related to claims, without matching it.
 * @typedef {{state: string, matches: number, conflicts: number, differs: number,
 *   error: Failure | null,
 *   warning?: Failure | null, items: SummaryItem[], related?: RelatedItem[]}} Summary
 *   `warning`: what the last check skipped (a sentence the server found too long)
 */

/** An error whose `failure` travels back to the sender as `{ok: false, error}`. */
export class RecountError extends Error {
  /** @param {Failure} failure */
  constructor(failure) {
    super(failure.detail);
    this.name = "RecountError";
    this.failure = failure;
  }
}

/**
 * Runs the handler registered for `message.type`.
 *
 * @param {Record<string, (message: any, sender?: any) => any>} handlers by message type
 * @param {Message} message
 * @param {any} [sender] the runtime.MessageSender, when there is one
 * @returns {Promise<any>} the handler's result
 * @throws {Error} when no handler is registered for the type
 */
export async function dispatch(handlers, message, sender) {
  const type = message && typeof message === "object" ? message.type : undefined;
  if (typeof type !== "string" || !Object.hasOwn(handlers, type)) {
    throw new Error(`Unknown message type: ${String(type)}`);
  }
  return handlers[type](message, sender);
}

/**
 * Wraps `dispatch` for `runtime.onMessage`: replies `{ok, data}` or `{ok: false, error}` and
 * keeps the channel open for the asynchronous answer. Messages that are not ours are ignored
 * (returns false) so other listeners in the same context may answer them.
 *
 * @param {Record<string, (message: any, sender?: any) => any>} handlers by message type
 * @returns {(message: any, sender: any, sendResponse: (reply: Reply) => void) => boolean}
 */
export function messageListener(handlers) {
  return (message, sender, sendResponse) => {
    if (!message || typeof message.type !== "string" || !message.type.startsWith("recount/")) {
      return false;
    }
    dispatch(handlers, message, sender).then(
      (data) => sendResponse({ ok: true, data }),
      (error) => sendResponse({ ok: false, error: toFailure(error) }),
    );
    return true;
  };
}

/**
 * The {@link Failure} an error stands for.
 *
 * @param {unknown} error
 * @returns {Failure}
 */
export function toFailure(error) {
  if (error instanceof RecountError) return error.failure;
  return { kind: "internal", detail: error instanceof Error ? error.message : String(error) };
}

/**
 * Unwraps a {@link Reply}: its data, or a thrown {@link RecountError}.
 *
 * @param {Reply | undefined} reply
 * @returns {any}
 */
export function unwrap(reply) {
  if (!reply) throw new RecountError({ kind: "internal", detail: "No reply." });
  if (!reply.ok) throw new RecountError(reply.error);
  return reply.data;
}
