"""Index terms: the words of a sentence or claim as the matcher compares them.

Lower-cased, NFKC-normalised, stemmed with Snowball (PyStemmer), stop words dropped.
Numbers become one term each with separators removed ("7,113" -> "7113") so a figure
repeated exactly helps retrieval; whether it helps a verdict is the figure module's call.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

import Stemmer
from wordfreq import get_frequency_dict, top_n_list, zipf_frequency

_STEMMER = Stemmer.Stemmer("english")

# Words that carry no topic. Kept short on purpose: negations and quantity words such as
# "more", "half" or "most" matter to claims, so they stay.
STOP_WORDS = frozenset(["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "my", "myself", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "also", "us", "said", "says", "say", "told", "according", "s", "t", "d", "ll", "m", "re", "ve", "y", "its", "it's", "mr", "mrs", "ms", "dr", "gov"])

_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)?")


# Number words index as digits, so "seven" meets "7" and neither counts as topic.
NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])} | {
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
    "eighty": "80", "ninety": "90", "hundred": "100", "dozen": "12"}


#: A no-break or thin space between digit groups ("7\u202f113") is a thousands separator.
_GROUP_SPACE = re.compile(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3}(?!\d))")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", _GROUP_SPACE.sub("", text)).lower()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


#: English words whose stems get a frequency of their own; rarer stems fall back to the stem.
COMMON_WORDS = 200_000


@lru_cache(maxsize=1)
def _stem_frequencies() -> dict[str, float]:
    """Stem -> Zipf frequency of its most common English word ("immigr" -> "immigration").

    Fixed by wordfreq's list alone, so a term weighs the same whatever text came before.
    """
    frequency = get_frequency_dict("en")
    out: dict[str, float] = {}
    for word in top_n_list("en", COMMON_WORDS):
        term = _STEMMER.stemWord(word)
        if term not in out:  # the list is ordered by frequency, most common first
            out[term] = round(math.log10(frequency[word]) + 9.0, 2)  # as zipf_frequency
    return out


@lru_cache(maxsize=200_000)
def salience(term: str) -> float:
    """How informative a term is in English at large: 7 minus its Zipf frequency.

    A small claim database cannot say how common a word is ("jail" is unseen in it, so its
    idf is maximal); general word frequencies can. "the" ~0, "detainers" ~5.
    """
    if is_number(term):
        return 0.0
    frequency = _stem_frequencies().get(term)
    if frequency is None:
        frequency = zipf_frequency(term, "en")
    return max(0.5, 7.0 - frequency)


def words(text: str) -> list[str]:
    """Lower-cased word and number tokens, stop words kept (for phrase-level measures)."""
    return [_word(token) for token in _TOKEN.findall(normalise(text))]


def _word(token: str) -> str:
    """A token as ``words`` gives it: a number without separators, a word without its
    possessive, a number word as digits."""
    if token[0].isdigit():
        token = token.rstrip(",").replace(",", "")
        if token.endswith(".0"):
            token = token[:-2]
        return token
    token = token.replace("’", "'")
    if token.endswith("'s"):
        token = token[:-2]
    return NUMBER_WORDS.get(token, token)


def terms(text: str) -> list[str]:
    """Index terms of ``text``: stemmed content words and numbers, in order."""
    # Each page says the same few thousand words again: a token's term is worked out once.
    return [term for token in _TOKEN.findall(normalise(text))
            if (term := _term(token)) is not None]


@lru_cache(maxsize=200_000)
def _term(token: str) -> str | None:
    """A token's index term (None for a stop word)."""
    word = _word(token)
    if word in STOP_WORDS:
        return None
    return word if word[0].isdigit() else stem(word)


#: Stems of the words that scale a number ("8 million"): part of a figure, not of a topic.
SCALE_STEMS = frozenset({"hundr", "thousand", "million", "billion", "trillion"})


def is_number(term: str) -> bool:
    """Whether a term is (part of) a number: digits, or a scale word."""
    return term[:1].isdigit() or term in SCALE_STEMS
