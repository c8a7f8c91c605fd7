"""``recount bench pages``: transcripts sent page by page through the matching of
/api/v1/match, on a small data set in the benchmarks' layout."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from server.bench import PAGE, machine, read_transcripts
from server.cli import cli

CLAIMS = [
    {"id": "jobs", "text": "The unemployment rate is the lowest it has been in 17 years.",
     "title": "Unemployment at a 17-year low", "speaker": "Governor"},
    {"id": "trees", "text": "The city planted ten thousand trees last spring.",
     "speaker": "Mayor"},
    {"id": "senate", "text": "The president of the state Senate blocked 40 bills from a vote.",
     "speaker": "Senator"},
]
TRANSCRIPT = [
    (1, "Good evening and welcome to the debate.", None),
    (2, "Thank you, Senator.", None),
    (3, "The unemployment rate is now the lowest it has been in 17 years.", "q1"),
    (4, "Go ahead.", None),
    (5, "We planted a garden behind the school.", None),
]


def _dataset(folder: Path, rows: list[tuple[int, str, str | None]] = TRANSCRIPT) -> None:
    folder.mkdir()
    (folder / "claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in CLAIMS))
    (folder / "sentences-dev.jsonl").write_text("".join(
        json.dumps({"doc": "debate", "line": line, "speaker": "X", "text": text,
                    "query_id": query}) + "\n" for line, text, query in reversed(rows)))
    (folder / "qrels-dev.tsv").write_text("q1\tjobs\n")


def test_pages_reports_highlights_gold_and_writes_them_for_judging(tmp_path):
    _dataset(tmp_path / "set")
    out = tmp_path / "highlights.jsonl"
    result = CliRunner().invoke(cli, ["bench", "pages", str(tmp_path / "set"), "--split", "dev",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"sentences={len(TRANSCRIPT)} highlighted=1 " in result.output
    assert "gold=1 gold_highlighted=1 (recall 1.000)" in result.output
    assert "conflicting_verdicts=0" in result.output
    assert re.search(r"machine: \d+ cores, .+, Python 3\.\d+\.\d+, onnxruntime \d", result.output)
    [line] = out.read_text().splitlines()
    highlight = json.loads(line)
    assert highlight["line"] == 3 and highlight["gold"] == ["jobs"]
    [match] = highlight["matches"]
    assert match["claim_id"] == "jobs" and match["gold"] and 0 < match["score"] <= 1
    assert [v["figure"] for v in match["verdicts"]] == ["17"]
    assert match["verdicts"][0]["status"] == "consistent"


@pytest.mark.parametrize(("flags", "said"), [
    ("fpu sse2 avx avx2 avx512f avx512_vnni", "(VNNI)"),
    ("fpu sse2 avx avx2 avx_vnni", "(VNNI)"),
    ("fpu sse2 avx avx2 fma", "(AVX2, no VNNI)"),
])
def test_the_machine_line_says_which_int8_products_the_processor_has(tmp_path, flags, said):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nmodel name\t: Some CPU 9000\nflags\t\t: {flags}\n\n"
                       f"processor\t: 1\nmodel name\t: Some CPU 9000\nflags\t\t: {flags}\n")
    line = machine(cpuinfo)
    assert f"cores, Some CPU 9000 {said}, Python " in line
    assert "(" not in machine(tmp_path / "absent").split(", Python")[0]


def test_pages_counts_the_highlights_people_judged(tmp_path):
    """With --judged, the highlights are counted by their best match's label, and the
    written highlights say which pairs were read (null: still to read)."""
    _dataset(tmp_path / "set")
    judged = tmp_path / "judged"
    judged.mkdir()
    (judged / "dev.jsonl").write_text(json.dumps(
        {"doc": "debate", "line": 3, "claim_id": "jobs", "verdict": "partly"}) + "\n")
    (judged / "notes.txt").write_text("not read")
    out = tmp_path / "highlights.jsonl"
    args = ["bench", "pages", str(tmp_path / "set"), "--split", "dev", "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--judged", str(judged)])
    assert result.exit_code == 0, result.output
    assert ("judged (best match): yes=0 partly=1 no=0 unjudged=0 (yes 0.0% of highlights)"
            in result.output)
    assert json.loads(out.read_text())["matches"][0]["judged"] == "partly"
    # A later file's label wins; a pair nobody read is counted as such.
    (judged / "later.jsonl").write_text(json.dumps(
        {"doc": "debate", "line": 3, "claim_id": "jobs", "verdict": "yes"}) + "\n")
    again = CliRunner().invoke(cli, [*args, "--judged", str(judged / "dev.jsonl"),
                                     "--judged", str(judged / "later.jsonl")])
    assert "yes=1 partly=0 no=0 unjudged=0 (yes 100.0% of highlights)" in again.output
    (judged / "dev.jsonl").write_text(json.dumps(
        {"doc": "debate", "line": 4, "claim_id": "jobs", "verdict": "no"}) + "\n")
    unread = CliRunner().invoke(cli, [*args, "--judged", str(judged / "dev.jsonl")])
    assert "yes=0 partly=0 no=0 unjudged=1" in unread.output
    assert json.loads(out.read_text())["matches"][0]["judged"] is None


def test_pages_refuses_a_judged_file_it_cannot_read_before_matching(tmp_path):
    _dataset(tmp_path / "set")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"doc": "debate", "line": 3, "claim_id": "jobs",
                               "verdict": "maybe"}) + "\n")
    result = CliRunner().invoke(cli, ["bench", "pages", str(tmp_path / "set"), "--split",
                                      "dev", "--judged", str(bad)])
    assert result.exit_code == 2
    assert "line 1: verdict 'maybe' is not one of yes, partly, no" in result.output
    assert "matching" not in result.output


def test_pages_keeps_the_claims_in_a_database_between_runs(tmp_path):
    _dataset(tmp_path / "set")
    database = tmp_path / "kept.db"
    args = ["bench", "pages", str(tmp_path / "set"), "--split", "dev", "--database",
            str(database)]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert first.output.splitlines()[-4:-1] == again.output.splitlines()[-4:-1]


def test_pages_names_a_missing_split(tmp_path):
    _dataset(tmp_path / "set")
    result = CliRunner().invoke(cli, ["bench", "pages", str(tmp_path / "set"), "--split",
                                      "test"])
    assert result.exit_code == 2
    assert "sentences-test.jsonl does not exist" in result.output


def test_transcripts_are_read_in_line_order_and_cut_in_pages(tmp_path):
    rows = [(n, f"Sentence number {n}.", None) for n in range(1, PAGE + 3)]
    _dataset(tmp_path / "set", rows)
    docs = read_transcripts(tmp_path / "set" / "sentences-dev.jsonl")
    assert [r["line"] for r in docs["debate"]] == list(range(1, PAGE + 3))
    result = CliRunner().invoke(cli, ["bench", "pages", str(tmp_path / "set"), "--split", "dev"])
    assert result.exit_code == 0, result.output
    assert f"sentences={PAGE + 2} highlighted=0 " in result.output


def test_posts_without_transcripts_are_sent_as_texts_of_their_own(tmp_path):
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in CLAIMS))
    (folder / "queries-dev.jsonl").write_text(
        json.dumps({"id": "t1", "text": "Unemployment is the lowest it has been in 17 years! "
                                        "https://t.co/x1 — Ann (@ann) May 1, 2019"}) + "\n"
        + json.dumps({"id": "t2", "text": "What a day at the beach."}) + "\n")
    (folder / "qrels-dev.tsv").write_text("t1\tjobs\n")
    result = CliRunner().invoke(cli, ["bench", "pages", str(folder), "--split", "dev"])
    assert result.exit_code == 0, result.output
    assert "sentences=2 highlighted=1 " in result.output
    assert "gold=1 gold_highlighted=1" in result.output


def test_pages_shows_progress_in_a_log(tmp_path, monkeypatch):
    """Standard error a file (CliRunner's is not a terminal), each step two seconds: plain
    lines with the counts, as `recount import` writes, not a bar's bare label."""
    now = [0.0]

    def ticking() -> float:
        now[0] += 2
        return now[0]

    monkeypatch.setattr("server.progress._clock", ticking)
    _dataset(tmp_path / "set")
    result = CliRunner().invoke(cli, ["bench", "pages", str(tmp_path / "set"), "--split", "dev"])
    assert result.exit_code == 0, result.output
    log = result.stderr.splitlines()
    # the claims and the one source that stands for the data set
    assert f"loading claims: {len(CLAIMS) + 1}/{len(CLAIMS) + 1} (100%)" in log
    matching = [line for line in log if line.startswith(f"matching in pages of {PAGE}: ")]
    assert matching[-1].startswith(f"matching in pages of {PAGE}: {len(TRANSCRIPT)}/"
                                   f"{len(TRANSCRIPT)} (100%) in ")
