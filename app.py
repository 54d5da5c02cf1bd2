"""青岛自贸片区政策问答: the Gradio shell over answer/ and index/ (chat, lookup, documents),
mounted in one FastAPI app with the staff 管理 area (/admin, admin/web.py). The public app
is served in Chinese at / and in English at /en/, each page linking to the other.

Run: `python app.py` (host, port, index from QA_* settings; `make run` builds the index first).
API: Client(url).predict("2020年工业总产值是多少？", [], api_name="/ask") -> answer record;
     Client(url).predict("四证一单", [], 10, "", "", api_name="/lookup") -> ranked paragraphs.
"""

import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import gradio as gr
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse

from admin.reindex import LiveIndex, Reindexer
from admin.web import Unauthorized, admin_router, unauthorized_page
from api.docs import render_openapi
from api.v1 import api_router, validation_error
from feedback.store import FeedbackStore, apply_vote
from index.store import IndexNotReady
from registry.database import Registry
from registry.library import Library, LibraryError
from registry.outbox import Outbox
from registry.queries import apply_query
from settings import Settings
from ui.chat_tab import add_chat_tab
from ui.document_page import render_document
from ui.documents_tab import add_documents_tab
from ui.lookup_tab import add_lookup_tab
from ui.source import find_document
from ui.words import PATHS, Words

CONCURRENCY = 2  # answers at once: the machine has 2 cores; the queue holds the rest
QUEUE_SIZE = 64  # waiting requests beyond this are turned away instead of piling up
SESSIONS_KEPT = 500  # every API call opens a session; keep memory level under load
# Gradio's queue rebuilds a pandas summary of its last 10,000 events after every event (for
# its monitoring page, which this app does not serve) and polls for free workers every 1 ms
# on the event loop, once per page language; under load both take CPU from answering.
# Recomputed every 1,000 events over the last 1,000, and polled every 5 ms (at most 5 ms
# more before a waiting question starts).
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")
os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")
QUEUE_POLL_S = 0.005
STATIC = Path(__file__).resolve().parent / "ui" / "static"
ACTIONS_JS = (STATIC / "actions.js").read_text(encoding="utf-8")


def build_demo(
    settings: Settings,
    live: LiveIndex | None = None,
    store: FeedbackStore | None = None,
    library: Library | None = None,
    outbox: Outbox | None = None,
    words: Words | None = None,
) -> gr.Blocks:
    """The public app in the language of `words` (Chinese by default). It answers from
    `live` (loaded here when not given), whose index a re-index replaces whole: each request
    reads live.index / live.assistant once."""
    live = live or LiveIndex(settings)
    store = store or FeedbackStore.from_settings(settings)
    words = words or Words.of()
    with gr.Blocks(title=words("title"), analytics_enabled=False) as demo:
        switch = (
            f'<a class="lang-switch" href="{PATHS[words.other]}" hreflang="{words.other}"'
            f' lang="{words.other}" aria-label="{words("switch_name")}">{words("switch_label")}</a>'
        )
        gr.HTML(
            f'<header class="app-header" lang="{words("html_lang")}">{switch}'
            f"<h1>{words('title')}</h1><p>{words('subtitle')}</p></header>"
        )
        with gr.Tabs():
            with gr.Tab(words("tab_chat"), id="chat"):
                add_chat_tab(demo, live, settings, store, ACTIONS_JS, CONCURRENCY, words, outbox)
            with gr.Tab(words("tab_lookup"), id="lookup"):
                add_lookup_tab(demo, live, settings, ACTIONS_JS, words)
            with gr.Tab(words("tab_documents"), id="documents"):
                add_documents_tab(demo, live, library, words)
        gr.HTML(
            '<footer class="app-footer"><a href="/api/docs" target="_blank" rel="noopener">'
            f"{words('api_link')}</a></footer>"
        )
    return demo


@dataclass
class Application:
    app: FastAPI  # what uvicorn serves
    demo: gr.Blocks  # the public app, mounted at / (Chinese)
    demos: dict[str, gr.Blocks]  # every language's app: {"zh": demo, "en": …at /en/}
    live: LiveIndex
    reindexer: Reindexer
    outbox: Outbox  # votes and query-log rows on their way to the registry


