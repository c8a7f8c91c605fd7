"""The quantity chart as a reader sees it in Chromium: on a 360-pixel-wide phone as on a
desktop, its labels are drawn at a readable size, inside the chart, none over another."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from server.cli import cli
from tests.claimsdata import figure
from tests.conftest import ROOT, LiveServer
from tests.extension_helpers import launch_browser, needs_chromium

#: Each label drawn in the chart: its text, its size in CSS pixels as drawn (the font size
#: times the scale the SVG is drawn at) and its box.
_LABELS = """() => {
  const svg = document.querySelector(".chart svg");
  const box = svg.getBoundingClientRect();
  // A label the stylesheet hides has no box (checkVisibility does not see an SVG's).
  const labels = [...svg.querySelectorAll("text")].filter((t) => t.getBBox().width > 0 &&
    t.getBoundingClientRect().width > 0).map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, cls: t.getAttribute("class"),
            px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
            left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  return {labels, left: box.left, right: box.right, bars: svg.querySelectorAll("rect[x]").length};
}"""

DEMO = ROOT / "shared" / "claims" / "ny-detainers.json"


def _doc() -> dict:
    """Forty releases of one count, dated, and a quantity of three long values."""
    sources, claims = [], []
    for i in range(40):
        text = f"The county released {1000 + 10 * i:,} people this month."
        sources.append({"id": f"s{i}", "publisher": "County", "kind": "primary",
                        "published": f"2026-{i // 28 + 1:02d}-{i % 28 + 1:02d}"})
        claims.append({"id": f"release-{i}", "text": text,
                       "quotes": [{"source": f"s{i}", "text": text}],
                       "figures": [figure(text, f"{1000 + 10 * i:,}", "releases", f"s{i}",
                                          1000 + 10 * i)]})
    for i, written in enumerate(["more than $20,000,000", "nearly $19.5 million",
                                 "about $21 million"]):
        text = f"The program cost {written} last year."
        sources.append({"id": f"b{i}", "publisher": "Ledger", "kind": "news"})
        claims.append({"id": f"cost-{i}", "text": text,
                       "quotes": [{"source": f"b{i}", "text": text}],
                       "figures": [figure(text, written, "cost", f"b{i}", 2e7,
                                          unit="currency", currency="USD")]})
    return {"format": "recount-claims/1", "sources": sources, "claims": claims,
            "quantities": [{"id": "releases", "description": "People released by the county",
                            "unit": "count", "noun": "people"},
                           {"id": "cost", "description": "The program's cost",
                            "unit": "currency", "currency": "USD"}]}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("chart")
    (folder / "claims.json").write_text(json.dumps(_doc()), encoding="utf-8")
    database = folder / "recount.db"
    imported = CliRunner().invoke(cli, ["import", "--database", str(database), str(DEMO),
                                        str(folder / "claims.json")])
    assert imported.exit_code == 0, imported.output
    server = LiveServer(database)
    yield server
    server.stop()


def _overlap(a: dict, b: dict) -> bool:
    return (min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5)


@needs_chromium
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("path", "labelled"), [
    ("/quantities/ny-released-count", 2), ("/quantities/releases", 2),
    # Three values each wider than a third of a phone: one is labelled there.
    ("/quantities/cost", 1)])
def test_chart_labels_are_readable_at_a_phones_width(server, path, labelled, width):
    browser = launch_browser()
    try:
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(server.url + path)
        drawn = page.evaluate(_LABELS)
        labels = drawn["labels"]
        values = [label for label in labels if label["cls"] == "value"]
        assert len(values) >= labelled and drawn["bars"] >= 3, (path, width, labels)
        assert min(label["px"] for label in labels) >= 12, (path, width, labels)
        for label in labels:
            assert drawn["left"] - 0.5 <= label["left"] and label["right"] <= drawn["right"] + 0.5
        crossed = [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
                   if _overlap(a, b)]
        assert crossed == [], (path, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        browser.close()
