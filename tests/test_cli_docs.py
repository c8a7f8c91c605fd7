"""docs/cli.md is the CLI reference: it must say what ``recount ... --help`` says.

Regenerate it after changing a command: ``.venv/bin/python tests/test_cli_docs.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.cli import cli  # noqa: E402

DOC = ROOT / "docs" / "cli.md"


def commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path]
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            out += commands(command, (*path, name))
        else:
            out.append((*path, name))
    return out


def reference() -> str:
    parts = ["# `recount` command reference", "",
             "Every command reads the `RECOUNT_*` settings (see the README); options on the",
             "command line win. This page is generated from `--help`.", ""]
    runner = CliRunner()
    for path in commands(cli):
        result = runner.invoke(cli, [*path, "--help"], prog_name="recount",
                               terminal_width=100)
        assert result.exit_code == 0, result.output
        title = " ".join(("recount", *path))
        parts += [f"## `{title}`", "", "```", result.output.rstrip(), "```", ""]
    return "\n".join(parts)


def test_cli_reference_matches_help():
    assert DOC.exists(), "run: .venv/bin/python tests/test_cli_docs.py"
    assert DOC.read_text(encoding="utf-8") == reference(), (
        "docs/cli.md is out of date; run: .venv/bin/python tests/test_cli_docs.py")


if __name__ == "__main__":
    DOC.write_text(reference(), encoding="utf-8")
    print(f"wrote {DOC}")
