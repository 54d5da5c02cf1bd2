"""Every prompt and every canned sentence lives in prompts/, rendered strictly.

prompts/*.txt are the LLM prompts (one file each); prompts/wording.toml holds the short
user-facing texts (refusals, notes, tags) and, under [ui], every label of the pages. An
entry is a string, or {zh = "…", en = "…"} when the reader may read it in English; a
library in English renders the en text of such entries. A placeholder is {name}; a
literal brace is {{ or }}. Rendering fails when a placeholder has no value or a value has
no placeholder, so a renamed variable is caught by the test that renders every prompt.

Example:
    prompts = PromptLibrary.load()
    prompts.render("target_tag", label="规划目标", date="2021年6月") -> "（规划目标，2021年6月发布）"
    prompts.render("target_tag", label="规划目标") -> PromptError: target_tag needs {date}
    prompts.in_language("en").render("ui.tab_chat") -> "Ask"
"""

from __future__ import annotations

import functools
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
WORDING = "wording.toml"
LANGUAGES = ("zh", "en")  # zh first: the documents' language and the default
Entry = str | dict[str, str]  # one text, or one text per language


class PromptError(KeyError):
    """A prompt rendered with a missing or unexpected variable, or an unknown prompt name."""


def placeholders(template: str) -> set[str]:
    """The {names} a template needs: "共{n}条，见{where}" -> {"n", "where"}."""
    names = set()
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise PromptError(f"placeholder {{{name}}} must be a plain name")
        names.add(name)
    return names


def _entries(table: dict, prefix: str = "") -> dict[str, Entry]:
    """wording.toml as flat names: a table of languages is one entry, any other table a
    namespace ([ui] title -> "ui.title")."""
    entries: dict[str, Entry] = {}
    for key, value in table.items():
        name = prefix + key
        if isinstance(value, dict) and value and set(value) <= set(LANGUAGES):
            if "zh" not in value:
                raise PromptError(f"{name} has no zh text")
            entries[name] = value
        elif isinstance(value, dict):
            entries.update(_entries(value, name + "."))
        else:
            entries[name] = value
    return entries


@dataclass(frozen=True)
class PromptLibrary:
    templates: dict[str, Entry]
    language: str = "zh"  # which text of a bilingual entry render() uses

    @classmethod
    def load(cls, folder: Path = PROMPTS_DIR) -> PromptLibrary:
        """Read prompts/*.txt (name = file stem) and the entries of prompts/wording.toml."""
        templates = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
        wording = _entries(tomllib.loads((folder / WORDING).read_text(encoding="utf-8")))
        clash = templates.keys() & wording.keys()
        if clash:
            raise PromptError(f"defined twice in {folder}: {', '.join(sorted(clash))}")
        return cls({**templates, **wording})

    def in_language(self, language: str) -> PromptLibrary:
        """The same texts, rendered in `language` ("zh" | "en") where an entry has it."""
        if language not in LANGUAGES:
            raise PromptError(f"no texts in language {language!r}")
        return PromptLibrary(self.templates, language)

    def variants(self, name: str) -> dict[str, str]:
        """Every language's text of an entry: {"zh": …} or {"zh": …, "en": …}."""
        entry = self.templates[name]
        return {"zh": entry} if isinstance(entry, str) else dict(entry)

    def render(self, name: str, **values: object) -> str:
        """The template with every placeholder filled; values are inserted verbatim."""
        if name not in self.templates:
            raise PromptError(f"no prompt named {name!r} in prompts/")
        texts = self.variants(name)
        template = texts.get(self.language, texts["zh"])
        needed = placeholders(template)
        missing, extra = needed - values.keys(), values.keys() - needed
        if missing or extra:
            wants = ", ".join(f"{{{n}}}" for n in sorted(missing)) or "nothing more"
            unused = f" (unexpected: {', '.join(sorted(extra))})" if extra else ""
            raise PromptError(f"{name} needs {wants}{unused}")
        return template.format_map({k: str(v) for k, v in values.items()})


@functools.cache
def wording(language: str = "zh") -> PromptLibrary:
    """The prompts folder read once per process, rendered in `language` ("zh" | "en")."""
    return PromptLibrary.load().in_language(language)
