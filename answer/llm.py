"""The generative model: any OpenAI-compatible chat endpoint (vLLM, Ollama, a cloud
provider) through langchain-openai. The only module of answer/ that imports langchain.

Every failure of the endpoint (refused connection, HTTP error, malformed reply, a reply
slower than Settings.llm_timeout_s in total) surfaces as LLMUnavailable, so the caller
can fall back to the extractive answer with a visible note.

Example:
    chat = ChatClient.from_settings(Settings(llm_base_url="http://127.0.0.1:8000/v1",
                                             llm_model="qwen2.5-7b-instruct"))
    "".join(chat.stream("你是……", "问题：……")) -> "……缩减至半天[1]。"
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from settings import Settings

if TYPE_CHECKING:  # langchain loads only when an endpoint is configured (2 s off app start)
    from langchain_openai import ChatOpenAI

NO_KEY = "not-needed"  # local servers ignore the key, but the client insists on one
MAX_OUTPUT_TOKENS = 400  # a short answer; also bounds what a misbehaving model can send


class LLMUnavailable(RuntimeError):
    """The endpoint failed or timed out; str(error) says why in a few words."""


class ChatClient:
    def __init__(self, model: ChatOpenAI, timeout_s: float) -> None:
        self._model = model
        self._timeout_s = timeout_s

    @classmethod
    def from_settings(cls, settings: Settings) -> ChatClient:
        from langchain_openai import ChatOpenAI

        model = ChatOpenAI(
            model=settings.llm_model or "default",
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key or NO_KEY,
            timeout=settings.llm_timeout_s,
            max_retries=0,  # a retry doubles the wait of a user who has a fallback at hand
            temperature=0,
            max_completion_tokens=MAX_OUTPUT_TOKENS,
        )
        return cls(model, settings.llm_timeout_s)

    def stream(self, system: str, user: str) -> Iterator[str]:
        """Text deltas of the reply; raises LLMUnavailable on any failure or overall timeout."""
        deadline = time.monotonic() + self._timeout_s
        from langchain_core.messages import HumanMessage, SystemMessage

        messages = [SystemMessage(system), HumanMessage(user)]
        try:
            for chunk in self._model.stream(messages):
                if time.monotonic() > deadline:
                    raise LLMUnavailable(f"超过{self._timeout_s:g}秒未完成")
                if isinstance(chunk.content, str) and chunk.content:
                    yield chunk.content
        except LLMUnavailable:
            raise
        except Exception as error:  # the boundary to a remote service: any failure means fallback
            raise LLMUnavailable(_reason(error)) from error

    def complete(self, system: str, user: str) -> str:
        """The whole reply as one string (used for short tasks such as rewriting)."""
        return "".join(self.stream(system, user))


def _reason(error: Exception) -> str:
    """A few words for the note shown to the user: "超时", "HTTP 500", "无法连接"."""
    status = getattr(error, "status_code", None)
    if status:
        return f"HTTP {status}"
    name = type(error).__name__
    if "Timeout" in name:
        return "超时"
    return "无法连接" if "Connection" in name else name
