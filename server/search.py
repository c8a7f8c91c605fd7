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


def claim_terms(claim: dict[str, Any], quantities: dict[str, dict[str, Any]]
                ) -> tuple[set[str], set[str]]:
    """The stems and numbers a claim can be found by, and those of its own words (its text
    and title)."""
    own = set(terms(claim.get("text") or "")) | set(terms(claim.get("title") or ""))
    texts = [q["text"] for q in claim.get("quotes", [])]
    found = set(own)
    for figure in claim.get("figures", []):
        found |= _value_terms(figure.get("value"))
        quantity = quantities.get(figure.get("quantity") or "")
        if quantity:
            texts += [quantity.get("noun") or "", quantity.get("description") or "",
                      *quantity.get("aliases", [])]
    for text in texts:
        found.update(terms(text))
    return found, own


class SearchIndex:
    """Each claim's search terms, worked out once for a corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        both = [claim_terms(c, corpus.quantities) for c in corpus.claims]
        self.terms = [found for found, _ in both]
        #: The terms of each claim's own words (its text and title).
        self.own = [own for _, own in both]

    def search(self, query: str) -> list[dict[str, Any]]:
        """The claims every term of ``query`` is found in, those most about it first: those
        whose own words (text and title) hold more of the terms, then those with fewer
        terms besides (the query is more of what they say: "food stamps" puts "19% of West
        Virginians rely on food stamps" before a claim on the budget that names them in
        passing), then in curation order. Without terms, every claim in curation order."""
        wanted = [_plain(t) for t in terms(query)]
        if not wanted:
            return list(self.corpus.claims)
        found = [n for n, have in enumerate(self.terms) if all(t in have for t in wanted)]
        found.sort(key=lambda n: (-sum(t in self.own[n] for t in wanted), len(self.terms[n])))
        return [self.corpus.claims[n] for n in found]


def search_claims(corpus: Corpus, query: str) -> list[dict[str, Any]]:
    """The claims every term of ``query`` is found in, those most about it first
    (``SearchIndex.search``)."""
    return SearchIndex(corpus).search(query)
