"""The quantity page's bar chart as plain data: each source's value as a bar on one scale,
and which bars are labelled at a phone's width and at a wider window.

The chart is as wide as the page and as tall as ``HEIGHT`` CSS pixels: its bars are placed
in percents of its width, its text is drawn at its CSS size. A chart scaled down whole
(a 640-unit-wide drawing on a 330-pixel-wide phone) would shrink its labels to 7 px; this
one keeps them at 13 px and labels fewer bars where the labels would not fit side by side
(each bar's tooltip and the table give every value). Flask-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from .verdict.labels import publisher

#: Chart height, room above the tallest bar and below the axis, in CSS pixels.
HEIGHT, TOP, BOTTOM = 280, 28, 56
#: Margin at each side and the widest bar, in percent of the chart's width.
EDGE, BAR_MAX = 2.0, 11.25
#: The narrowest the chart is drawn in each layout, in CSS pixels: a 320-pixel-wide phone
#: less the page's padding; and past the stylesheet's 34rem breakpoint (``style.css``).
NARROW_MIN, WIDE_MIN = 288, 512
#: Text sizes (``style.css``: values bold at 13 px, dates 13 px, kinds 12 px) and a width
#: per character that is at least system-ui's at that size (digits and most letters take
#: 0.5 to 0.6 em), so that labels judged apart are apart; and the gap kept between labels.
VALUE_PX, DATE_PX, KIND_PX, EM_PER_CHAR, GAP = 13, 13, 12, 0.65, 8


@dataclass
class Bar:
    x: float  # percent of the chart's width
    y: float
    width: float  # percent of the chart's width
    height: float
    label: str  # the value as the source wrote it
    date: str
    kind: str  # "primary", "secondary", or "checked" for what a checked claim said
    publisher: str
    #: Where its labels are anchored (percent of the width) and how: a label at the first
    #: or last bar runs inward from the bar's outer edge, so it never leaves the chart.
    label_x: float = 0.0
    anchor: str = "middle"
    #: The layouts its value and date are written in under the chart: "narrow", "wide".
    layouts: tuple[str, ...] = ("narrow", "wide")

    @property
    def labelled(self) -> bool:
        return bool(self.layouts)


@dataclass
class Chart:
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    bars: list[Bar] = field(default_factory=list)
    summary: str = ""


def checked_said(claim: dict[str, Any], fact_check: dict[str, Any]) -> str:
    """Whose a checked claim's value is and how it was rated, in words for the chart:
    "claimed by Sen. Rick Alder, rated “Pants on Fire” by Harbor Fact Desk"."""
    who = f"claimed by {claim['claimant']}" if claim.get("claimant") else "a checked claim"
    by = publisher(fact_check, opening=False)
    if claim.get("rating"):
        return f"{who}, rated “{claim['rating']}” by {by}"
    return f"{who}, checked by {by} (no rating recorded)"


def chart(values: list[dict[str, Any]], unit_noun: str,
          claim: dict[str, Any] | None = None) -> Chart:
    """Bars of each source's value, oldest source first (undated last), on one scale from 0;
    a value marked ``checked`` is what ``claim`` said, as its fact check quoted it."""
    out = Chart()
    if not values:
        return out
    top = max(max(float(v["value"]) for v in values), 0.0) or 1.0
    slot = (100 - EDGE * 2) / len(values)
    width = min(BAR_MAX, slot * 0.7)
    room = HEIGHT - TOP - BOTTOM
    for i, v in enumerate(values):
        height = max(0.0, room * float(v["value"]) / top)  # a value under 0 sits on the axis
        source = v["source_record"]
        checked = bool(v.get("checked")) and claim is not None
        kind = "primary" if source.get("kind") == "primary" else "secondary"
        x = EDGE + slot * i + (slot - width) / 2
        anchor = ("middle" if len(values) == 1 else "start" if i == 0
                  else "end" if i == len(values) - 1 else "middle")
        out.bars.append(Bar(
            x=round(x, 2), y=round(out.baseline - height, 1), width=round(width, 2),
            height=round(height, 1), label=v["text"],
            date=source.get("published") or "undated", kind="checked" if checked else kind,
            publisher=checked_said(claim, source) if checked and claim else publisher(source),
            label_x=round({"start": x, "end": x + width}.get(anchor, x + width / 2), 2),
            anchor=anchor))
    narrow, wide = _fitting(out.bars, NARROW_MIN), _fitting(out.bars, WIDE_MIN)
    for i, bar in enumerate(out.bars):
        bar.layouts = tuple(name for name, shown in (("narrow", narrow), ("wide", wide))
                            if i in shown)
    listed = "; ".join(f"{b.label} ({b.publisher}, {b.date}, {b.kind})" for b in out.bars)
    out.summary = (f"{len(values)} value{'s' if len(values) != 1 else ''} of {unit_noun}, "
                   f"oldest source first: {listed}.")
    return out


def label_width(bar: Bar) -> float:
    """The widest of a bar's three labels, in CSS pixels, at most."""
    return EM_PER_CHAR * max(len(bar.label) * VALUE_PX, len(bar.date) * DATE_PX,
                             len(bar.kind) * KIND_PX)


def _fitting(bars: list[Bar], chart_px: int) -> set[int]:
    """The bars labelled on a chart ``chart_px`` wide: the first, then each next one whose
    labels keep a gap from the last labelled one's, at the same spacing throughout (every
    n-th bar) so the labelled bars read as a scale."""
    spans = []
    for bar in bars:
        w, at = label_width(bar), bar.label_x * chart_px / 100
        left = {"start": at, "end": at - w}.get(bar.anchor, at - w / 2)
        spans.append((left, left + w))
    for every in range(1, len(bars) + 1):
        shown = range(0, len(bars), every)
        if all(spans[a][1] + GAP <= spans[b][0] for a, b in pairwise(shown)) and all(
                spans[i][0] >= 0 and spans[i][1] <= chart_px for i in shown):
            return set(shown)
    return {0}
