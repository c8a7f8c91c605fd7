"""Fuzzing with schemathesis against the served OpenAPI document, in process.

Every operation gets valid and invalid requests generated from its schemas (bounded and
derandomized, so runs are repeatable); the responses must never be a 5xx and must match
the document: status, content type, headers and body schema. Invalid input must be
rejected with a documented 4xx. The key header is sent, so the write endpoints are fuzzed too.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from server.api.openapi import build_document
from server.app import create_app
from server.settings import load_settings

from .helpers import auth, make_key

#: Examples per operation and mode; FUZZ_EXAMPLES=500 for a longer hunt.
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
# Invalid input must get one of these: schemathesis' defaults plus 413 (over a limit) and
# without 5xx.
CONFIG = schemathesis.Config.from_dict({"checks": {"negative_data_rejection": {
    "expected-statuses": ["400", "401", "403", "404", "405", "406", "409", "413", "415",
                          "422", "428", "429"]}}})
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance, negative_data_rejection]


@pytest.fixture
def fuzz_app(tmp_path):
    # No rate limit: the fuzzer sends far more than a reader would.
    app = create_app({"DATABASE": str(tmp_path / "fuzz.db"), "RATE_LIMIT": "", "LOAD_DEMO": True,
                      "TESTING": True})
    app.config["FUZZ_KEY"] = make_key(app, "fuzz")
    yield app
    app.extensions["recount"]["store"].close()


DOC = build_document(load_settings(environ={}))
#: (path, method, mode): every operation with valid input, and with invalid input where it
#: takes a query or a body (a path parameter is a string whatever is put in it).
CASES = [(path, method.upper(), mode)
         for path, item in DOC["paths"].items()
         for method, op in item.items() if method != "parameters"
         for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if mode is GenerationMode.POSITIVE or op.get("requestBody")
         or any(p["in"] == "query" for p in op.get("parameters", []))]


# schemathesis' own pytest plugin (from_fixture / parametrize) does not run under pytest 9,
# so each operation is a plain parametrized test driving schemathesis' hypothesis strategy.
@pytest.mark.parametrize(("path", "method", "mode"), CASES,
                         ids=[f"{m} {p} {mode.value}" for p, m, mode in CASES])
def test_api_conforms_to_its_document(fuzz_app, path, method, mode):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app, config=CONFIG)
    operation = schema[path][method]
    headers = auth(fuzz_app.config["FUZZ_KEY"])
    # Any bytes are a valid text/html page, so a "negative" HTML body does not exist
    # (schemathesis knows this for text/plain only).
    cases = operation.as_strategy(mode).filter(
        lambda case: mode is GenerationMode.POSITIVE or case.media_type != "text/html")

    @given(case=cases)
    @settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
