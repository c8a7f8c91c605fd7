"""Every setting Recount reads, declared once with its default and help text.

Settings come from built-in defaults, then environment variables named ``RECOUNT_<NAME>``,
then the ``config`` mapping passed to ``create_app`` (tests use it). The README's settings
table is checked against ``SETTINGS`` by a test, so adding a setting here means documenting it.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .rank.weights import HIGHLIGHT

ENV_PREFIX = "RECOUNT_"


class SettingError(ValueError):
    """A setting has a value Recount cannot use; the message names the setting."""


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError("must be a positive whole number")
    return value


def _port(raw: str) -> int:
    value = int(raw)
    if not 0 <= value <= 65535:
        raise ValueError("must be between 0 and 65535")
    return value


def _non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError("must be zero or more")
    return value


def _bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("must be true or false")


def _origins(raw: str) -> tuple[str, ...]:
    # A browser's Origin header is scheme://host[:port], lower case, never a path: an origin
    # written with a trailing slash or capitals would never match one.
    origins = tuple(part.strip().rstrip("/").lower() for part in raw.split(",") if part.strip())
    for origin in origins:
        if origin == "*":
            raise ValueError("'*' is not allowed; list the origins that may call the API")
        scheme, _, rest = origin.partition("://")
        if scheme not in ("http", "https", "chrome-extension", "moz-extension") or not rest \
                or "/" in rest:
            raise ValueError(f"{origin!r} is not an origin such as https://example.org "
                             "(a scheme and a host, no path)")
    return origins


def _threshold(raw: str) -> float:
    value = float(raw)
    if not 0.0 < value < 1.0:
        raise ValueError("must be between 0 and 1")
    return value


def _public_url(raw: str) -> str:
    url = raw.strip()
    if url and not url.startswith(("http://", "https://")):
        raise ValueError("must be an http:// or https:// URL, or empty")
    return url.rstrip("/")


def _vectors_dir(raw: str) -> str:
    folder = raw.strip()
    if folder and not all(os.path.isfile(os.path.join(folder, name))
                          for name in ("table.npy", "tokenizer.json")):
        raise ValueError("must be a folder holding table.npy and tokenizer.json "
                         "(made by tools/train_vectors.py), or empty")
    if folder:
        from .index.vectors import sentence_vectors

        sentence_vectors(folder)  # loads and checks the table once; the matcher reuses it
    return folder


def _text(raw: str) -> str:
    return raw.strip()


#: URL schemes a database may be given in; anything else that looks like a URL is refused
#: rather than taken for a SQLite file name.
DATABASE_SCHEMES = ("sqlite", "postgresql", "postgres")
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def database(raw: str) -> str:
    """A SQLite file path, ``sqlite:///path`` or a ``postgresql://`` URL."""
    value = raw.strip()
    # Empty (or "sqlite:///" alone) would be a SQLite temporary database that vanishes
    # when its connection closes: every connection would see another, empty one.
    if not value or value.lower() == "sqlite:///":
        raise ValueError("is empty; give a SQLite file path or a postgresql:// URL")
    scheme = _URL_SCHEME.match(value)
    if scheme and scheme.group(1).lower() not in DATABASE_SCHEMES:
        name = scheme.group(1)
        use = ("use postgresql://" if name.lower().startswith("postgres")
               else "use a SQLite file path or a postgresql:// URL")
        raise ValueError(f"{name}:// is not a database Recount opens ({use})")
    if scheme and scheme.group(1).lower() == "sqlite" and not value[scheme.end():].startswith("/"):
        raise ValueError("a SQLite URL is sqlite:/// and the file's path (or give the path "
                         "alone)")
    if scheme and scheme.group(1).lower() != "sqlite":
        # libpq reads "user:p@ss@host" as the host "ss@host" and fails to resolve it.
        authority = re.split(r"[/?#]", value[scheme.end():], maxsplit=1)[0]
        if authority.count("@") > 1:
            raise ValueError("the user name or password holds an '@': write it as %40 "
                             "(and any ':', '/', '?' or '#' in it as %3A, %2F, %3F, %23)")
    return value


