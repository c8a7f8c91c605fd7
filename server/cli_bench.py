"""``recount bench``: quality and speed measurements with the product's own pipeline."""

from __future__ import annotations

from pathlib import Path

import click

from .progress import progress


@click.group()
def bench() -> None:
    """Measure retrieval and page-matching quality and speed on public benchmark data."""


@bench.command("retrieval")
@click.argument("dataset_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--split", default="test", show_default=True,
              help="Which queries-<split>.jsonl / qrels-<split>.tsv to use.")
@click.option("--run", "run_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the run here: query_id<TAB>claim_id<TAB>score, the top --depth per query.")
@click.option("--depth", default=10, show_default=True, help="Claims kept per query.")
@click.option("--vectors", "vectors_dir", type=click.Path(file_okay=False, exists=True),
              help="Sentence-vector table folder (tools/train_vectors.py); default: packaged.")
@click.option("--context/--no-context", default=True, show_default=True,
              help="Rank each query with the sentences around it in its text, where "
                   "sentences-<split>.jsonl places it.")
@click.option("--sentences", "sentences_dir",
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Another folder to look for sentences-<split>.jsonl in "
                   "(tools/clef_transcripts.py writes them).")
def retrieval(dataset_dir: Path, split: str, run_path: Path | None, depth: int,
              vectors_dir: str | None, context: bool, sentences_dir: Path | None) -> None:
    """Load DATASET_DIR's claims.jsonl into a fresh temporary database, rank every query of
    the split, print MAP@1, MAP@5, MRR and timings."""
    from .bench import run_retrieval
    from .index.vectors import sentence_vectors
    from .settings import BY_NAME

    try:
        vectors = sentence_vectors(BY_NAME["VECTORS"].parse(vectors_dir or ""))
    except ValueError as e:
        raise click.UsageError(f"--vectors {vectors_dir}: {e}") from e

    for name in ("claims.jsonl", f"queries-{split}.jsonl", f"qrels-{split}.tsv"):
        if not (dataset_dir / name).exists():
            raise click.UsageError(f"{dataset_dir / name} does not exist")
    with progress(0, "loading claims") as bar:
        report, run = run_retrieval(dataset_dir, split, depth=depth, progress=bar.update,
                                    planned=bar.plan, vectors=vectors, context=context,
                                    sentences=sentences_dir)
    if run_path:
        with run_path.open("w", encoding="utf-8") as f:
            for query, claim, score in run:
                f.write(f"{query}\t{claim}\t{score:.6f}\n")
    for line in report.lines():
        click.echo(line)


@bench.command("pages")
@click.argument("dataset_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--split", default="dev", show_default=True,
              help="Which sentences-<split>.jsonl (or queries-<split>.jsonl) and "
                   "qrels-<split>.tsv to use.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every highlight here, one JSON object a line, for judging.")
@click.option("--database", type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite file to keep the loaded claims and their vectors in between runs "
                   "(default: a temporary one).")
@click.option("--judged", "judged_paths", multiple=True,
              type=click.Path(exists=True, path_type=Path),
              help="Pairs people judged (JSON lines with doc, line, claim_id and verdict "
                   "yes/partly/no; a folder: its *.jsonl files), to count the highlights by "
                   "their label and mark the unread ones in --out. Repeatable.")
def pages(dataset_dir: Path, split: str, out_path: Path | None,
          database: Path | None, judged_paths: tuple[Path, ...]) -> None:
    """Load DATASET_DIR's claims.jsonl into a database, send every transcript of the split
    (sentences-SPLIT.jsonl; for posts, the queries of queries-SPLIT.jsonl) page by page
    through the matching of /api/v1/match, print how many sentences are highlighted, the
    gold sentences highlighted with their gold claim, and the conflicting verdicts (and,
    with --judged, how many highlights people judged right)."""
    from .bench import PAGE, dataset_matcher, machine, read_judged, run_pages

    sentences = dataset_dir / f"sentences-{split}.jsonl"
    if not sentences.exists() and (dataset_dir / f"queries-{split}.jsonl").exists():
        sentences = dataset_dir / f"queries-{split}.jsonl"  # posts: each query on its own
    for path in (dataset_dir / "claims.jsonl", sentences):
        if not path.exists():
            raise click.UsageError(f"{path} does not exist")
    try:  # read before the long work, so that a bad file stops it at once
        judged = read_judged(judged_paths) if judged_paths else None
    except (ValueError, KeyError) as exc:
        raise click.BadParameter(f"not a judged pair: {exc}", param_hint="--judged") from None
    with progress(0, "loading claims") as bar:
        matcher, load_seconds, index_seconds = dataset_matcher(
            dataset_dir, progress=bar.update, planned=bar.plan, meaning=True,
            database=database)
    click.echo(f"load={load_seconds:.1f}s index={index_seconds:.1f}s", err=True)
    click.echo(f"machine: {machine()}", err=True)
    with sentences.open(encoding="utf-8") as f:
        count = sum(1 for line in f if line.strip())
    out = out_path.open("w", encoding="utf-8") if out_path else None
    try:
        with progress(count, f"matching in pages of {PAGE}") as bar:
            report = run_pages(matcher, dataset_dir, split, out=out, progress=bar.update,
                               judged=judged)
    finally:
        if out is not None:
            out.close()
    for line in report.lines():
        click.echo(line)
