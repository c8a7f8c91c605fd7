"""What the reader pages show, as plain data: a quantity's values over time with the chart
that draws them (``chart.py``), the conflicts between its sources in a sentence each, the quantities of
the same population and those of other populations a figure is confused with, the values
that are only what a fact-checked claim said (never a source's count), and the wording for
sources whose publisher or date was not recorded. Flask-free; the views in ``pages.py``
render it.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from .chart import chart
from .index.catalog import claims_own, known_value
from .store import Corpus, Store
from .verdict.compare import checked_claim
from .verdict.labels import population, publisher

#: Publisher placeholders some claims files use for a source whose name was not recorded.
KINDS = {"primary": "primary source", "news": "secondary source (news)",
         "fact-check": "secondary source (fact-check)"}

#: Disagreements spelt out at most; the rest are counted (the table lists every value).
MAX_CONFLICTS = 10
#: Words quoted either side of a figure to tell it from its claim's other figures: enough
#: for the eight figures of "Reagan took the deficit from $70 billion to $175 billion. Bush
#: 41 took it to $300 billion. Clinton got it to zero. Bush 43 took it from zero to ...",
#: where two are "zero".
CONTEXT_WORDS = 4
#: The characters of a claim's text that name it in a link, at least.
NAME_CHARS = 60


def published(source: dict[str, Any] | None) -> str:
    """The publication date, or a plain statement that it was not recorded."""
    return str((source or {}).get("published") or "publication date not recorded")


def moment(value: Any) -> str:
    """A stored time ("2026-11-30T16:51:53+00:00") as readers read one: "2026-11-30 16:51
    UTC"; a value that is no time is shown as it is."""
    try:
        when = datetime.fromisoformat(str(value)).astimezone(UTC)
    except (TypeError, ValueError):
        return str(value or "")
    return when.strftime("%Y-%m-%d %H:%M UTC")


def _range(v: dict[str, Any]) -> tuple[float, float]:
    low, high = v.get("low"), v.get("high")
    return (float(v["value"] if low is None else low),
            float(v["value"] if high is None else high))


def conflicts(values: list[dict[str, Any]]) -> list[str]:
    """One sentence per pair of written values that cannot both be right (their ranges do
    not overlap: "6,947" and "nearly 8,000"), naming who gave each."""
    out, seen = [], set()
    for i, a in enumerate(values):
        for b in values[i + 1:]:
            if a.get("of") is not None or b.get("of") is not None:
                continue
            (a_low, a_high), (b_low, b_high) = _range(a), _range(b)
            key = tuple(sorted((a["text"], b["text"])))
            if a_high < b_low or b_high < a_low:
                if key in seen:
                    continue
                seen.add(key)
                out.append(f"{_said(a)} gave “{a['text']}” but {_said(b)} gave "
                           f"“{b['text']}”; the two cannot both be right.")
    if len(out) > MAX_CONFLICTS:
        more = len(out) - MAX_CONFLICTS
        out = [*out[:MAX_CONFLICTS],
               f"And {more} more pair{'s' if more > 1 else ''} of values that cannot both "
               "be right: the table below lists every value."]
    return out


def _said(v: dict[str, Any]) -> str:
    source = v["source_record"]
    when = source.get("published")
    return f"{publisher(source)} ({when})" if when else publisher(source)


def _others(corpus: Corpus, quantity: dict[str, Any],
            per_claim: frozenset[str]) -> list[dict[str, Any]]:
    """Quantities of other populations counting the same thing (the same noun and unit):
    the figures a sentence about one population is most often confused with.

    Only populations someone named: the figures of an imported fact check are grouped
    under the claim's own id, which says nothing of whom they count (ten thousand claims
    each counting "people" are not ten thousand populations confused with each other):
    ``per_claim`` holds the claims' ids (``_claim_ids``)."""
    noun, group = quantity.get("noun"), quantity.get("group")
    if not noun or group in per_claim:
        return []
    return [q for q in corpus.quantities.values()
            if q["id"] != quantity["id"] and q.get("noun") == noun
            and q.get("unit") == quantity.get("unit") and q.get("group") != group
            and q.get("group") not in per_claim]


def _claim_ids(corpus: Corpus) -> frozenset[str]:
    return frozenset(c["id"] for c in corpus.claims)


def _figures_of(corpus: Corpus, quantity_id: str) -> list[dict[str, Any]]:
    return [{**f, "claim": c["id"]} for c in corpus.claims for f in c["figures"]
            if f["quantity"] == quantity_id]


