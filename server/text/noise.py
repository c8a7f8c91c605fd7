"""What a sentence says, without the web's furniture: links, handles, a post's signature.

Posts quoted on pages (and posts as pages) carry words that say nothing of the claim:
"https://t.co/qBZGiDA4nG", "pic.twitter.com/RwkahRkvJE", "@Lollardfish", "— David M. Perry
(@Lollardfish) December 2, 2016". To the matcher they look like rare, telling words, and a
sentence full of them seems to share little with the claim it repeats. The match decision
reads the sentence without them; figures are still found, and reported, in the sentence as
sent.
"""

from __future__ import annotations

import re

_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/|\bt\.co/)\S*", re.IGNORECASE)
#: A post's signature at its end: "— Name (@handle) Month D, YYYY".
_SIGNATURE = re.compile(r"\s*[—–]\s*[^—–\n]{0,80}\(@\w{1,30}\)[^—–\n]{0,40}$")
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def without_noise(sentence: str) -> str:
    """The sentence without links, @handles and a trailing post signature; hashtags become
    their words ("#StateOfTheUnion" -> "State Of The Union"). Text without any is returned
    as it is."""
    if not any(c in sentence for c in "/@#—–"):
        return sentence
    text = _SIGNATURE.sub("", sentence)
    text = _LINK.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _HASHTAG.sub(lambda m: _CAMEL.sub(" ", m.group(1)), text)
    return " ".join(text.split())
