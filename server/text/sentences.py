"""Split page text into sentences with exact character offsets into the input.

Step one of the figure engine. The browser extension sends text taken from page blocks joined
by newlines, and it highlights what we return by offset, so every ``Sentence`` satisfies
``text[s.start:s.end] == s.text`` with surrounding whitespace left out.

pysbd does the sentence boundary work (abbreviations, decimals, initials, quotes). Around it:

* newlines are hard boundaries: each line is segmented on its own, so a sentence never spans
  two page blocks, and pysbd never sees the huge strings it is quadratic on;
* offsets are recomputed here by searching forward from the previous sentence, because
  pysbd's own ``char_span`` matching rescans the whole text per sentence and silently drops a
  sentence whose text it altered (it uses private placeholder characters internally);
* two known pysbd misses are corrected: a split after an abbreviation that is followed by a
  lowercase word or a number ("Approx. 7,000", "92 yrs. old"), and no split at all inside a
  quotation ("“It is common sense. Criminal aliens ...”", common in press releases).
"""

from __future__ import annotations

import re
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text and where it sits in the string it was split from."""

    text: str
    start: int
    end: int


# Every character str.splitlines() breaks on: page blocks may arrive joined by any of them.
_BLOCK = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
# List bullets are page furniture, not part of the sentence a reader would highlight.
_BULLETS = "•◦▪▫●○■□‣⁃∙·"
_ALNUM = re.compile(r"\w")
# A sentence-final mark followed by more text: a quotation worth re-segmenting.
_INNER_BOUNDARY = re.compile(r"[.!?…][\"”’')\]]*\s+\S")
_QUOTE_MARK = re.compile(r"[“”\"]")
# Marks that end a sentence, with the quotation marks and brackets closing it.
_FINAL_MARKS = re.compile(r"[.!?…\"”’')\]]*")
# A sentence's end closed by a quotation mark or a bracket, before one opening with a number.
_CLOSED_BEFORE_NUMBER = re.compile(r"[.!?…]([\"”’')\]]+)\s+(?=[0-9$€£])")
# Abbreviations that take a number after them; pysbd splits some of them ("Approx. 7,000").
_NUMBER_ABBREVIATIONS = frozenset(
    ["approx", "no", "nos", "vol", "vols", "fig", "figs", "p", "pp", "ch", "sec", "art", "est",
     "ca", "c", "op", "ed", "ex", "vs", "v", "tel", "ft", "in", "yr", "yrs", "hr", "hrs", "min",
     "mins", "sq", "st", "rt", "ave", "apt", "dept", "ref", "para", "pt", "pts", "cf"]
)

# pysbd's cost grows faster than linearly with input length; long lines are fed to it in
# windows of about this many characters (see _pysbd_spans).
_WINDOW = 2000
_MAX_WINDOW = 16000
# Lines longer than this are not worth keeping in the cache.
_CACHE_LIMIT = 5000

_segmenter: Any = None
# Segmenter.segment() keeps the current text on the instance, so concurrent calls from a
# threaded server would read each other's text; pysbd is pure Python, so the lock costs
# nothing under the GIL.
_lock = threading.Lock()


def _segment(text: str) -> list[str]:
    """pysbd's sentences for ``text`` (strings only: offsets are recomputed by _align)."""
    global _segmenter
    with _lock:
        if _segmenter is None:
            # Imported and built lazily: building a Segmenter compiles many rules. pysbd's
            # source has invalid escape sequences ("\s" in a plain string), which warn when
            # it is compiled without a cached .pyc; that is not ours to fix or to fail on.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                warnings.simplefilter("ignore", SyntaxWarning)
                import pysbd

            _segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
        return [span.sent for span in _segmenter.segment(text)]


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; never across a line break.

    Each sentence is trimmed of whitespace and leading list bullets; pieces with no letter
    or digit (a lone dash, a bullet) are left out. Every letter and digit of ``text``
    belongs to exactly one returned sentence, in order.
    """
    sentences: list[Sentence] = []
    for block in _BLOCK.finditer(text):
        line = block.group()
        if line.isspace():
            continue
        offset = block.start()
        spans = _line_spans(line) if len(line) <= _CACHE_LIMIT else _segment_line(line)
        for start, end in spans:
            sentences.append(Sentence(line[start:end], offset + start, offset + end))
    return sentences


@lru_cache(maxsize=4096)
def _line_spans(line: str) -> tuple[tuple[int, int], ...]:
    # The same lines recur across pages of one site (bylines, boilerplate, quoted releases).
    return _segment_line(line)


def _segment_line(line: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for start, end in _pysbd_spans(line):
        for piece in _split_quotations(line, start, end):
            spans.extend(_split_before_numbers(line, *piece))
    # pysbd may leave a sentence's last marks out, or give them as a piece of their own
    # ("7,113..." comes back as "7,113.." and "."): they belong to the sentence they end.
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and not _ALNUM.search(line, start, end) and \
                _FINAL_MARKS.fullmatch(line[joined[-1][1]:end].strip()):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return tuple(tidy for start, end in joined if (tidy := _tidy(line, start, end)))


def _tidy(line: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim whitespace and leading bullets; None when nothing readable is left."""
    while start < end and (line[start].isspace() or line[start] in _BULLETS):
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if not _ALNUM.search(line, start, end):
        return None
    return start, end


