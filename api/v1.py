"""/api/v1: the assistant for machine clients (the service hall's website, the 12345
hotline tools), beside the UI on the same FastAPI app.

Every call carries an API key (`X-API-Key: qa_…` or `Authorization: Bearer qa_…`), made
by an admin (`python -m admin create-key NAME --per-minute 120`). Each key has its own
rate limit: over it, 429 with Retry-After. Bad input gets a 4xx naming the field. Answers
run in a worker pool sized to the cores, off the event loop. The OpenAPI document is at
/api/openapi.json and readable at /api/docs (rendered here, no outside scripts).

Example:
    POST /api/v1/ask {"question": "原油先放后检 节省多少时间", "history": []}
    -> 200 {"question": "…", "answer": "…缩减至半天[1]。", "refused": false,
            "citations": [{"doc": "…", "paragraph": "7", …}], …}
"""

import asyncio
import math
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from admin.reindex import LiveIndex
from feedback.store import REASONS, FeedbackStore, Vote
from registry.database import Registry
from registry.keys import find_key
from registry.outbox import Outbox
from registry.queries import log_answer
from ui.api import ask_record, hit_record
from ui.lookup import run_lookup

MAX_QUESTION_CHARS = 2000  # longer is refused; the assistant itself answers the first 500
MAX_HISTORY = 20
KEY_CACHE_S = 30.0  # a revoked key stops working within this


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    history: list[Annotated[str, Field(max_length=MAX_QUESTION_CHARS)]] = Field(
        default=[], max_length=MAX_HISTORY, description="earlier questions, oldest first"
    )


class FeedbackRequest(BaseModel):
    conversation: str = Field(min_length=1, max_length=64)
    turn: int = Field(ge=0, le=10_000)
    rating: Literal["up", "down"]
    reason: Literal[REASONS] | Literal[""] = ""  # type: ignore[valid-type]
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    answer: str = Field(max_length=20_000)
    cited_chunk_ids: list[str] = Field(default=[], max_length=20)


class RateLimiter:
    """A token bucket per key: `per_minute` requests a minute, bursts up to that many."""

    def __init__(self) -> None:
        self._buckets: dict[int, tuple[float, float]] = {}  # key id -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key_id: int, per_minute: int) -> float:
        """0.0 when the request may go now, else the seconds until it may."""
        rate = per_minute / 60.0
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.get(key_id, (float(per_minute), now))
            tokens = min(float(per_minute), tokens + (now - at) * rate)
            if tokens >= 1.0:
                self._buckets[key_id] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key_id] = (tokens, now)
            return (1.0 - tokens) / rate


class Client(BaseModel):
    name: str


