"""Server-rendered claim pages: they list the claim's figures and sources, and treat
claim text as data (escaped), never as markup."""

from __future__ import annotations

MARKUP = '<script>alert("x")</script><b>bold</b>'


def _doc():
    text = f"The council counted 42 potholes {MARKUP}."
    return {"format": "recount-claims/1",
            "sources": [{"id": "src", "publisher": f"Gazette {MARKUP}", "kind": "news",
                         "url": "https://example.org/a", "published": "2026-01-02"}],
            "quantities": [{"id": "potholes", "description": "Potholes counted", "unit": "count",
                            "noun": "potholes"}],
            "claims": [{"id": "c1", "text": text, "quotes": [{"source": "src", "text": text}],
                        "figures": [{"quantity": "potholes", "source": "src", "value": 42,
                                     "text": "42", "span": [20, 22]}]}]}


def test_claim_page_escapes_claim_text(empty_app):
    empty_app.extensions["recount"]["store"].import_document(_doc())
    page = empty_app.test_client().get("/claims/c1")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;" in html
    assert "42" in html and "https://example.org/a" in html and "2026-01-02" in html


def test_index_lists_claims_and_searches(client):
    html = client.get("/").get_data(as_text=True)
    assert "6,947" in html
    assert "6,947" not in client.get("/?q=subpoenas").get_data(as_text=True)


def test_unknown_claim_page_is_404(client):
    assert client.get("/claims/no-such-claim").status_code == 404


def test_public_url_sets_links_in_responses(tmp_path):
    from server.app import create_app

    app = create_app({"DATABASE": str(tmp_path / "p.db"), "LOAD_DEMO": True,
                      "PUBLIC_URL": "https://recount.example.org/"})
    claims = app.test_client().get("/api/v1/claims?limit=1").get_json()
    assert claims["items"][0]["url"].startswith("https://recount.example.org/claims/")
    app.extensions["recount"]["store"].close()
