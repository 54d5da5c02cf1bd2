"""/api/v1 on a real server over the session index: keys, answers, search, documents,
feedback, rate limits with Retry-After, clear 4xx errors, and the OpenAPI page."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from sqlalchemy import func, select

import api.v1
from app import build_app, serve_in_background
from registry.database import Registry
from registry.keys import create_key, revoke_key
from registry.models import Feedback, QueryLog
from registry.queries import recent
from tests.support.postgres import database_down, fresh_database
from tests.support.served import call_api, free_port, wait_until

FACT = "2020年青岛自贸片区的工业总产值是多少？"
ENDPOINTS = [
    ("POST", "/api/v1/ask", {"json": {"question": FACT}}),
    ("GET", "/api/v1/search", {"params": {"q": "四证一单"}}),
    ("GET", "/api/v1/documents", {}),
    ("GET", "/api/v1/documents/qingdao-ftz-14th-five-year-plan.txt", {}),
    ("POST", "/api/v1/feedback", {"json": {}}),
]


@pytest.fixture(scope="module")
def served(corpus_settings, policy_index, tmp_path_factory):
    """(url, registry, keys by name) of the app over the session index."""
    settings = replace(
        corpus_settings, data_dir=tmp_path_factory.mktemp("api-data"), port=free_port()
    )
    registry = Registry.open(settings)
    with registry.session() as session:
        keys = {
            "hall": create_key(session, "hall", per_minute=600, actor="test"),
            "slow": create_key(session, "slow", per_minute=3, actor="test"),
            "gone": create_key(session, "gone", per_minute=600, actor="test"),
        }
    application = build_app(settings)
    url, server = serve_in_background(application.app, settings)
    yield url.rstrip("/"), registry, keys
    server.should_exit = True


@pytest.fixture(scope="module")
def hall(served):
    url, _, keys = served
    with httpx.Client(base_url=url, headers={"X-API-Key": keys["hall"]}, timeout=60) as client:
        yield client


@pytest.mark.parametrize(("method", "path", "extra"), ENDPOINTS)
def test_every_endpoint_needs_a_valid_key(served, method, path, extra):
    url, _, _ = served
    assert httpx.request(method, url + path, timeout=30, **extra).status_code == 401
    forged = {"X-API-Key": "qa_not-a-key"}
    assert httpx.request(method, url + path, headers=forged, timeout=30, **extra).status_code == 401


def test_ask_gives_the_eval_record_with_citations(hall):
    record = hall.post("/api/v1/ask", json={"question": FACT, "history": []}).json()
    assert not record["refused"] and "670亿元" in record["answer"] and "[1]" in record["answer"]
    assert record["citations"][0]["doc"] == "qingdao-ftz-14th-five-year-plan.txt"
    followup = hall.post(
        "/api/v1/ask", json={"question": "那固定资产投资呢？", "history": [FACT]}
    ).json()
    assert "108亿元" in followup["answer"]  # the conversation travels with the request


def test_a_question_the_documents_do_not_answer_is_refused(served):
    url, _, keys = served
    record = httpx.post(
        f"{url}/api/v1/ask",
        json={"question": "上海临港新片区的企业所得税税率是多少？"},
        headers={"Authorization": f"Bearer {keys['hall']}"},
        timeout=60,
    ).json()
    assert record["refused"] and record["citations"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"question": ""}, "question"),
        ({"question": "问" * 2001}, "question"),
        ({"question": FACT, "history": ["问"] * 21}, "history"),
        ({}, "question"),
    ],
)
def test_bad_questions_get_a_422_naming_the_field(hall, body, field):
    response = hall.post("/api/v1/ask", json=body)
    assert response.status_code == 422
    assert field in {problem["field"] for problem in response.json()["problems"]}


def test_search_ranks_paragraphs_and_filters_by_document(hall):
    hits = hall.get("/api/v1/search", params={"q": "四证一单", "k": 3}).json()
    assert 1 <= len(hits) <= 3 and hits[0]["rank"] == 1
    assert all("四证一单" in h["text"] for h in hits)  # only paragraphs that hold the words
    assert hall.get("/api/v1/search", params={"q": "zzzz qqqq"}).json() == []
    only = hall.get(
        "/api/v1/search", params={"q": "四证一单", "doc": "shandong-ftz-2025-review.txt"}
    ).json()
    assert only and {h["doc"] for h in only} == {"shandong-ftz-2025-review.txt"}
    assert hall.get("/api/v1/search", params={"q": "四证一单", "k": 0}).status_code == 422


def test_documents_and_one_document_with_its_paragraphs(hall):
    listed = hall.get("/api/v1/documents").json()
    assert len(listed) == 5 and all(d["validity"] for d in listed)
    plan = hall.get("/api/v1/documents/qingdao-ftz-14th-five-year-plan.txt").json()
    assert plan["doc_number"] == "青自贸管发〔2021〕34号"
    assert any("670亿元" in p["text"] for p in plan["paragraphs"])
    missing = hall.get("/api/v1/documents/no-such.txt")
    assert missing.status_code == 404 and "no-such.txt" in missing.json()["detail"]


def test_feedback_is_stored_under_the_client_and_bad_votes_are_refused(served, hall):
    _, registry, _ = served
    vote = {
        "conversation": "call-0042",
        "turn": 0,
        "rating": "down",
        "reason": "引用不对",
        "question": FACT,
        "answer": "工业总产值670亿元[1]。",
        "cited_chunk_ids": ["abc"],
    }
    accepted = hall.post("/api/v1/feedback", json=vote)
    assert accepted.status_code == 202 and accepted.json() == {"accepted": True}

    def stored():
        with registry.session() as session:
            query = select(Feedback).where(Feedback.conversation == "hall:call-0042")
            return session.scalar(query)

    wait_until(lambda: stored() is not None)  # copied in by the outbox within seconds
    assert stored().rating == "down" and stored().reason == "引用不对"
    bad = hall.post("/api/v1/feedback", json={**vote, "rating": "meh"})
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "rating"


def test_every_answer_is_in_the_query_log_under_its_client(served, hall):
    _, registry, _ = served
    question = "四证一单 审查时间 几天"
    assert not hall.post("/api/v1/ask", json={"question": question}).json()["refused"]
    wait_until(lambda: any(r["question"] == question for r in recent(registry, 50)))
    row = next(r for r in recent(registry, 50) if r["question"] == question)
    assert (row["channel"], row["client"], row["refused"]) == ("api", "hall", False)
    assert row["citations"] >= 1 and row["latency_ms"] > 0


def test_answers_through_gradios_endpoint_are_logged_too(served):
    url, registry, _ = served
    question = "离岸达 年离岸贸易额 多少"
    call_api(url, "ask", question, [])
    wait_until(lambda: any(r["question"] == question for r in recent(registry, 50)))
    row = next(r for r in recent(registry, 50) if r["question"] == question)
    assert (row["channel"], row["client"]) == ("gradio", "")


def test_answers_and_votes_go_on_while_postgresql_is_away(
    corpus_settings, policy_index, tmp_path, monkeypatch
):
    monkeypatch.setattr(api.v1, "KEY_CACHE_S", 0.0)  # every call would check its key anew
    with fresh_database("qa_api") as database:
        settings = replace(
            corpus_settings, data_dir=tmp_path, port=free_port(), database_url=database
        )
        registry = Registry.open(settings)
        with registry.session() as session:
            key = create_key(session, "hotline", per_minute=600, actor="test")
        application = build_app(settings)
        url, server = serve_in_background(application.app, settings)
        vote = {"conversation": "c", "rating": "up", "question": FACT, "answer": "670亿元[1]"}
        try:
            with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=60) as client:
                assert client.post("/api/v1/ask", json={"question": FACT}).status_code == 200
                with database_down(database):
                    during = [client.post("/api/v1/ask", json={"question": FACT}) for _ in range(3)]
                    votes = [
                        client.post("/api/v1/feedback", json={**vote, "turn": n}) for n in range(3)
                    ]
                    assert [r.status_code for r in during] == [200, 200, 200]
                    assert "670亿元" in during[0].json()["answer"]
                    assert [r.status_code for r in votes] == [202, 202, 202]
                    stranger = httpx.get(
                        f"{url}api/v1/documents", headers={"X-API-Key": "qa_never-seen"}
                    )
                    assert stranger.status_code == 503 and stranger.headers["Retry-After"]

            def logged() -> tuple[int, int]:
                with registry.session() as session:
                    asked = session.scalar(select(func.count()).select_from(QueryLog))
                    voted = session.scalar(select(func.count()).select_from(Feedback))
                return int(asked), int(voted)

            wait_until(lambda: logged() == (4, 3))  # nothing accepted was lost
        finally:
            server.should_exit = True
            application.outbox.stop()
            registry.engine.dispose()


def test_a_key_over_its_limit_gets_429_with_retry_after(served):
    url, _, keys = served
    with httpx.Client(base_url=url, headers={"X-API-Key": keys["slow"]}, timeout=30) as slow:
        statuses = [slow.get("/api/v1/documents").status_code for _ in range(4)]
        limited = slow.get("/api/v1/documents")
    assert statuses[:3] == [200, 200, 200] and statuses[3] == 429
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert "每分钟最多 3 次" in limited.json()["detail"]


def test_a_revoked_key_stops_working(served, monkeypatch):
    url, registry, keys = served
    monkeypatch.setattr(api.v1, "KEY_CACHE_S", 0.0)
    headers = {"X-API-Key": keys["gone"]}
    assert httpx.get(f"{url}/api/v1/documents", headers=headers).status_code == 200
    with registry.session() as session:
        revoke_key(session, "gone", actor="test")
    assert httpx.get(f"{url}/api/v1/documents", headers=headers).status_code == 401


def test_the_openapi_page_lists_the_api_and_loads_nothing_from_elsewhere(served):
    url, _, _ = served
    spec = httpx.get(f"{url}/api/openapi.json").json()
    assert {"/api/v1/ask", "/api/v1/search", "/api/v1/documents", "/api/v1/feedback"} <= set(
        spec["paths"]
    )
    assert not any(path.startswith("/admin") for path in spec["paths"])
    page = httpx.get(f"{url}/api/docs").text
    assert "POST /api/v1/ask" in page and "X-API-Key" in page
    assert "<script" not in page and "https://" not in page
