"""Text no database can store: JSON may escape half of a UTF-16 surrogate pair ("\\ud83c"
alone, as left by cutting an emoji in two), which Python parses into a string no UTF-8 text
(a database, the tokenizer) can hold, and a NUL character ("\\u0000"), which PostgreSQL's
text columns refuse (SQLite would keep it, so a file that imports into one would fail in
the other)."""

from __future__ import annotations

from typing import Any

#: What is wrong with a string ``bad_text`` finds, by kind.
PROBLEMS = {
    "surrogate": "holds half of a character (an unpaired surrogate, as left by cutting an "
                 "emoji in two)",
    "nul": "holds a NUL character (U+0000)",
}


def bad_text(value: Any) -> tuple[list[str | int], str] | None:
    """The path (keys and indices) to the first string of a parsed JSON value, or object
    key, that is not storable text, and what is wrong with it (a ``PROBLEMS`` key); None
    when every string is fine."""
    if isinstance(value, str):
        problem = text_problem(value)
        return None if problem is None else ([], problem)
    if isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key)
            if problem is not None:
                return [key], problem
            found = bad_text(item)
            if found is not None:
                return [key, *found[0]], found[1]
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = bad_text(item)
            if found is not None:
                return [i, *found[0]], found[1]
    return None


def text_problem(text: str) -> str | None:
    """What keeps ``text`` out of a database (a ``PROBLEMS`` key), or None."""
    if "\x00" in text:
        return "nul"
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "surrogate"
    return None
