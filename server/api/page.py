"""POST /api/v1/match/page: a whole page in, its sentences with offsets and matches out.

The body is ``{"html": ...}`` or ``{"text": ...}`` as JSON, or the page itself as
``text/html`` or ``text/plain``. HTML goes through ``text.extract`` (article body only); the
text is split with ``text.sentences``; the matcher judges each sentence; ``page_result``
(no Flask) assembles the sentences and a summary of what was found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from flask import Blueprint, current_app, request

from ..logging_setup import note
from ..problems import ApiError
from ..state import get_matcher
from ..text.extract import extract_text
from ..text.sentences import Sentence, split_sentences
from .match import claim_page_url
from .params import body_bytes, checked_body, storable_text

bp = Blueprint("page", __name__)

RAW_TYPES = ("text/html", "text/plain")


def page_text() -> str:
    """The text to check, from whichever body form the client sent."""
    if request.mimetype in RAW_TYPES:
        charset = request.mimetype_params.get("charset", "utf-8")
        try:
            # Bytes that are not text in the charset become U+FFFD, as a browser shows the
            # page: a stray byte in a long page should not cost the reader the whole check.
            raw = body_bytes().decode(charset, errors="replace")
        except LookupError:
            raise ApiError(415, f"Unknown charset {charset!r}: send UTF-8, or name the page's "
                                "encoding (charset=windows-1252, ...).") from None
        # A NUL is refused as in a JSON body: the two forms of one page get one answer.
        storable_text(raw)
        return extract_text(raw) if request.mimetype == "text/html" else raw
    if not request.is_json:
        raise ApiError(415, "Send application/json ({\"html\": ...} or {\"text\": ...}), "
                       "text/html or text/plain.")
    body = checked_body("PageRequest")
    return extract_text(body["html"]) if "html" in body else body["text"]


@bp.post("/match/page")
def match_page() -> dict[str, Any]:
    text = page_text()
    sentences = split_sentences(text)
    limit = current_app.config["MAX_SENTENCES"]
    if len(sentences) > limit:
        raise ApiError(413, f"The page has {len(sentences)} sentences; at most {limit} are "
                       "checked in one request: send it in parts (each part's text on its own), or its "
                       "sentences to /api/v1/match in batches.", title="Too many sentences")
    longest = current_app.config["MAX_SENTENCE_CHARS"]
    checked = [i for i, s in enumerate(sentences) if len(s.text) <= longest]
    results = get_matcher().match([sentences[i].text for i in checked], claim_url=claim_page_url)
    matches = {i: r["matches"] for i, r in zip(checked, results, strict=True)}
    out = page_result(text, sentences, matches)
    summary = out["summary"]
    note(sentences=summary["sentences"], matched=summary["matched"],
         figures=summary["figures"])
    return out


def page_result(text: str, sentences: Sequence[Sentence],
                matches: dict[int, list[dict[str, Any]]]) -> dict[str, Any]:
    """The response body: every sentence with its offsets and matches, and a summary.

    ``matches`` maps sentence index to the matcher's matches; a sentence missing from it was
    too long to check and is counted as skipped.
    """
    by_status: Counter[str] = Counter({"consistent": 0, "conflicting": 0})
    by_source: Counter[str] = Counter()
    figures = 0
    rows = []
    for i, sentence in enumerate(sentences):
        found = matches.get(i, [])
        for match in found:
            for figure in match.get("figures", []):
                figures += 1
                by_status[figure.get("status", "unknown")] += 1
            # A match counts once for each publisher, however many of its reports it cites.
            by_source.update({source.get("publisher") or "unknown"
                              for source in match.get("sources", [])})
        rows.append({"index": i, "start": sentence.start, "end": sentence.end,
                     "text": sentence.text, "matches": found})
    return {"text": text, "sentences": rows, "summary": {
        "sentences": len(rows), "matched": sum(1 for r in rows if r["matches"]),
        "skipped": len(rows) - len(matches), "figures": figures,
        "by_status": dict(by_status), "by_source": dict(sorted(by_source.items()))}}