def mask_url(value: str) -> str:
    """A database URL as it may be shown (errors, logs): its password replaced by ``***``.

    Everything up to the last ``@`` is taken for the user part, so a password holding an
    unescaped ``@`` or ``/`` is hidden whole (a path with an ``@`` is hidden too: showing
    too little is harmless, a password is not)."""
    scheme = _URL_SCHEME.match(value)
    if not scheme:
        return value
    rest = value[scheme.end():]
    masked = rest
    if "@" in rest:
        userinfo, host = rest.rsplit("@", 1)
        if ":" in userinfo:
            masked = f"{userinfo.split(':', 1)[0]}:***@{host}"
    masked = re.sub(r"(?i)([?&]password=)[^&#]*", r"\1***", masked)
    return value[:scheme.end()] + masked


def _shown_database(raw: str) -> str:
    return repr(mask_url(raw.strip()))


def _rate_limit(raw: str) -> str:
    value = raw.strip()
    if value:
        from limits import parse_many

        parse_many(value)  # raises ValueError naming the string it could not read
    return value


def _storage_uri(raw: str) -> str:
    value = raw.strip()
    from limits.storage import SCHEMES

    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme not in SCHEMES or scheme.startswith("async+"):
        raise ValueError("must be a URL such as memory:// or redis://host:6379")
    return value


def _log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
    return level


def _secret(raw: str) -> str:
    value = raw.strip()
    if value and len(value) < 32:
        raise ValueError("must be at least 32 characters (or empty)")
    return value


@dataclass(frozen=True)
class Setting:
    """One setting: its name (without the RECOUNT_ prefix), default, parser and help text."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = _text
    #: How a value is quoted back in an error (a database URL's password is masked).
    show: Callable[[str], str] = repr


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE",
        "recount.db",
        "SQLite file path, or a postgresql:// URL for a PostgreSQL server.",
        database,
        _shown_database,
    ),
    Setting("HOST", "127.0.0.1", "Address `recount serve` listens on."),
    Setting("PORT", 8000, "Port `recount serve` listens on.", _port),
    Setting("THREADS", 8, "Worker threads of the WSGI server.", _positive_int),
    Setting(
        "PUBLIC_URL",
        "",
        "Base URL readers reach the server at, for links in responses, with the path a "
        "reverse proxy serves it under, if any (https://example.org/recount); empty means "
        "the URL of the request.",
        _public_url,
    ),
    Setting(
        "CORS_ORIGINS",
        (),
        "Comma-separated origins allowed to call the API from a browser "
        "(e.g. chrome-extension://<id>). Never '*'.",
        _origins,
    ),
    Setting("MAX_BODY_BYTES", 2_000_000, "Largest request body accepted, in bytes.", _positive_int),
    Setting("MAX_SENTENCES", 1000, "Most sentences accepted in one match request.", _positive_int),
    Setting(
        "MAX_SENTENCE_CHARS", 2000, "Longest sentence accepted, in characters.", _positive_int
    ),
    Setting(
        "RATE_LIMIT",
        "120 per minute",
        "Requests per client to the match endpoints and to feedback, each counted on its own "
        "(flask-limiter syntax, e.g. '120 per minute; 2000 per day'); empty to disable.",
        _rate_limit,
    ),
    Setting(
        "RATE_LIMIT_STORAGE",
        "memory://",
        "Where rate-limit counters live: memory:// for one process, redis://host:port "
        "when several workers share them.",
        _storage_uri,
        _shown_database,
    ),
    Setting(
        "TRUSTED_PROXIES",
        0,
        "Number of reverse proxies in front of the server whose X-Forwarded-For (and -Proto, "
        "-Prefix) is trusted.",
        _non_negative_int,
    ),
    Setting(
        "LOAD_DEMO",
        False,
        "Load the demo claims when the server starts on an empty database "
        "(`recount serve --demo` and `make run` turn it on).",
        _bool,
    ),
    Setting(
        "MATCH_THRESHOLD",
        HIGHLIGHT,
        "Probability (0-1) that a sentence restates a claim at which it is highlighted; "
        "lower finds more and is wrong more often. The default was fitted on judged debate "
        "sentences (benchmarks/README.md).",
        _threshold,
    ),
    Setting(
        "VECTORS",
        "",
        "Folder of a sentence-vector table trained for your claims (table.npy and "
        "tokenizer.json, made by tools/train_vectors.py); empty for the packaged one.",
        _vectors_dir,
    ),
    Setting(
        "SECRET_KEY",
        "",
        "Secret that signs the /review page's session cookie (at least 32 characters); "
        "empty: one is made on first start and kept in the database, shared by every worker.",
        _secret,
        lambda raw: f"({len(raw)} characters, not shown)",
    ),
    Setting("LOG_LEVEL", "INFO", "Log level: DEBUG, INFO, WARNING or ERROR.", _log_level),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}


def load_settings(
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Resolve every setting: defaults, then ``RECOUNT_*`` variables, then ``overrides``.

    Raises ``SettingError`` naming the variable when a value cannot be parsed, or for an
    override, what ``labels`` calls it (the command-line option that gave it).
    """
    environ = os.environ if environ is None else environ
    _warn_unknown(frozenset(k for k in environ if k.startswith(ENV_PREFIX)))
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    for setting in SETTINGS:
        raw = environ.get(ENV_PREFIX + setting.name)
        if raw is None:
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except (ValueError, TypeError) as exc:
            raise SettingError(
                f"{ENV_PREFIX}{setting.name}={setting.show(raw)}: {_reason(exc)}. {setting.help}"
            ) from None
    for name, value in (overrides or {}).items():
        values[name] = _override(name, value, (labels or {}).get(name, name))
    return values


