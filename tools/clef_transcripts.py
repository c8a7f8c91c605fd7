"""Write ``sentences-<split>.jsonl`` files that place a CLEF CheckThat! 2021 task 2B data
set's train and dev queries in their debate transcripts, so that ``tools/fit_ranking.py``
ranks them with the sentences around them (as ``recount bench retrieval`` does with the
test split's ``sentences-test.jsonl``).

The transcripts are the task's ``v1/transcripts/*.tsv`` files (``line<TAB>speaker<TAB>text``,
one file per debate), e.g. ``data/subtask-2b--english/v1/transcripts`` in a copy of the
task's data. A query id is ``<debate>_<line>``; some debate names in the ids are spelt
differently from the file names ("20161019_3pres"), so a debate without a file of its own
name takes the one transcript of its date. A query whose transcript line holds another
text is left out (and counted), never guessed::

    python tools/clef_transcripts.py ../shared/benchmarks/clef2021-task2b-en \\
        path/to/v1/transcripts /tmp/clef2021-transcripts
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

_SPACE = re.compile(r"\s+")


def read_transcript(path: Path) -> dict[int, tuple[str, str]]:
    """``{line: (speaker, text)}`` of one transcript file."""
    lines = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        parts = row.split("\t")
        if len(parts) >= 3 and parts[0].strip().isdigit():
            lines[int(parts[0])] = (parts[1], parts[2])
    return lines


def transcript_for(debate: str, files: dict[str, Path]) -> Path | None:
    """The transcript of a debate: the file of that name (any case), else the only one of
    its date."""
    exact = files.get(debate.lower())
    if exact:
        return exact
    same_day = [p for name, p in files.items() if name[:8] == debate[:8]]
    return same_day[0] if len(same_day) == 1 else None


def _same(a: str, b: str) -> bool:
    return _SPACE.sub(" ", a).strip() == _SPACE.sub(" ", b).strip()


def convert(dataset: Path, transcripts: Path, out: Path, splits: list[str]) -> list[str]:
    """Write one file per split; returns a line of counts per split."""
    files = {p.stem.lower(): p for p in transcripts.glob("*.tsv")}
    if not files:
        raise SystemExit(f"{transcripts}: no .tsv transcripts")
    out.mkdir(parents=True, exist_ok=True)
    report = []
    for split in splits:
        queries = [json.loads(line) for line in
                   (dataset / f"queries-{split}.jsonl").read_text(encoding="utf-8").splitlines()
                   if line.strip()]
        by_debate: dict[str, dict[int, str]] = {}
        for q in queries:
            debate, _, line = str(q["id"]).rpartition("_")
            if debate and line.isdigit():
                by_debate.setdefault(debate, {})[int(line)] = q
        placed = unplaced = 0
        with (out / f"sentences-{split}.jsonl").open("w", encoding="utf-8") as f:
            for debate, wanted in sorted(by_debate.items()):
                path = transcript_for(debate, files)
                lines = read_transcript(path) if path else {}
                found = {n: q for n, q in wanted.items()
                         if n in lines and _same(lines[n][1], q["text"])}
                placed += len(found)
                unplaced += len(wanted) - len(found)
                if not found:
                    continue
                for n, (speaker, text) in sorted(lines.items()):
                    query = found.get(n)
                    f.write(json.dumps({"id": query["id"] if query else f"{debate}_{n}",
                                        "doc": debate, "line": n, "speaker": speaker,
                                        "text": text,
                                        "query_id": query["id"] if query else None},
                                       ensure_ascii=False) + "\n")
        report.append(f"{split}: {placed} of {placed + unplaced} queries placed")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path, help="folder with queries-<split>.jsonl")
    parser.add_argument("transcripts", type=Path, help="folder of <debate>.tsv transcripts")
    parser.add_argument("out", type=Path, help="folder to write sentences-<split>.jsonl to")
    parser.add_argument("--split", action="append", dest="splits",
                        help="split to place (repeatable; default: train and dev)")
    args = parser.parse_args()
    splits = args.splits or ["train", "dev"]
    for split in splits:
        if not (args.dataset / f"queries-{split}.jsonl").is_file():
            parser.error(f"{args.dataset / f'queries-{split}.jsonl'} does not exist")
    if not args.transcripts.is_dir():
        parser.error(f"{args.transcripts} is not a folder")
    for line in convert(args.dataset, args.transcripts, args.out, splits):
        print(line)


if __name__ == "__main__":
    main()
