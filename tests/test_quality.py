"""Quality bars of the figure engine on the team material beside the repository.

These read ../shared (labelled match cases, the five source articles) and skip without it.
They run the real server (``live_server``) with the demo claim database.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request

from server.text.sentences import split_sentences

from .conftest import articles as source_articles
from .conftest import team_shared

#: Figures that carry the articles' key claims (the acceptance list of the engine issue).
KEY_FIGURE = re.compile(
    r"6,947|7,113|148 homicides|29 homicides|nearly 7,000|more than 7,000|"
    r"\b7 of the 10\b|[Ss]even (?:out )?of the (?:10|ten)\b|dozen|12 SEPARATE|42 months|"
    r"4 immigration subpoenas")


def post_match(base: str, sentences: list[str]) -> list[dict]:
    request = urllib.request.Request(
        base + "/api/v1/match", data=json.dumps({"sentences": sentences}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["results"]


def test_labelled_cases_meet_the_bar(live_server):
    scorer = team_shared("eval", "score_match.py")
    out = subprocess.run([sys.executable, str(scorer), live_server.url], capture_output=True,
                         text=True, timeout=120, check=True).stdout
    scores = dict(re.findall(r"(\w+)=([\d.]+)", out.strip().splitlines()[-1]))
    assert float(scores["match_recall"]) >= 0.95, out
    assert float(scores["neg_fpr"]) <= 0.05, out
    assert float(scores["figure_acc"]) >= 0.90, out


def test_source_articles_raise_no_false_alarm(live_server):
    articles = source_articles()
    assert articles
    key = matched_key = 0
    for path in articles:
        sentences = [s.text for s in split_sentences(path.read_text(encoding="utf-8"))]
        for result in post_match(live_server.url, sentences):
            verdicts = [f for m in result["matches"] for f in m["figures"]]
            conflicting = [f["text"] for f in verdicts if f["status"] == "conflicting"]
            assert not conflicting, f"{path.name}: {result['text']!r} flagged {conflicting}"
            if KEY_FIGURE.search(result["text"]):
                key += 1
                matched_key += bool(result["matches"])
    assert key >= 10
    print(f"articles: {matched_key} of {key} key-figure sentences matched")
    assert matched_key / key >= 0.8, f"{matched_key} of {key} key sentences matched"
