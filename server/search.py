"""Search of the claim list for readers (the ``/`` page): loose where readers are loose.

Every word of the query must be found in a claim. A number is found by value, however it
was written ("6947" finds "6,947"; "7000" finds "nearly 7,000"); a word by its stem
("murders" finds "murder") in the claim's text, title and quotes, or in the nouns, aliases
and descriptions of the quantities its figures count ("murders" finds claims of homicides
whose quantities list "murders" as another name).
"""

from __future__ import annotations

from typing import Any

from .index.terms import is_number, terms
from .store import Corpus


def _value_terms(value: Any) -> set[str]:
    if value is None:
        return set()
    number = float(value)
    return {str(int(number)) if number.is_integer() else str(number)}


def _plain(term: str) -> str:
    """A number term as figure values are written here ("7000.0" -> "7000")."""
    if is_number(term):
        try:
            return next(iter(_value_terms(term)))
        except ValueError:
            return term
    return term


def claim_terms(claim: dict[str, Any], quantities: dict[str, dict[str, Any]]) -> set[str]:
    """The stems and numbers a claim can be found by."""
    texts = [claim.get("text") or "", claim.get("title") or "",
             *(q["text"] for q in claim.get("quotes", []))]
    found: set[str] = set()
    for figure in claim.get("figures", []):
        found |= _value_terms(figure.get("value"))
        quantity = quantities.get(figure.get("quantity") or "")
        if quantity:
            texts += [quantity.get("noun") or "", quantity.get("description") or "",
                      *quantity.get("aliases", [])]
    for text in texts:
        found.update(terms(text))
    return found


class SearchIndex:
    """Each claim's search terms, worked out once for a corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.terms = [claim_terms(c, corpus.quantities) for c in corpus.claims]

    def search(self, query: str) -> list[dict[str, Any]]:
        """The claims every term of ``query`` is found in, in curation order."""
        wanted = [_plain(t) for t in terms(query)]
        if not wanted:
            return list(self.corpus.claims)
        return [c for c, found in zip(self.corpus.claims, self.terms, strict=True)
                if all(t in found for t in wanted)]


def search_claims(corpus: Corpus, query: str) -> list[dict[str, Any]]:
    """The claims every term of ``query`` is found in, in curation order."""
    return SearchIndex(corpus).search(query)
