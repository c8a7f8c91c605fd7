"""text/noise.py: the web's furniture left out of what the decision reads."""

from __future__ import annotations

import pytest

from server.text.noise import without_noise


@pytest.mark.parametrize(("sentence", "read"), [
    ("Of course Trump owned stock in Carrier ... of course he did ... #AmericanKleptocracy "
     "— David M. Perry (@Lollardfish) December 2, 2016",
     "Of course Trump owned stock in Carrier ... of course he did ... American Kleptocracy"),
    ("God-Hating Liberals DEMAND WWI Veterans Memorial Be Removed #o4a #news "
     "https://t.co/qBZGiDA4nG pic.twitter.com/RwkahRkvJE",
     "God-Hating Liberals DEMAND WWI Veterans Memorial Be Removed o4a news"),
    ("As @CBP officials spoke, not a single senator stayed, see www.example.org/x.",
     "As officials spoke, not a single senator stayed, see"),
    # Nothing to leave out: the sentence as it is, dashes and all.
    ("New York released 6,947 people — DHS said — since Jan. 20.",
     "New York released 6,947 people — DHS said — since Jan. 20."),
    ("Email me at press@example.org about the 2,509 assaults.",
     "Email me at press@example.org about the 2,509 assaults."),
])
def test_without_noise(sentence, read):
    assert without_noise(sentence) == read
