"""The matcher a running server answers with, and the editors' decisions applied to it.

``MatcherCache`` holds one ``Matcher`` (an in-memory index of the store's claims). After an
import or an edit, the store's data version moves on; the next request starts building a new
matcher on a background thread and keeps being answered by the old one until the new one is
ready (a rebuild takes seconds: about 4 s for 20,000 claims), so a write never stalls readers.
Only the very first matcher is built while a request (or ``recount serve``) waits.

``Served`` applies the suppressions editors accepted ("wrong match" reports): a claim is
never returned for a sentence whose normalised text it was reported against. Suppressions
are read from the store when they change, without rebuilding the index. Nothing here
imports Flask.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from .engine import Matcher
from .index.encoder import claim_meaning, encoder
from .index.vectors import SentenceVectors
from .rank.decision import HIGHLIGHT
from .store import Store
from .store.curation import sentence_key

log = logging.getLogger("recount")


class Served:
    """A matcher with the editors' suppressions applied to what it returns."""

    def __init__(self, matcher: Matcher, suppressed: Mapping[str, frozenset[str]]) -> None:
        self.matcher = matcher
        self.suppressed = suppressed

    def __getattr__(self, name: str) -> Any:
        return getattr(self.matcher, name)

    def _hidden(self, sentence: str) -> frozenset[str]:
        return self.suppressed.get(sentence_key(sentence), frozenset())

    def match(self, sentences: Any, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        results = self.matcher.match(sentences, *args, **kwargs)
        return self._without_hidden(self._without_hidden(results, "matches"), "related")

    def related(self, sentences: Any, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return self._without_hidden(self.matcher.related(sentences, *args, **kwargs), "claims")

    def _without_hidden(self, results: list[dict[str, Any]], key: str
                        ) -> list[dict[str, Any]]:
        """Each sentence's ``key`` list without the claims suppressed for it."""
        if self.suppressed:
            for result in results:
                hidden = self._hidden(result["text"])
                result[key] = [m for m in result[key] if m["claim"]["id"] not in hidden]
        return results


class MatcherCache:
    """The newest ready matcher; rebuilt in the background when the store's data changes."""

    def __init__(self, store: Store, *, threshold: float = HIGHLIGHT,
                 vectors: SentenceVectors | None = None) -> None:
        self.store = store
        self.threshold = threshold
        self.vectors = vectors
        self._matcher: Matcher | None = None
        self._lock = threading.Lock()
        # One builder thread: builds never overlap, and it reuses one database connection.
        self._builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recount-index")
        self._pending: Future[None] | None = None
        self._failure: BaseException | None = None
        self._suppressed: tuple[int, Mapping[str, frozenset[str]]] = (-1, {})

    def get(self) -> Served:
        """What a request matches with: the current matcher, the old one while a new one is
        built, and the editors' suppressions as of now."""
        data, review = self.store.versions()
        matcher = self._matcher
        if matcher is None:
            matcher = self.wait()
        elif matcher.version != data:
            self._start()
        return Served(matcher, self._suppressions(review))

    def wait(self) -> Matcher:
        """The matcher for the store's data as it is now, waiting for it to be built."""
        version = self.store.data_version()
        matcher = self._matcher
        if matcher is not None and matcher.version >= version:
            return matcher
        self._start().result()
        matcher = self._matcher
        if matcher is None:
            raise RuntimeError("the claim index could not be built") from self._failure
        return matcher

    def _start(self) -> Future[None]:
        with self._lock:
            if self._pending is None or self._pending.done():
                self._pending = self._builder.submit(self._build)
            return self._pending

    def _build(self) -> None:
        try:
            corpus = self.store.load_corpus()
            # Claim texts read by the transformer before are read from the store.
            meaning = claim_meaning(corpus.claims, encoder(), self.store)
            matcher = Matcher(corpus, threshold=self.threshold, vectors=self.vectors,
                              meaning=meaning)
        except Exception as exc:  # noqa: BLE001 - keep serving the previous matcher
            self._failure = exc
            log.exception("rebuilding the claim index failed; the previous one still answers")
            return
        with self._lock:
            if self._matcher is None or matcher.version >= self._matcher.version:
                self._matcher = matcher
        log.info("claim index ready (data version %d, %d claims)", matcher.version,
                 len(matcher.catalog.claims))

    def _suppressions(self, version: int) -> Mapping[str, frozenset[str]]:
        known, suppressed = self._suppressed
        if known != version:
            suppressed = self.store.suppressions()
            self._suppressed = (version, suppressed)
        return suppressed
