"""Settings: each one documented in the README, and a bad value stops start-up naming it."""

from __future__ import annotations

import importlib.abc
import logging
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from server.app import create_app
from server.cli import cli
from server.settings import SettingError, load_settings, markdown_table
from server.store import open_store
from server.store.backends import UnusableDatabase

ROOT = Path(__file__).resolve().parent.parent


def settings_table(markdown: str) -> dict[str, str]:
    """``RECOUNT_<NAME>`` -> its default as written, from the table under "## Settings"."""
    section = re.search(r"^## Settings\s*$(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert section, 'no "## Settings" heading'
    rows = {}
    for line in section.group(1).splitlines():
        match = re.match(r"\|\s*`(RECOUNT_[A-Z_]+)`\s*\|\s*([^|]*)\|", line)
        if match:
            rows[match.group(1)] = match.group(2).strip()
    return rows


def test_every_setting_is_in_the_readme_table_with_its_default():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = settings_table(readme)
    declared = settings_table("## Settings\n" + markdown_table())
    assert declared.keys() - documented.keys() == set(), "settings missing from README.md"
    assert documented.keys() - declared.keys() == set(), "README.md names unknown settings"
    assert documented == declared, "README.md gives other defaults"


def test_the_settings_table_file_is_generated_from_the_settings():
    # docs/settings-table.md is what README.md's table is pasted from.
    table = (ROOT / "docs" / "settings-table.md").read_text(encoding="utf-8")
    assert table == markdown_table(), "run: python -c 'from server.settings import " \
        "markdown_table; print(markdown_table(), end=\"\")' > docs/settings-table.md"


@pytest.mark.parametrize(("name", "value"), [
    ("PORT", "abc"), ("PORT", "70000"), ("THREADS", "0"), ("MAX_BODY_BYTES", "-1"),
    ("MAX_SENTENCES", "many"), ("TRUSTED_PROXIES", "-2"), ("LOAD_DEMO", "perhaps"),
    ("MATCH_THRESHOLD", "2"), ("LOG_LEVEL", "LOUD"), ("CORS_ORIGINS", "*"),
    ("RATE_LIMIT", "lots"), ("RATE_LIMIT_STORAGE", "ftp://x"), ("VECTORS", "/nonexistent"),
])
def test_a_bad_environment_value_stops_create_app(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv(f"RECOUNT_{name}", value)
    with pytest.raises(SettingError, match=f"RECOUNT_{name}="):
        create_app({"DATABASE": str(tmp_path / "db")})


def test_a_bad_config_value_stops_create_app(tmp_path):
    with pytest.raises(SettingError, match="PORT='abc'"):
        create_app({"DATABASE": str(tmp_path / "db"), "PORT": "abc"})


def test_config_strings_are_parsed_like_the_environment():
    values = load_settings(environ={}, overrides={"PORT": "8080", "CORS_ORIGINS":
                                                  "https://a.example, chrome-extension://x",
                                                  "TESTING": True})
    assert values["PORT"] == 8080
    assert values["CORS_ORIGINS"] == ("https://a.example", "chrome-extension://x")
    assert values["TESTING"] is True


def test_recount_serve_refuses_a_bad_port(monkeypatch, tmp_path):
    monkeypatch.setenv("RECOUNT_PORT", "abc")
    monkeypatch.setenv("RECOUNT_DATABASE", str(tmp_path / "db"))
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 2
    assert "RECOUNT_PORT='abc'" in result.output and "not a number" in result.output


def test_defaults_are_safe():
    values = load_settings(environ={})
    assert values["HOST"] == "127.0.0.1"
    assert values["CORS_ORIGINS"] == ()
    assert values["MAX_SENTENCES"] >= 500
    assert values["RATE_LIMIT"]


def test_redis_storage_without_the_redis_package_names_the_setting(tmp_path, monkeypatch):
    # As if the redis package were not installed: importing it fails.
    for name in [m for m in sys.modules if m == "redis" or m.startswith("redis.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_Refuse("redis"), *sys.meta_path])
    with pytest.raises(SettingError, match="RECOUNT_RATE_LIMIT_STORAGE="):
        create_app({"DATABASE": str(tmp_path / "db"), "RATE_LIMIT_STORAGE": "redis://x:6379"})


class _Refuse(importlib.abc.MetaPathFinder):
    """Makes ``import <package>`` fail, as when the package is not installed."""

    def __init__(self, package: str) -> None:
        self.package = package

    def find_spec(self, name, path=None, target=None):
        if name == self.package or name.startswith(self.package + "."):
            raise ImportError(f"No module named {name!r}")
        return None


@pytest.mark.parametrize(("value", "ok"), [(8080, True), (99999, False), (-1, False)])
def test_numbers_from_code_get_the_same_checks(value, ok):
    """`recount serve --port 99999` passes a number, not a string: checked all the same."""
    if ok:
        assert load_settings(environ={}, overrides={"PORT": value})["PORT"] == value
    else:
        with pytest.raises(SettingError, match="between 0 and 65535"):
            load_settings(environ={}, overrides={"PORT": value})


def test_recount_serve_refuses_a_port_out_of_range(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--port", "99999", "-d", str(tmp_path / "db")])
    assert result.exit_code != 0
    assert "--port=99999" in result.output and "between 0 and 65535" in result.output


@pytest.mark.parametrize("url", ["postgresql+psycopg://u@127.0.0.1:1/db", "mysql://x/y",
                                 "https://example.org/db"])
def test_a_database_url_recount_cannot_open_is_refused_not_made_a_file(tmp_path, monkeypatch,
                                                                      url):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init-db", "-d", url])
    assert result.exit_code == 2
    assert f"{url.split('://')[0]}:// is not a database Recount opens" in result.output
    assert list(tmp_path.iterdir()) == []  # no folder named after the URL


@pytest.mark.parametrize("value", ["", "  ", "sqlite:///", "sqlite://recount.db"])
@pytest.mark.parametrize("command", [["init-db"], ["serve", "--port", "0"], ["keys", "list"]])
def test_an_empty_or_malformed_database_setting_is_refused(tmp_path, monkeypatch, value,
                                                          command):
    # SQLite takes "" for a temporary database that each connection gets anew: a command
    # would "succeed" into nothing, and a server would find no tables.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RECOUNT_DATABASE", value)
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert line.startswith("Error: RECOUNT_DATABASE=") and "\n" not in line, line
    assert "SQLite file path" in line and "postgresql://" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["postgresql://u:p@ss@127.0.0.1:1/db",
                                 "postgres://a@b:pw@127.0.0.1:1/db"])
def test_a_postgresql_url_with_an_unescaped_at_sign_says_how_to_write_it(tmp_path, monkeypatch,
                                                                         url):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init-db", "-d", url])
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert "\n" not in line and "%40" in line, line
    assert "p@ss" not in line and ":pw@" not in line  # the password is not shown
    # Escaped, the same URL is taken (and fails only at connecting, elsewhere).
    escaped = url.replace("p@ss", "p%40ss").replace("a@b", "a%40b")
    assert load_settings(environ={}, overrides={"DATABASE": escaped})["DATABASE"] == escaped


@pytest.mark.parametrize("value", ["recount.db", "sqlite:///tmp/x.db", "postgresql://h/db",
                                   "postgres://h/db", "C:/data/recount.db"])
def test_database_paths_and_urls_recount_opens(value):
    assert load_settings(environ={}, overrides={"DATABASE": value})["DATABASE"] == value


@pytest.mark.parametrize(("name", "value", "secret"), [
    ("SECRET_KEY", "my-almost-long-enough-secret", "my-almost-long-enough-secret"),
    ("RATE_LIMIT_STORAGE", "bogus://:S3cretPass@localhost", "S3cretPass"),
])
def test_a_refused_value_is_named_without_its_secret(name, value, secret):
    with pytest.raises(SettingError) as refused:
        load_settings({f"RECOUNT_{name}": value})
    assert f"RECOUNT_{name}" in str(refused.value)
    assert secret not in str(refused.value)


def test_a_postgresql_url_without_psycopg_is_one_line_saying_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    with pytest.raises(UnusableDatabase) as refused:
        open_store("postgresql://reader:hunter2@db.example/recount")
    assert "psycopg is not installed" in str(refused.value)
    assert "'.[postgres]'" in str(refused.value) and "hunter2" not in str(refused.value)


@pytest.mark.parametrize(("value", "origins"), [
    ("https://reader.example/", ("https://reader.example",)),
    ("HTTPS://Reader.Example, chrome-extension://abcdef", ("https://reader.example",
                                                          "chrome-extension://abcdef")),
    ("https://reader.example/path", None),
    ("ftp://reader.example", None),
])
def test_cors_origins_are_read_as_browsers_send_them(value, origins):
    # A trailing slash or capitals would never match a browser's Origin header; a path
    # cannot be part of one.
    if origins is None:
        with pytest.raises(SettingError):
            load_settings({"RECOUNT_CORS_ORIGINS": value})
    else:
        assert load_settings({"RECOUNT_CORS_ORIGINS": value})["CORS_ORIGINS"] == origins


def test_a_misspelt_setting_is_warned_of_not_silently_ignored(caplog):
    with caplog.at_level(logging.WARNING):
        load_settings({"RECOUNT_MATCH_TRESHOLD": "0.5", "RECOUNT_UPDATE_SCREENSHOT": "1",
                       "RECOUNT_PORT": "8000"})
    assert "RECOUNT_MATCH_TRESHOLD is not a Recount setting" in caplog.text
    assert "did you mean RECOUNT_MATCH_THRESHOLD?" in caplog.text
    assert "RECOUNT_UPDATE_SCREENSHOT" not in caplog.text and "RECOUNT_PORT" not in caplog.text
