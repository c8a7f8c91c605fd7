"""POST /api/v1/related: the claims nearest to each sentence, matched or not."""

from __future__ import annotations

import pytest

from server.api.docs import validator
from server.engine import MAX_RELATED, MAX_RELATED_SENTENCES, RELATED

from .helpers import assert_problem

MATCHED = ("New York released criminal illegal aliens responsible for 148 homicides, "
           "the department said.")
#: Shares too few words with any claim to match, but is about the released people.
LOOSE = "They let thousands of criminal aliens walk free."


def related(client, body, status=200):
    response = client.post("/api/v1/related", json=body)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_lists_the_nearest_claims_per_sentence_in_order(app, client):
    body = related(client, {"sentences": [MATCHED, LOOSE]})
    with app.app_context():
        assert not list(validator("RelatedResponse").iter_errors(body))
    first, second = body["results"]
    assert [first["index"], second["index"]] == [0, 1]
    assert first["text"] == MATCHED and second["text"] == LOOSE
    assert len(first["claims"]) == len(second["claims"]) == RELATED
    # The claims reaching the match threshold come first, best score first; what /match
    # reports is among them, with the same score.
    matched = [c for c in first["claims"] if c["matched"]]
    assert matched == first["claims"][:len(matched)]
    assert [c["score"] for c in matched] == sorted((c["score"] for c in matched), reverse=True)
    assert all(c["score"] >= 0.5 for c in matched)
    [match] = client.post("/api/v1/match", json={"sentences": [MATCHED]}).get_json()[
        "results"][0]["matches"][:1]
    assert {"claim": match["claim"], "score": match["score"], "matched": True,
            "sources": match["sources"]} in matched
    # The loose sentence matches nothing, yet has near claims, none marked matched.
    assert client.post("/api/v1/match", json={"sentences": [LOOSE]}).get_json()[
        "results"][0]["matches"] == []
    assert second["claims"] and not any(c["matched"] for c in second["claims"])


def test_limit_sets_how_many_claims_are_listed(client):
    body = related(client, {"sentences": [MATCHED], "limit": 2})
    assert len(body["results"][0]["claims"]) == 2
    # JSON has one kind of number: 2.0 is 2.
    assert related(client, {"sentences": [MATCHED], "limit": 2.0}) == body
    many = related(client, {"sentences": [MATCHED], "limit": MAX_RELATED})
    claims = client.get("/api/v1/health").get_json()["claims"]
    assert len(many["results"][0]["claims"]) == min(MAX_RELATED, claims)
    assert [c["claim"]["id"] for c in many["results"][0]["claims"][:2]] == [
        c["claim"]["id"] for c in body["results"][0]["claims"]]


def test_consecutive_sentences_are_read_with_those_around_them(client):
    # Alone, "charged with" and a prison term bring up Miguel-Mora's sentence; after a
    # sentence about New York and ICE detainers, the detainer claims come first.
    fragment = "Most of them had been charged with assault."
    text = ["New York let criminal illegal aliens go despite ICE detainers.", fragment]
    alone = related(client, {"sentences": text})["results"][1]["claims"]
    read = related(client, {"sentences": text, "consecutive": True})["results"][1]["claims"]
    assert "miguel-mora" in alone[0]["claim"]["id"]
    assert "-ny-" in read[0]["claim"]["id"], read[0]["claim"]["id"]
    # The first sentence reads the same either way: nothing comes before it, and its own
    # words decide.
    assert related(client, {"sentences": text})["results"][0]["claims"][0] == related(
        client, {"sentences": text, "consecutive": True})["results"][0]["claims"][0]


@pytest.mark.parametrize(("body", "field"), [
    ({"sentences": [MATCHED], "limit": 0}, "limit"),
    ({"sentences": [MATCHED], "limit": MAX_RELATED + 1}, "limit"),
    ({"sentences": [MATCHED], "limit": "3"}, "limit"),
    ({"sentences": [MATCHED], "limit": True}, "limit"),
    ({"sentences": [MATCHED], "consecutive": "yes"}, "consecutive"),
    ({"sentences": [MATCHED], "context": []}, "context"),
    ({"sentences": "one sentence"}, "sentences"),
])
def test_bad_requests_name_the_field(client, body, field):
    response = client.post("/api/v1/related", json=body)
    assert_problem(response, 400)
    assert [e["field"] for e in response.get_json()["errors"]] == [field]


def test_too_many_sentences_is_a_413(client):
    response = client.post("/api/v1/related",
                           json={"sentences": ["x"] * (MAX_RELATED_SENTENCES + 1)})
    assert_problem(response, 413)
    assert str(MAX_RELATED_SENTENCES) in response.get_json()["detail"]


def test_no_sentences_no_results(client):
    assert related(client, {"sentences": []}) == {"results": []}


def test_a_short_sentence_s_match_is_related_not_matched_as_the_schemas_say(empty_app):
    """A sentence of few words without a figure of the claim is not highlighted, however
    high its score: the schemas' descriptions of ``related[].score`` and ``matched`` must
    allow for it rather than promise a score below the threshold."""
    from server.rank.decision import SHORT_SENTENCE
    from server.rank.weights import SUGGEST

    text = "The state's coal mines reopened and hired 2,000 miners last year."
    empty_app.extensions["recount"]["store"].import_document({
        "format": "recount-claims/1",
        "sources": [{"id": "checker", "publisher": "A Fact Checker", "kind": "fact-check"}],
        "claims": [{"id": "c0", "text": text, "quotes": [{"source": "checker", "text": text}]}]})
    client = empty_app.test_client()
    short = "The coal mines reopened last year."
    assert len(short.split()) <= SHORT_SENTENCE
    [result] = client.post("/api/v1/match", json={"sentences": [short]}).get_json()["results"]
    threshold = empty_app.config["MATCH_THRESHOLD"]
    assert result["matches"] == [] and result["related"][0]["score"] >= threshold
    [nearest, *_] = related(client, {"sentences": [short]})["results"][0]["claims"]
    assert nearest["claim"]["id"] == "c0" and nearest["matched"] is False
    assert nearest["score"] == result["related"][0]["score"]

    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    score = schemas["MatchResponse"]["$defs"]["related"]["properties"]["score"]["description"]
    matched = schemas["RelatedResponse"]["properties"]["results"]["items"]["properties"][
        "claims"]["items"]["properties"]["matched"]["description"]
    for description in (score, matched):
        assert f"{SHORT_SENTENCE} words or fewer" in description
    assert f"at least the suggestion threshold ({SUGGEST:g})" in score