def build_app(settings: Settings) -> Application:
    """One FastAPI app: the staff 管理 area under /admin and the public Gradio app at / (and
    in English at /en/)."""
    live = LiveIndex(settings)
    live.watch()  # a build published by another replica or `python -m ingest` is picked up
    registry = Registry.open(settings)
    reindexer = Reindexer(settings, live)
    app = FastAPI(
        title=Words.of()("title"),
        docs_url=None,  # /api/docs is rendered here: Swagger UI would load scripts from a CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    library = Library(settings, registry)
    replica = f"{settings.host}:{settings.port}"
    outbox = Outbox(
        registry, settings.data_dir / "outbox", replica, {"vote": apply_vote, "query": apply_query}
    ).start()  # votes and the query log reach the database even across an outage
    store = FeedbackStore(registry, outbox)
    app.include_router(admin_router(registry, library, reindexer), include_in_schema=False)
    app.add_exception_handler(Unauthorized, unauthorized_page)
    app.include_router(api_router(live, registry, store, replica, outbox))
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_api_route(
        "/api/docs",
        lambda: HTMLResponse(render_openapi(app.openapi())),
        include_in_schema=False,
    )
    add_document_routes(app, live, library)
    demos = {}
    for language in sorted(PATHS, key=lambda code: PATHS[code], reverse=True):  # /en/ before /
        demo = build_demo(settings, live, store, library, outbox, Words.of(language))
        demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
        demo.state_session_capacity = SESSIONS_KEPT  # every API call opens a session
        if hasattr(demo._queue, "sleep_when_free"):  # Gradio's own setting, not public API
            demo._queue.sleep_when_free = QUEUE_POLL_S
        app = gr.mount_gradio_app(
            app,
            demo,
            path=PATHS[language].rstrip("/") or "/",
            server_name=settings.host,
            server_port=settings.port,
            max_file_size="1mb",  # the public UI takes no files; uploads go to /admin only
            footer_links=[],  # Gradio's own API page is not for the public; ours is linked
            ssr_mode=False,
            css_paths=[STATIC / "app.css"],
            theme=gr.themes.Soft(
                font=["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif"]
            ),
        )
        demos[language] = demo
    return Application(app, demos["zh"], demos, live, reindexer, outbox)


def add_document_routes(app: FastAPI, live: LiveIndex, library: Library) -> None:
    """Whole documents for everyone: /documents/<doc_id> (the cited paragraph at ?c=<chunk>)
    and /documents/<doc_id>/original; a document the live index lacks (deleted) is 404."""

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def whole_document(doc_id: str, c: str = "", lang: str = "zh") -> HTMLResponse:
        words = Words.of("en" if lang == "en" else "zh")
        page = render_document(live.index, doc_id, c, words)
        if page is None:
            raise HTTPException(404, "没有这份文件（可能已被删除）")
        return HTMLResponse(page)

    @app.get("/documents/{doc_id}/original", include_in_schema=False)
    def original(doc_id: str) -> FileResponse:
        if find_document(live.index, doc_id) is None:
            raise HTTPException(404, "没有这份文件（可能已被删除）")
        try:
            path = library.original(doc_id)
        except LibraryError:
            raise HTTPException(404, "原文件不在知识库中") from None
        return FileResponse(path, filename=doc_id)


def serve(app: FastAPI, settings: Settings) -> uvicorn.Server:
    """Serve on settings.host:settings.port (never a share link) until interrupted."""
    server = uvicorn.Server(
        uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning")
    )
    url = f"http://{settings.host}:{settings.port}/"
    print(f"* 青岛自贸片区政策问答: {url}  (管理: {url}admin)", flush=True)
    server.run()
    return server


def serve_in_background(app: FastAPI, settings: Settings) -> tuple[str, uvicorn.Server]:
    """(local URL, server) once the server accepts connections; server.should_exit = True
    stops it."""
    server = uvicorn.Server(
        uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning")
    )
    threading.Thread(target=server.run, name="http", daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://{settings.host}:{settings.port}/", server


def main() -> int:
    """`python app.py`: serve until interrupted; a missing index says how to build it."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # telemetry checks read it at call time
    settings = Settings.from_env()
    try:
        application = build_app(settings)
    except IndexNotReady as error:
        print(f"索引不可用：{error}", file=sys.stderr)
        return 1
    serve(application.app, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
