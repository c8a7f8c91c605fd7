"""Static checks of the extension: `web-ext lint` (the same manifest must load in Firefox and
Chrome) reports no errors, ESLint and Prettier pass, and the manifest asks for no more than
it needs. The npm tools come from `npm install` (``make test`` runs it); without them the
tool checks skip."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.extension_helpers import EXTENSION, ROOT

BIN = ROOT / "node_modules" / ".bin"
MANIFEST = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))


def npm_tool(name: str) -> str:
    tool = BIN / name
    if not tool.exists() or shutil.which("node") is None:
        pytest.skip(f"{name} is not installed (run `npm install`)")
    return str(tool)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=180,
                          check=False)


def test_web_ext_lint_reports_no_errors():
    result = run(npm_tool("web-ext"), "lint", "--source-dir", str(EXTENSION), "--self-hosted",
                 "--output", "json", "--no-input")
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert report["errors"] == [], report["errors"]
    # The one expected warning: Firefox ignores background.service_worker (it uses scripts).
    codes = {w["code"] for w in report["warnings"]}
    assert codes <= {"BACKGROUND_SERVICE_WORKER_IGNORED"}, report["warnings"]


def test_eslint_passes():
    result = run(npm_tool("eslint"), ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_prettier_passes():
    result = run(npm_tool("prettier"), "--check", "extension", "eslint.config.js")
    assert result.returncode == 0, result.stdout + result.stderr


def test_manifest_asks_for_least_privilege():
    assert MANIFEST["manifest_version"] == 3
    assert sorted(MANIFEST["permissions"]) == ["activeTab", "scripting", "storage"]
    # Only the default server's origin up front; every other site is asked for at run time.
    assert MANIFEST["host_permissions"] == ["http://127.0.0.1/*"]
    assert MANIFEST["optional_host_permissions"] == ["*://*/*"]
    assert "content_scripts" not in MANIFEST  # nothing runs on a page until asked
    background = MANIFEST["background"]
    assert background["service_worker"] == background["scripts"][0] == "background/index.js"
    assert background["type"] == "module"
    assert MANIFEST["browser_specific_settings"]["gecko"]["id"]


def test_manifest_files_exist():
    paths = [MANIFEST["background"]["service_worker"], MANIFEST["action"]["default_popup"],
             MANIFEST["options_ui"]["page"], *MANIFEST["icons"].values()]
    for path in paths:
        assert (EXTENSION / path).is_file(), path
    for entry in MANIFEST["web_accessible_resources"]:
        for pattern in entry["resources"]:
            assert list(EXTENSION.glob(pattern)), pattern


def test_every_module_says_what_it_is_for():
    for path in sorted(EXTENSION.rglob("*.js")):
        head = path.read_text(encoding="utf-8").lstrip()
        assert head.startswith(("/**", "/*")), f"{path} does not open with a comment"
        assert len(head.splitlines()) < 400, f"{path} is too long to read on a screen or two"
