"""The figure engine's entry point: sentences in, matches with figure verdicts out.

Follow one sentence through the folders: ``text/`` (sentences, figures) -> ``index/``
(candidate claims) -> ``rank/`` (scores, threshold) -> ``verdict/`` (figure comparison).
``Matcher`` ties them together over a snapshot of the store; ``MatcherCache`` rebuilds that
snapshot when the store's data changes. Nothing here imports Flask.
"""

from __future__ import annotations

import threading
from typing import Any

from .store import Corpus, Store


class Matcher:
    """Matches sentences against one snapshot of the claim store."""

    def __init__(self, corpus: Corpus, *, threshold: float = 0.5) -> None:
        self.corpus = corpus
        self.threshold = threshold
        self.version = corpus.version

    def match(self, sentences: list[str]) -> list[dict[str, Any]]:
        return [{"index": i, "text": s, "matches": []} for i, s in enumerate(sentences)]


class MatcherCache:
    """One matcher per data version; rebuilt on the first request after a write."""

    def __init__(self, store: Store, *, threshold: float = 0.5) -> None:
        self.store = store
        self.threshold = threshold
        self._matcher: Matcher | None = None
        self._lock = threading.Lock()

    def get(self) -> Matcher:
        version = self.store.data_version()
        matcher = self._matcher
        if matcher is not None and matcher.version == version:
            return matcher
        with self._lock:
            if self._matcher is None or self._matcher.version != version:
                self._matcher = Matcher(self.store.load_corpus(), threshold=self.threshold)
            return self._matcher
