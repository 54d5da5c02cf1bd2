"""Every prompt and every canned sentence lives in prompts/, rendered strictly.

prompts/*.txt are the LLM prompts (one file each); prompts/wording.toml holds the short
user-facing texts (refusals, notes, tags). A placeholder is {name}; a literal brace is
{{ or }}. Rendering fails when a placeholder has no value or a value has no placeholder,
so a renamed variable is caught by the test that renders every prompt.

Example:
    prompts = PromptLibrary.load()
    prompts.render("target_tag", label="规划目标", date="2021年6月") -> "（规划目标，2021年6月发布）"
    prompts.render("target_tag", label="规划目标") -> PromptError: target_tag needs {date}
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
WORDING = "wording.toml"


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


@dataclass(frozen=True)
class PromptLibrary:
    templates: dict[str, str]

    @classmethod
    def load(cls, folder: Path = PROMPTS_DIR) -> PromptLibrary:
        """Read prompts/*.txt (name = file stem) and the entries of prompts/wording.toml."""
        templates = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
        wording = tomllib.loads((folder / WORDING).read_text(encoding="utf-8"))
        clash = templates.keys() & wording.keys()
        if clash:
            raise PromptError(f"defined twice in {folder}: {', '.join(sorted(clash))}")
        return cls({**templates, **wording})

    def render(self, name: str, **values: object) -> str:
        """The template with every placeholder filled; values are inserted verbatim."""
        if name not in self.templates:
            raise PromptError(f"no prompt named {name!r} in prompts/")
        template = self.templates[name]
        needed = placeholders(template)
        missing, extra = needed - values.keys(), values.keys() - needed
        if missing or extra:
            wants = ", ".join(f"{{{n}}}" for n in sorted(missing)) or "nothing more"
            unused = f" (unexpected: {', '.join(sorted(extra))})" if extra else ""
            raise PromptError(f"{name} needs {wants}{unused}")
        return template.format_map({k: str(v) for k, v in values.items()})
