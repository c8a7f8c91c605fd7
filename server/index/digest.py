"""The claim digest: a Bloom filter of the words the claim database uses.

Clients (the browser extension) fetch it from ``GET /api/v1/digest`` and test each sentence's
words against it locally, so text that cannot match any claim never leaves the reader's
browser. The extension implements the same tokens and hashes in ``extension/lib/digest.js``;
``tests/test_digest.py`` checks in Chromium that the two agree. The format:

* tokens: the text lower-cased and NFKC-normalised, split on anything that is not a Unicode
  letter or digit; tokens shorter than 3 characters, all-digit tokens and the stop words
  (shipped in the digest so both sides use one list) are dropped;
* ``m`` bits (sized for about 1% false positives, a multiple of 8, at least 1024) and ``k``
  hashes; bit ``i`` of a token is ``(h1 + i*h2) mod 2**32 mod m`` with ``h1`` the FNV-1a
  32-bit hash of the token's UTF-8 bytes and ``h2`` that of ``"#" + token``, ORed with 1;
* ``bits``: base64 of the bit array, bit ``j`` in byte ``j >> 3`` under mask ``1 << (j & 7)``.
"""

from __future__ import annotations

import base64
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

VERSION = 1
#: Target false-positive rate the filter is sized for.
FALSE_POSITIVE_RATE = 0.01
MIN_BITS = 1024
MAX_HASHES = 16
#: Distinct digest words a sentence without a figure needs to be worth sending.
MIN_SHARED = 2

#: Words too common to say anything about a topic. Shipped inside the digest, so the
#: extension drops exactly these; changing the list changes the digest, not the client.
STOPWORDS: tuple[str, ...] = (
    "about", "above", "after", "again", "against", "all", "also", "and", "any", "are",
    "because", "been", "before", "being", "below", "between", "both", "but", "can", "could",
    "did", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had",
    "has", "have", "having", "her", "here", "hers", "herself", "him", "himself", "his", "how",
    "into", "its", "itself", "just", "more", "most", "not", "now", "off", "once", "only",
    "other", "our", "ours", "out", "over", "own", "said", "same", "says", "she", "should",
    "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
    "there", "these", "they", "this", "those", "through", "too", "under", "until", "very",
    "was", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
    "with", "would", "you", "your", "yours", "yourself", "yourselves",
)

_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")
_FNV_OFFSET = 0x811C9DC5
_FNV_PRIME = 0x01000193


def digest_tokens(text: str, stopwords: Iterable[str] = STOPWORDS) -> list[str]:
    """The digest's words of ``text``, in order, repeats kept."""
    stop = stopwords if isinstance(stopwords, frozenset | set) else frozenset(stopwords)
    words = _WORD.findall(unicodedata.normalize("NFKC", text.lower()))
    return [w for w in words if len(w) >= 3 and not _DIGITS.fullmatch(w) and w not in stop]


def fnv1a32(data: bytes) -> int:
    """FNV-1a, 32 bits."""
    h = _FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return h


def bit_indexes(token: str, m: int, k: int) -> list[int]:
    """The ``k`` bit positions of ``token`` in a filter of ``m`` bits (double hashing)."""
    h1 = fnv1a32(token.encode())
    h2 = fnv1a32(("#" + token).encode()) | 1
    return [((h1 + i * h2) & 0xFFFFFFFF) % m for i in range(k)]


def filter_size(n: int, rate: float = FALSE_POSITIVE_RATE) -> tuple[int, int]:
    """Bits ``m`` and hashes ``k`` for ``n`` distinct tokens at about this false-positive rate."""
    if n <= 0:
        return MIN_BITS, 1
    m = math.ceil(-n * math.log(rate) / math.log(2) ** 2)
    m = max(MIN_BITS, -(-m // 8) * 8)
    k = min(MAX_HASHES, max(1, round(m / n * math.log(2))))
    return m, k


def build_digest(texts: Iterable[str]) -> dict[str, Any]:
    """The digest JSON (as a dict) of every token in ``texts``."""
    stop = frozenset(STOPWORDS)
    tokens = sorted({t for text in texts for t in digest_tokens(text, stop)})
    m, k = filter_size(len(tokens))
    bits = bytearray(m // 8)
    for token in tokens:
        for j in bit_indexes(token, m, k):
            bits[j >> 3] |= 1 << (j & 7)
    return {"version": VERSION, "m": m, "k": k, "n": len(tokens),
            "bits": base64.b64encode(bytes(bits)).decode("ascii"),
            "stopwords": list(STOPWORDS), "min_shared": MIN_SHARED}


def might_contain(digest: dict[str, Any], token: str) -> bool:
    """Whether ``token`` may be in the digest (False means certainly not)."""
    bits = base64.b64decode(digest["bits"])
    return all(bits[j >> 3] & (1 << (j & 7))
               for j in bit_indexes(token, digest["m"], digest["k"]))
