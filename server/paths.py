"""Where the repository's shared contract files and the package's own data live."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent / "shared"
SCHEMAS = SHARED / "schemas"
DEMO_CLAIMS = SHARED / "claims" / "ny-detainers.json"

#: Files shipped inside the package (the sentence-vector table).
PACKAGE_DATA = Path(__file__).resolve().parent / "data"