def _pysbd_spans(text: str) -> list[tuple[int, int]]:
    """pysbd's sentence spans over ``text``, corrected for abbreviation splits."""
    if len(text) <= _WINDOW:
        return _merge_abbreviation_splits(text, _align(text, _segment(text)))
    # Long line: segment a window, keep all but its last sentence (the window edge may have
    # cut it), and start the next window where that sentence starts.
    spans: list[tuple[int, int]] = []
    pos, size = 0, _WINDOW
    while pos < len(text):
        end = min(len(text), pos + size)
        got = _align(text[pos:end], _segment(text[pos:end]))
        if end == len(text):
            spans.extend((pos + s, pos + e) for s, e in got)
            break
        if len(got) >= 2:
            spans.extend((pos + s, pos + e) for s, e in got[:-1])
            pos += got[-1][0]
            size = _WINDOW
        elif size < _MAX_WINDOW:
            size *= 2  # one very long sentence: look further for its end
        else:
            # No boundary in _MAX_WINDOW characters: this is not prose; cut at a space.
            cut = text.rfind(" ", pos + 1, end)
            cut = end if cut <= pos else cut
            spans.append((pos, cut))
            pos = cut
    return _merge_abbreviation_splits(text, spans)


def _align(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Offsets of pysbd's pieces in ``text``, found by searching forward.

    Text that pysbd dropped or altered (so that no piece matches it) becomes a span of its
    own, so no part of the input is ever lost.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        core = piece.strip()
        if not core:
            continue
        found = text.find(core, cursor)
        if found < 0:
            continue
        if text[cursor:found].strip():
            spans.append((cursor, found))
        spans.append((found, found + len(core)))
        cursor = found + len(core)
    if text[cursor:].strip():
        spans.append((cursor, len(text)))
    return spans


def _merge_abbreviation_splits(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _continues(text, merged[-1], start, end):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _continues(text: str, previous: tuple[int, int], start: int, end: int) -> bool:
    """Whether a split between ``previous`` and the span at ``start`` was a pysbd mistake."""
    before = text[previous[0] : previous[1]].rstrip()
    if not before.endswith("."):
        return False
    after = text[start:end].lstrip("\"“‘'([ \t")
    if not after:
        return False
    if after[0].islower():
        # English sentences do not start in lower case: the period was an abbreviation's.
        return True
    if after[0].isdigit():
        words = before[:-1].split()
        return bool(words) and words[-1].lower().lstrip("(") in _NUMBER_ABBREVIATIONS
    return False


def _split_before_numbers(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split where a sentence closed by a quotation mark or a bracket is followed by one
    that opens with a number ("“It is over.” 500 people cheered."), which pysbd keeps
    together; not after an abbreviation that takes a number ("(see No.) 5")."""
    pieces: list[tuple[int, int]] = []
    for mark in _CLOSED_BEFORE_NUMBER.finditer(text, start, end):
        words = text[start : mark.start()].split()
        if words and words[-1].lower().lstrip("(\"“‘'") in _NUMBER_ABBREVIATIONS:
            continue
        pieces.append((start, mark.end(1)))
        start = mark.end(1)
    pieces.append((start, end))
    return pieces


def _split_quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a pysbd sentence at sentence boundaries inside the quotations it contains.

    pysbd keeps a whole quotation in one sentence, so "“A. B. C,” she said." comes back as
    one; re-segmenting the quoted text alone finds the boundaries inside it.
    """
    cuts: list[int] = []
    for inner_start, inner_end in _quotations(text, start, end):
        inner = text[inner_start:inner_end]
        if not _INNER_BOUNDARY.search(inner):
            continue
        inner_spans = _pysbd_spans(inner)
        cuts.extend(inner_start + e for _, e in inner_spans[:-1])
    if not cuts:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    for cut in sorted(set(cuts)):
        if start < cut < end:
            pieces.append((start, cut))
            start = cut
    pieces.append((start, end))
    return pieces


def _quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of quoted text (between the marks) within ``text[start:end]``.

    A closing mark with no opening one closes a quotation that began before this sentence;
    an opening mark never closed runs to the end of the sentence.
    """
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    straight_open = False
    for mark in _QUOTE_MARK.finditer(text, start, end):
        char, pos = mark.group(), mark.start()
        if char == "“" or (char == '"' and not straight_open):
            opened = pos + 1
            straight_open = char == '"'
        else:
            regions.append((start if opened is None else opened, pos))
            opened, straight_open = None, False
    if opened is not None:
        regions.append((opened, end))
    return regions
