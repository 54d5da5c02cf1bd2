"""青岛自贸片区政策问答: the Gradio shell over answer/ and index/ (chat, lookup, documents),
mounted in one FastAPI app with the staff 管理 area (/admin, admin/web.py).

Run: `python app.py` (host, port, index from QA_* settings; `make run` builds the index first).
API: Client(url).predict("2020年工业总产值是多少？", [], api_name="/ask") -> answer record;
     Client(url).predict("四证一单", [], 10, "", "", api_name="/lookup") -> ranked paragraphs.
"""

import os
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import gradio as gr
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse
from sqlalchemy.exc import SQLAlchemyError

from admin.reindex import LiveIndex, Reindexer
from admin.web import Unauthorized, admin_router, unauthorized_page
from api.docs import render_openapi
from api.v1 import api_router, validation_error
from feedback.store import FeedbackStore, apply_vote
from index.store import IndexNotReady
from registry.database import Registry
from registry.library import Library, LibraryError
from registry.outbox import Outbox
from registry.queries import apply_query, log_answer
from settings import Settings
from ui.api import ask_record
from ui.chat import SOURCE_HINT, open_citation, record_vote, stream_turns
from ui.conversation import render_conversation
from ui.document_page import render_document
from ui.documents import render_documents
from ui.lookup_tab import PRIVATE, add_lookup_tab
from ui.source import find_document, render_source_placeholder

TITLE = "青岛自贸片区政策问答"
SUBTITLE = "依据中国(山东)自贸试验区青岛片区的规划与报道作答，每句话都标注原文出处。"
EXAMPLES = (
    "2020年青岛自贸片区的工业总产值是多少？",
    "进口原油“先放后检”模式节省了多少时间？",
    "青岛市集成电路产业园计划到2025年完成多少投资？",
    "青岛自贸片区有多少项创新举措获国家和省级复制推广？",
)
CONCURRENCY = 2  # answers at once: the machine has 2 cores; the queue holds the rest
QUEUE_SIZE = 64  # waiting requests beyond this are turned away instead of piling up
SESSIONS_KEPT = 500  # every API call opens a session; keep memory level under load
STATIC = Path(__file__).resolve().parent / "ui" / "static"
ACTIONS_JS = (STATIC / "actions.js").read_text(encoding="utf-8")


