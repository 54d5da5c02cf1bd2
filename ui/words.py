"""The pages' wording in the reader's language: every label, hint and note of ui/ is an
entry under [ui] in prompts/wording.toml, in Chinese and English (the staff area's, of
admin/, under [admin]: Words.of(language, "admin")).

The public app is served twice from the same code: Chinese at / and English at /en/
(app.py); each page is built with the Words of its language.

Example:
    words = Words.of("en")
    words("tab_chat") -> "Ask"
    words("lookup.found", count=3) -> "Paragraphs found: 3"
    Words.of("zh")("lookup.found", count=3) -> "找到 3 段"
    Words.of("en").validity("已失效", replaced_by="新文件") -> "expired (replaced by 《新文件》)"
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from answer.prompts import LANGUAGES, PromptLibrary, wording

if TYPE_CHECKING:
    from ingest.model import DocumentInfo

PATHS = {"zh": "/", "en": "/en/"}  # where each language's app is mounted


@dataclass(frozen=True)
class Words:
    prompts: PromptLibrary  # in the page's language
    section: str = "ui"  # the table of wording.toml: "ui" (public pages) or "admin" (staff)

    @classmethod
    @cache
    def of(cls, language: str = "zh", section: str = "ui") -> Words:
        return cls(wording(language), section)

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
        return self.prompts.render(f"{self.section}.{name}", **values)

    def known(self, name: str) -> str | None:
        """The entry's text, or None when wording.toml has no entry of that name (a value
        that comes from the data, such as an unusual validity)."""
        return self(name) if f"{self.section}.{name}" in self.prompts.templates else None

    def validity(self, stated: str, replaced_by: str = "") -> str:
        """A validity as the manifest states it ("有效", "已失效"), in the reader's language,
        with the document that replaced it."""
        name = f"ui.validity.{stated}"
        shown = self.prompts.render(name) if name in self.prompts.templates else stated
        if replaced_by:
            return self.prompts.render("ui.documents.replaced", validity=shown, title=replaced_by)
        return shown

    def status(self, document: DocumentInfo) -> str:
        """The document's validity in the reader's language ("" when it does not say)."""
        if not document.status:
            return ""
        return self.validity(document.validity or "已失效", document.replaced_by)
