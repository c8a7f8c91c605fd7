"""Progress of long commands (server/progress.py) where standard error is not a terminal:
plain lines with counts, every tenth of the work or every few seconds, as under nohup."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from server.cli import cli
from server.progress import Lines, progress

from .claimsdata import claims_doc, write


class Clock:
    """Time that moves only when told."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_line_every_tenth_at_most_one_a_second() -> None:
    out, clock = io.StringIO(), Clock()
    lines = Lines(1000, "claims.json", out, clock)
    for _ in range(1000):
        clock.now += 1 / 64  # about 16 seconds in all
        lines.update(1)
    lines.finish()
    written = out.getvalue().splitlines()
    assert written[0] == "claims.json: 100/1,000 (10%)"
    assert written[-2] == "claims.json: 1,000/1,000 (100%)"
    assert written[-1] == "claims.json: 1,000/1,000 (100%) in 16 s"
    assert len(written) == 11


def test_a_slow_job_gets_a_line_every_few_seconds() -> None:
    out, clock = io.StringIO(), Clock()
    lines = Lines(1000, "reading claims", out, clock)
    for _ in range(9):
        clock.now += 3
        lines.update(1)  # far from a tenth, but minutes pass
    assert out.getvalue().splitlines() == [f"reading claims: {n}/1,000 (0%)" for n in (2, 4, 6, 8)]


def test_a_quick_job_writes_nothing() -> None:
    out = io.StringIO()
    with progress(5, "small.json", out) as bar:
        for _ in range(5):
            bar.update(1)
    assert out.getvalue() == ""


def test_recount_import_shows_progress_in_a_log(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard error a file (CliRunner's is not a terminal), each step two seconds."""
    clock = Clock()

    def ticking() -> float:
        clock.now += 2
        return clock.now

    monkeypatch.setattr("server.progress._clock", ticking)
    claims = write(tmp_path / "claims.json", claims_doc())
    result = CliRunner(env={"RECOUNT_DATABASE": None}).invoke(
        cli, ["import", str(claims), "-d", str(tmp_path / "db.db")])
    assert result.exit_code == 0, result.output
    log = result.stderr.splitlines()
    assert "claims.json (sources, quantities and claims): 9/9 (100%)" in log
    read = [line for line in log if line.startswith("reading claim texts and titles: ")]
    # As many as the transformer reads: the texts and titles not read before.
    total = int(read[0].split("/")[1].split()[0])
    assert 3 <= total <= 6
    assert re.fullmatch(rf"reading claim texts and titles: {total}/{total} \(100%\) in \d+ s", read[-1])
    assert all(re.fullmatch(rf"reading claim texts and titles: \d+/{total} \(\d+%\)", line)
               for line in read[:-1])