def build_demo(
    settings: Settings,
    live: LiveIndex | None = None,
    store: FeedbackStore | None = None,
    library: Library | None = None,
    outbox: Outbox | None = None,
) -> gr.Blocks:
    """The public app. It answers from `live` (loaded here when not given), whose index a
    re-index replaces whole: each request reads live.index / live.assistant once."""
    live = live or LiveIndex(settings)
    store = store or FeedbackStore.from_settings(settings)
    replica = f"{settings.host}:{settings.port}"

    def chat_turn(question: str, turns: list, conversation: str):
        question = question.strip()  # the assistant itself shortens an overlong question
        if not question:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        conversation = conversation or uuid.uuid4().hex  # named at its first question
        try:
            for updated in stream_turns(live.assistant, turns, question):
                chat_html = render_conversation(updated)
                yield "", updated, conversation, chat_html, gr.update(visible=False)
            if updated[-1].answer is not None:
                log_answer(outbox, updated[-1].answer, "ui", replica=replica)
        except Exception as error:  # the reader keeps the question and may try again
            yield question, turns, conversation, render_conversation(turns), gr.skip()
            raise gr.Error("回答时出错了，请稍后再试。") from error

    def on_conversation_click(turns: list, conversation: str, event: gr.EventData):
        action, turn = event._data.get("action"), int(event._data.get("turn", -1))
        if action == "cite":
            cited = open_citation(live.index, turns, turn, int(event._data["n"]))
            return gr.skip(), gr.skip(), cited
        updated = record_vote(
            store, conversation, turns, turn, action, event._data.get("value", "")
        )
        return updated, render_conversation(updated), gr.skip()

    def new_conversation():
        source = render_source_placeholder(SOURCE_HINT)
        return [], "", render_conversation([]), source, gr.update(visible=True), ""

    def current_documents() -> str:
        """The 文件 tab as the live index and the registry have it now."""
        try:
            labels = library.version_labels() if library else None
        except SQLAlchemyError:  # the registry is away for a moment: the index alone
            labels = None
        return render_documents(live.index, labels)

    def ask_api(question: str, history: list[str] | None = None) -> dict:
        """Answer one question (earlier questions of the conversation in history, oldest first)."""
        answer = live.assistant.answer(question, list(history or []))
        log_answer(outbox, answer, "gradio", replica=replica)
        return ask_record(answer)

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.HTML(f'<header class="app-header"><h1>{TITLE}</h1><p>{SUBTITLE}</p></header>')
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                turns = gr.State([])
                conversation = gr.State("")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=300):
                        chat = gr.HTML(
                            render_conversation([]), js_on_load=ACTIONS_JS, elem_id="chat-conv"
                        )
                        with gr.Column(elem_id="examples") as examples:
                            gr.HTML("试试这些问题：", elem_classes="examples-label")
                            example_buttons = [gr.Button(q, size="sm") for q in EXAMPLES]
                        question = gr.Textbox(
                            placeholder="输入问题，回车发送",
                            show_label=False,
                            max_length=settings.max_question_chars,
                            submit_btn="发送",
                            elem_id="question",
                        )
                        new_chat = gr.Button("新对话", size="sm", elem_id="new-chat")
                    with gr.Column(scale=2, min_width=300, elem_classes="source-col"):
                        source = gr.HTML(
                            render_source_placeholder(SOURCE_HINT), elem_id="chat-source"
                        )
            with gr.Tab("检索", id="lookup"):
                add_lookup_tab(live, settings, ACTIONS_JS)
            with gr.Tab("文件", id="documents"):
                documents = gr.HTML(render_documents(live.index), elem_id="documents")

        ask_outputs = [question, turns, conversation, chat, examples]
        ask_event = {"concurrency_id": "answer", "concurrency_limit": CONCURRENCY, **PRIVATE}
        question.submit(chat_turn, [question, turns, conversation], ask_outputs, **ask_event)
        for button in example_buttons:
            button.click(lambda q=button.value: q, None, question, queue=False, **PRIVATE).then(
                chat_turn, [question, turns, conversation], ask_outputs, **ask_event
            )
        chat.click(on_conversation_click, [turns, conversation], [turns, chat, source], **PRIVATE)
        new_chat.click(
            new_conversation,
            None,
            [turns, conversation, chat, source, examples, question],
            queue=False,
            **PRIVATE,
        )
        gr.api(ask_api, api_name="ask", concurrency_id="answer", concurrency_limit=CONCURRENCY)
        # the documents as the live index has them now (staff may have changed them)
        demo.load(current_documents, None, documents, queue=False, **PRIVATE)
    return demo


@dataclass
class Application:
    app: FastAPI  # what uvicorn serves
    demo: gr.Blocks  # the public app, mounted at /
    live: LiveIndex
    reindexer: Reindexer
    outbox: Outbox  # votes and query-log rows on their way to the registry


def build_app(settings: Settings) -> Application:
    """One FastAPI app: the staff 管理 area under /admin and the public Gradio app at /."""
    live = LiveIndex(settings)
    live.watch()  # a build published by another replica or `python -m ingest` is picked up
    registry = Registry.open(settings)
    reindexer = Reindexer(settings, live)
    app = FastAPI(
        title="青岛自贸片区政策问答",
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
    demo = build_demo(settings, live, store, library, outbox)
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    demo.state_session_capacity = SESSIONS_KEPT  # every API call opens a session
    mounted = gr.mount_gradio_app(
        app,
        demo,
        path="/",
        server_name=settings.host,
        server_port=settings.port,
        max_file_size="1mb",  # the public UI takes no files; uploads go to /admin only
        footer_links=["api"],
        ssr_mode=False,
        css_paths=[STATIC / "app.css"],
        theme=gr.themes.Soft(
            font=["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif"]
        ),
    )
    return Application(mounted, demo, live, reindexer, outbox)


def add_document_routes(app: FastAPI, live: LiveIndex, library: Library) -> None:
    """Whole documents for everyone: /documents/<doc_id> (the cited paragraph at ?c=<chunk>)
    and /documents/<doc_id>/original; a document the live index lacks (deleted) is 404."""

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def whole_document(doc_id: str, c: str = "") -> HTMLResponse:
        page = render_document(live.index, doc_id, c)
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