def _entry(corpus: Corpus, q: dict[str, Any]) -> dict[str, Any]:
    figures = _figures_of(corpus, q["id"])
    return {"id": q["id"], "description": q["description"], "group": q.get("group"),
            "values": sorted({f["text"] for f in figures}),
            "claims": sorted({f["claim"] for f in figures})}


def related(corpus: Corpus, quantity: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The quantities of the same population, and those of others it is confused with."""
    group = quantity.get("group")
    same = [q for q in corpus.quantities.values()
            if group and q.get("group") == group and q["id"] != quantity["id"]]
    return {"same_group": [_entry(corpus, q) for q in same],
            "confused_with": [_entry(corpus, q)
                              for q in _others(corpus, quantity, _claim_ids(corpus))]}


def quantity_page(corpus: Corpus, quantity: dict[str, Any],
                  claim: dict[str, Any] | None = None,
                  home: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the quantity page shows; ``quantity`` is ``Store.get_quantity``'s, and
    ``claim`` the fact-checked claim whose own figure it is (``fact_checked``): its values
    as the fact check quoted them are marked ``checked``, and only the others (``counted``)
    are sources' counts that may agree or disagree. ``home`` is the claim whose figures
    alone make up the quantity's group (``home_claim``): the page names the figure by its
    words in that claim, and the claim's other figures likewise, not by an id."""
    values = marked_values(quantity, claim)
    counted = [v for v in values if not v["checked"]]
    fact_check = next((v["source_record"] for v in values if v["checked"]), None)
    noun = quantity.get("noun") or "the quantity"
    page = {"quantity": quantity, "values": values, "chart": chart(values, noun, claim),
            "conflicts": conflicts(counted), "counted": counted,
            "checked": {"claim": claim, "fact_check": fact_check} if fact_check else None,
            "in_claim": None, "claim_names": claim_names(corpus, {v["claim"] for v in values}),
            **related(corpus, quantity)}
    if home is not None:
        figures = {f["quantity"]: in_context(home, f) for f in reversed(home["figures"])}
        page["in_claim"] = {"claim": home, "figure": figures.get(quantity["id"])}
        page["same_group"] = [{"id": qid, "context": context} for qid, context in
                              reversed(figures.items()) if qid != quantity["id"]]
    return page


def claim_names(corpus: Corpus, ids: set[str]) -> dict[str, str]:
    """A name for each claim of ``ids`` to link it by: the opening of its text (its id says
    nothing to a reader), at least ``NAME_CHARS`` long and as much longer as tells it from
    the others' ("The criminal illegal aliens with an active ICE detainer in…" twice would
    be two links alike); claims whose texts are the same also get their id. A retired
    claim, not in ``corpus``, is named by its id."""
    texts = {c["id"]: c["text"] for c in corpus.claims if c["id"] in ids} if ids else {}
    names = {}
    for cid, text in texts.items():
        shared = max((len(os.path.commonprefix([text, o])) for k, o in texts.items()
                      if k != cid), default=0)
        names[cid] = _opening(text, max(NAME_CHARS, shared + 1))
    alike = Counter(names.values())
    return {cid: f"{name} ({cid})" if alike[name] > 1 else name for cid, name in names.items()}


def _opening(text: str, at_least: int) -> str:
    """``text`` up to the end of the word at ``at_least`` characters, "…" marking a cut."""
    if len(text) <= at_least:
        return text
    end = re.search(r"\s|$", text[at_least:])
    cut = at_least + (end.start() if end else 0)
    return text if cut >= len(text.rstrip()) else text[:cut].rstrip() + "…"


def home_claim(store: Store, quantity: dict[str, Any]) -> dict[str, Any] | None:
    """The claim a quantity's group is named after, when the group holds that claim's own
    figures (an imported fact check's, ``claims_own``): its id says nothing to a reader,
    the claim's words do. None for a group a curator named."""
    group = str(quantity.get("group") or "")
    claim = store.get_claim(group) if group else None
    if claim is None or not any(f["quantity"] == quantity["id"] for f in claim["figures"]):
        return None
    return claim if _own_figures(store, group) else None


def in_context(claim: dict[str, Any], figure: dict[str, Any]) -> dict[str, str]:
    """A figure as written with the few words around it in its quote (``CONTEXT_WORDS``),
    for a link to its quantity that names it apart from the claim's other figures:
    {"before": "…deficit from $70 billion to ", "text": "$175 billion", "after": ". Bush 41
    took it…"}."""
    quote = next((q["text"] for q in claim.get("quotes", [])
                  if q["source"] == figure.get("source")), claim.get("text") or "")
    start, end = figure.get("span") or (0, 0)
    if quote[start:end] != figure["text"]:  # no span into this quote: the figure alone
        return {"before": "", "text": figure["text"], "after": ""}
    head, tail = quote[:start], quote[end:]
    # Both patterns match, if only the empty string.
    before = m.group(0) if (m := re.search(rf"(?:\S+\s+){{0,{CONTEXT_WORDS}}}\S*$", head)) else ""
    after = m.group(0) if (m := re.match(rf"\S*(?:\s+\S+){{0,{CONTEXT_WORDS}}}", tail)) else ""
    return {"before": ("…" if head[:len(head) - len(before)].strip() else "") + before,
            "text": figure["text"],
            "after": after + ("…" if tail[len(after):].strip() else "")}


def marked_values(quantity: dict[str, Any], claim: dict[str, Any] | None
                  ) -> list[dict[str, Any]]:
    """A quantity's values, each marked ``checked`` when it is what ``claim`` (the
    fact-checked claim whose own figure the quantity is, ``fact_checked``) said as its fact
    check quoted it: not a source's count."""
    return [{**v, "checked": claim is not None and _is_fact_check(v["source_record"])}
            for v in quantity["values"]]


def fact_checked(store: Store, quantity: dict[str, Any]) -> dict[str, Any] | None:
    """The fact-checked claim whose own figure ``quantity`` (``Store.get_quantity``'s) is,
    read as the figure engine reads it (``claims_own``, ``checked_claim``): nobody said
    what it counts, and its values are what the claim said as its fact check quoted it,
    which the claim's rating judges. None for a quantity that sources counted."""
    group = str(quantity.get("group") or "")
    claim = store.get_claim(group) if group else None
    if claim is None or not _own_figures(store, group) or not _checked_values(quantity):
        return None
    return claim


def claim_figures(store: Store, claim: dict[str, Any]) -> list[dict[str, Any]]:
    """A claim's figures (``Store.get_claim``'s) for its page, each marked ``checked`` when
    it is what the claim said as its fact check quoted it (``fact_checked``)."""
    sources = {s["id"]: s for s in claim["sources"] if s}
    # Only a group named after the claim can be its own figures (``claims_own``).
    own = [q["id"] for q in claim["quantities"] if q and q.get("group") == claim["id"]]
    checked = set()
    if own and _own_figures(store, claim["id"]):
        checked = {qid for qid in own if (found := store.get_quantity(qid)) is not None
                   and _checked_values(found)}
    return [{**f, "checked": f["quantity"] in checked and _is_fact_check(sources.get(f["source"])),
             # The claim's own quantities share its text as their description: the
             # figure's words in the claim tell the links apart.
             "context": in_context(claim, f) if f["quantity"] in own else None}
            for f in claim["figures"]]


def _own_figures(store: Store, group: str) -> bool:
    """Whether the group named after a claim holds that claim's figures only."""
    return claims_own(group, {group}, store.group_claims(group), store.group_cued(group))


def _checked_values(quantity: dict[str, Any]) -> bool:
    """Whether a quantity's values are all a fact check's quotes of its claim."""
    return checked_claim(True, [known_value(v, v["claim"], "", v["source_record"])
                                for v in quantity["values"]])


def _is_fact_check(source: dict[str, Any] | None) -> bool:
    return (source or {}).get("kind") == "fact-check"


def claim_others(corpus: Corpus, claim: dict[str, Any]) -> list[dict[str, Any]]:
    """For a claim's page: each of its quantities that another population's quantity is
    confused with, with that quantity's values and claims (the custody claim's 148 for a
    reader who came from a card about the released people), those claims each as
    (id, name) by ``claim_names``."""
    out = []
    per_claim = _claim_ids(corpus)
    for quantity in claim.get("quantities", []):
        if quantity is None:
            continue
        for other in _others(corpus, quantity, per_claim):
            entry = _entry(corpus, other)
            entry["claims"] = [c for c in entry["claims"] if c != claim["id"]]
            theirs = population(other["description"], quantity["description"])
            ours = population(quantity["description"], other["description"])
            out.append({"of": quantity, "other": entry, "theirs": theirs or other["description"],
                        "ours": ours or quantity["description"]})
    names = claim_names(corpus, {c for o in out for c in o["other"]["claims"]})
    for o in out:
        o["claims"] = [(c, names.get(c, c)) for c in o["other"]["claims"]]
    return out