def api_router(
    live: LiveIndex,
    registry: Registry,
    store: FeedbackStore,
    replica: str = "",
    outbox: Outbox | None = None,
) -> APIRouter:
    """The /api/v1 routes; every response names the replica that served it (X-Replica).
    Answers go to the query log and votes are accepted through the outbox, so neither waits
    on the database; a key checked before keeps working while the database is unreachable."""
    router = APIRouter(prefix="/api/v1", tags=["v1"])
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="answer")
    limiter = RateLimiter()
    known: dict[str, tuple[float, int, str, int]] = {}  # key -> (checked at, id, name, limit)

    def look_up(key: str) -> tuple[float, int, str, int] | None:
        with registry.session() as session:
            found = find_key(session, key)
            return (
                None
                if found is None
                else (time.monotonic(), found.id, found.name, found.per_minute)
            )

    async def client(
        response: Response,
        x_api_key: Annotated[str, Header()] = "",
        authorization: Annotated[str, Header()] = "",
    ) -> Client:
        """The caller by its key. A key checked in the last KEY_CACHE_S costs no database call
        and no thread: this runs on the event loop for every request."""
        response.headers["X-Replica"] = replica
        key = x_api_key or authorization.removeprefix("Bearer ").strip()
        if not key:
            raise HTTPException(401, "缺少 API 密钥：请在 X-API-Key 头中提供。")
        cached = known.get(key)
        if cached is None or time.monotonic() - cached[0] > KEY_CACHE_S:
            try:
                found = await asyncio.get_running_loop().run_in_executor(pool, look_up, key)
            except SQLAlchemyError:  # the database is away: a key seen before stays good
                if cached is None:
                    raise HTTPException(
                        503, "暂时无法验证 API 密钥，请稍后再试。", headers={"Retry-After": "5"}
                    ) from None
            else:
                if found is None:
                    known.pop(key, None)
                    raise HTTPException(401, "API 密钥无效或已停用。")
                known[key] = cached = found
        _, key_id, name, per_minute = cached
        wait = limiter.take(key_id, per_minute)
        if wait:
            seconds = max(1, math.ceil(wait))
            raise HTTPException(
                429,
                f"请求过于频繁：该密钥每分钟最多 {per_minute} 次，请 {seconds} 秒后再试。",
                headers={"Retry-After": str(seconds)},
            )
        return Client(name=name)

    Caller = Annotated[Client, Depends(client)]

    @router.post(
        "/ask",
        summary="Answer a question with citations (the eval answer record)",
    )
    async def ask(body: AskRequest, caller: Caller) -> Response:
        assistant = live.assistant  # one index for the whole answer, even across a swap
        loop = asyncio.get_running_loop()
        answer = await loop.run_in_executor(
            pool, lambda: assistant.answer(body.question, list(body.history))
        )
        log_answer(outbox, answer, "api", caller.name, replica)
        # serialised once, by orjson: FastAPI would walk the record with jsonable_encoder first
        # (a Response returned whole keeps none of the headers set on the injected one)
        record = orjson.dumps(ask_record(answer))
        return Response(record, media_type="application/json", headers={"X-Replica": replica})

    @router.get("/search", summary="Ranked paragraphs for words or a question")
    async def search(
        caller: Caller,
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION_CHARS)],
        k: Annotated[int, Query(ge=1, le=50)] = 10,
        doc: Annotated[list[str], Query()] = [],  # noqa: B006 (FastAPI reads, never mutates)
        date_from: str = "",
        date_to: str = "",
        current_only: bool = False,
    ) -> list[dict]:
        index = live.index
        loop = asyncio.get_running_loop()
        hits, terms = await loop.run_in_executor(
            pool, lambda: run_lookup(index, q, doc, date_from, date_to, k, current_only)
        )
        return [hit_record(hit, rank, terms) for rank, hit in enumerate(hits, 1)]

    @router.get("/documents", summary="The indexed documents with their metadata")
    def documents(caller: Caller) -> list[dict]:
        index = live.index
        return [_document_record(d, index) for d in index.documents]

    @router.get("/documents/{doc_id}", summary="One document with every paragraph in order")
    def document(doc_id: str, caller: Caller) -> dict:
        index = live.index
        found = next((d for d in index.documents if d.doc_id == doc_id), None)
        if found is None:
            raise HTTPException(404, f"没有这份文件：{doc_id}")
        paragraphs = [
            {
                "id": c.id,
                "section": c.section,
                "paragraph": c.paragraph,
                "kind": c.kind,
                "text": c.text,
            }
            for c in index.chunks
            if c.doc_id == doc_id and c.kind != "document"
        ]
        return {**_document_record(found, index), "paragraphs": paragraphs}

    @router.post(
        "/feedback",
        status_code=202,
        summary="A reader's vote on an answer (kept at once, in the database within seconds)",
    )
    async def feedback(body: FeedbackRequest, caller: Caller) -> dict:
        vote = Vote(
            conversation=f"{caller.name}:{body.conversation}",
            turn=body.turn,
            rating=body.rating,
            question=body.question,
            answer=body.answer,
            cited_chunk_ids=tuple(body.cited_chunk_ids),
            reason=body.reason,
        )
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(pool, store.accept, vote)
        return {"accepted": True}

    return router


def _document_record(document, index) -> dict:
    return {
        "id": document.doc_id,
        "title": document.title,
        "issuer": document.issuer,
        "doc_number": document.doc_number,
        "date": document.date,
        "kind": document.kind,
        "validity": document.validity or "有效",
        "replaced_by": document.replaced_by,
        "current": document.current,
        "paragraphs": sum(1 for c in index.chunks if c.doc_id == document.doc_id),
    }


async def validation_error(request: Request, error) -> JSONResponse:
    """422 that names each bad field in words: {"error": …, "problems": [{"field", "message"}]}."""
    problems = [
        {"field": ".".join(str(part) for part in e["loc"][1:]) or "body", "message": e["msg"]}
        for e in error.errors()
    ]
    return JSONResponse({"error": "请求内容不符合接口要求", "problems": problems}, status_code=422)
