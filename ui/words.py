"""The pages' wording in the reader's language: every label, hint and note of ui/ is an
entry under [ui] in prompts/wording.toml, in Chinese and English.

The public app is served twice from the same code: Chinese at / and English at /en/
(app.py); each page is built with the Words of its language.

Example:
    words = Words.of("en")
    words("tab_chat") -> "Ask"
    words("lookup.found", count=3) -> "Paragraphs found: 3"
    Words.of("zh")("lookup.found", count=3) -> "找到 3 段"
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from answer.prompts import LANGUAGES, PromptLibrary

if TYPE_CHECKING:
    from ingest.model import DocumentInfo

PATHS = {"zh": "/", "en": "/en/"}  # where each language's app is mounted


@dataclass(frozen=True)
class Words:
    prompts: PromptLibrary  # in the page's language

    @classmethod
    @cache
    def of(cls, language: str = "zh") -> Words:
        return cls(PromptLibrary.load().in_language(language))

    @property
    def language(self) -> str:
        return self.prompts.language

    @property
    def other(self) -> str:
        """The language the switch leads to."""
        return next(code for code in LANGUAGES if code != self.language)

    @property
    def home(self) -> str:
        """Where this language's app is served."""
        return PATHS[self.language]

    def __call__(self, name: str, **values: object) -> str:
        return self.prompts.render(f"ui.{name}", **values)

    def known(self, name: str) -> str | None:
        """The entry's text, or None when wording.toml has no entry of that name (a value
        that comes from the data, such as an unusual validity)."""
        return self(name) if f"ui.{name}" in self.prompts.templates else None

    def status(self, document: DocumentInfo) -> str:
        """The document's validity in the reader's language ("" when it does not say)."""
        if self.language == "zh" or not document.status:
            return document.status
        stated = document.validity or "已失效"
        validity = self.known(f"validity.{stated}") or stated
        if document.replaced_by:
            return self("documents.replaced", validity=validity, title=document.replaced_by)
        return validity
