"""Text that cannot be stored or read: JSON may escape half of a UTF-16 surrogate pair
("\\ud83c" alone, as left by cutting an emoji in two), which Python parses into a string
that no UTF-8 text (a database, the tokenizer) can hold."""

from __future__ import annotations

from typing import Any


def unpaired_surrogate(value: Any) -> list[str | int] | None:
    """The path (keys and indices) to the first string of a parsed JSON value, or object
    key, that holds an unpaired surrogate; None when there is none."""
    if isinstance(value, str):
        return None if _encodes(value) else []
    if isinstance(value, dict):
        for key, item in value.items():
            if not _encodes(key):
                return [key]
            found = unpaired_surrogate(item)
            if found is not None:
                return [key, *found]
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = unpaired_surrogate(item)
            if found is not None:
                return [i, *found]
    return None


def _encodes(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
