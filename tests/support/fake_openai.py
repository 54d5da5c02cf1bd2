"""A local stand-in for an LLM service speaking the OpenAI chat-completions protocol.

FakeOpenAI listens on 127.0.0.1 and a free port, plays scripted replies in order (streamed as
server-sent events when the request asks for a stream), and records every request body so a
test can read the prompt the app sent.

Example:
    model = FakeOpenAI(); model.replies = [Reply("缩减至半天[1]。")]
    threading.Thread(target=model.serve_forever, daemon=True).start()
    Settings(llm_base_url=model.base_url, ...)   # then model.requests[-1]["messages"]
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    text: str = ""
    status: int = 200
    delay_s: float = 0.0  # before the first byte
    gap_s: float = 0.0  # between streamed pieces: a model generating as a reader watches


class FakeOpenAI(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: list[Reply] = []
        self.requests: list[dict] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    server: FakeOpenAI

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        reply = self.server.replies.pop(0) if self.server.replies else Reply("")
        time.sleep(reply.delay_s)
        if reply.status != 200:
            self._send(reply.status, "application/json", json.dumps({"error": {"message": "boom"}}))
        elif body.get("stream") and reply.gap_s:
            self._trickle(_events(body["model"], reply.text), reply.gap_s)
        elif body.get("stream"):
            self._send(200, "text/event-stream", "".join(_events(body["model"], reply.text)))
        else:
            message = {"role": "assistant", "content": reply.text}
            choice = {"index": 0, "message": message, "finish_reason": "stop"}
            completion = {"id": "c1", "object": "chat.completion", "created": 0,
                          "model": body["model"], "choices": [choice]}  # fmt: skip
            self._send(200, "application/json", json.dumps(completion, ensure_ascii=False))

    def _send(self, status: int, kind: str, payload: str) -> None:
        data = payload.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _trickle(self, events: Iterator[str], gap_s: float) -> None:
        """Server-sent events one at a time, gap_s apart; the closed connection ends them."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        for event in events:
            self.wfile.write(event.encode("utf-8"))
            self.wfile.flush()
            time.sleep(gap_s)
        self.close_connection = True


def _events(model: str, text: str) -> Iterator[str]:
    """The reply as chat.completion.chunk events of three characters each, then [DONE]."""
    pieces = [text[i : i + 3] for i in range(0, len(text), 3)]
    deltas = [{"content": p} for p in pieces] + [{}]
    for n, delta in enumerate(deltas):
        finish = "stop" if n == len(deltas) - 1 else None
        chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": model,
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}  # fmt: skip
        yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
    yield "data: [DONE]\n\n"
