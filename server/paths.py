"""Where the repository's shared contract files live (schemas, demo claims, fixtures)."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent / "shared"
SCHEMAS = SHARED / "schemas"
DEMO_CLAIMS = SHARED / "claims" / "ny-detainers.json"