#: ``RECOUNT_*`` variables that are not settings: the tests' and tools' own, and the API
#: key the docs' examples read from the shell.
NOT_SETTINGS = frozenset({"KEY", "CHROMIUM", "FIREFOX", "TEST_POSTGRES_URL",
                          "UPDATE_SCREENSHOT"})


@cache
def _warn_unknown(names: frozenset[str]) -> None:
    """Warn, once per process, of ``RECOUNT_*`` variables that set nothing: a misspelt
    setting ("RECOUNT_DATABSE") is otherwise silently ignored."""
    for name in sorted(names):
        bare = name[len(ENV_PREFIX):]
        if bare in BY_NAME or bare in NOT_SETTINGS:
            continue
        near = difflib.get_close_matches(bare, BY_NAME, n=1)
        hint = f" (did you mean {ENV_PREFIX}{near[0]}?)" if near else ""
        logging.getLogger(__name__).warning("%s is not a Recount setting and is ignored%s",
                                            name, hint)


def _override(name: str, value: Any, label: str) -> Any:
    """A value passed in code: strings are parsed like environment values, so a test or an
    embedding program gets the same checks and the same error message."""
    setting = BY_NAME.get(name)
    if setting is None:
        return value  # a Flask setting such as TESTING
    raw = ",".join(value) if isinstance(value, list | tuple) else value
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(raw)  # a number from code or a CLI option gets the same range checks
    if not isinstance(raw, str):
        return value
    try:
        return setting.parse(raw)
    except (ValueError, TypeError) as exc:
        raise SettingError(
            f"{label}={setting.show(value) if isinstance(value, str) else repr(value)}: "
            f"{_reason(exc)}. {setting.help}"
        ) from None


def _reason(exc: Exception) -> str:
    text = str(exc)
    if text.startswith("invalid literal") or "could not convert" in text:
        return "not a number"
    return text


def markdown_table() -> str:
    """The README's settings table (docs/settings-table.md is this, checked by a test)."""
    lines = ["| Variable | Default | What it does |", "| --- | --- | --- |"]
    for s in SETTINGS:
        lines.append(f"| `{ENV_PREFIX}{s.name}` | `{_shown(s.default)}` | {s.help} |")
    return "\n".join(lines) + "\n"


def _shown(default: Any) -> str:
    if isinstance(default, bool):
        return "true" if default else "false"
    if isinstance(default, tuple):
        return ",".join(default) or "(none)"
    return str(default) if default != "" else "(empty)"
