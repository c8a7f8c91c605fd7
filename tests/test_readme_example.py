"""The README's worked example (ClaimReview markup to a serving database) is run as written:
its markup imported with the real command into a new database, served by a real
``recount serve``, and its curl request answered with the output the README shows."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from server.cli import cli

from .conftest import ROOT, LiveServer

SECTION = "### Worked example: a fact check's markup to a serving database"


def example_blocks() -> list[tuple[str, str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(\w+)\n(.*?)```", section, flags=re.S)


def test_the_worked_example_runs_as_written(tmp_path: Path, monkeypatch) -> None:
    (markup, html), (_, commands), (_, printed), (_, curl), (_, shown) = example_blocks()
    assert markup == "html"
    (tmp_path / "factcheck.html").write_text(html, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    import_line, serve_line = commands.strip().splitlines()
    args = shlex.split(import_line)
    assert args[0] == ".venv/bin/recount" and serve_line.endswith("recount serve")
    result = CliRunner(env={"RECOUNT_DATABASE": None}).invoke(cli, args[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout == printed

    database = tmp_path / serve_line.split()[0].split("=", 1)[1]
    server = LiveServer(database, env={"RECOUNT_LOAD_DEMO": "false"})
    try:
        body = re.search(r"-d '(\{.*?\})'", curl).group(1)  # type: ignore[union-attr]
        request = urllib.request.Request(server.url + "/api/v1/match", data=body.encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
    finally:
        server.stop()
    # The README pipes the answer through a python3 one-liner: run it as written.
    script = shlex.split(curl.split("| ", 1)[1])
    assert script[:2] == ["python3", "-c"]
    printed_answer = subprocess.run([sys.executable, "-c", script[2]], input=json.dumps(answer),
                                    capture_output=True, text=True, check=True, timeout=30)
    assert printed_answer.stdout == shown


def test_the_first_example_is_what_the_demo_answers(client) -> None:
    """"Try the API": the request as the README writes it, sent to the demo claims, gets the
    answer it prints (the same fields, values and order; pretty-printed as it says)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Try the API", 1)[1].split("\n## ", 1)[0]
    (_, curl), (_, shown) = re.findall(r"```(\w+)\n(.*?)```", section, flags=re.S)[:2]
    body = re.search(r"-d '(\{.*?\})'", curl).group(1)  # type: ignore[union-attr]
    answer = client.post("/api/v1/match", data=body, content_type="application/json",
                         base_url="http://127.0.0.1:8000")
    assert answer.status_code == 200
    printed = subprocess.run([sys.executable, "-m", "json.tool", "--indent", "1"],
                             input=answer.get_data(as_text=True), capture_output=True,
                             text=True, check=True, timeout=30).stdout
    assert printed == shown
