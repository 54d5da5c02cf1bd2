"""docs/manifest.json: what the corpus says about each file (title, issuer, date, kind).

Example: {"plan.txt": {"title": "十四五规划", "date": "2021-06-11", "kind": "plan"}}
    read_manifest(docs) -> ({"plan.txt": ManifestEntry(title="十四五规划", …)}, [])

A file without an entry is still ingested; a broken manifest is reported, not fatal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path

MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class ManifestEntry:
    title: str = ""
    issuer: str = ""
    date: str = ""
    kind: str = ""
    note: str = ""
    doc_number: str = ""  # 发文字号
    validity: str = ""  # 有效 | 已失效 | 已废止
    authors: str = ""  # reporters / editors of a news report
    replaced_by: str = ""  # title of the document that replaces this one
    title_en: str = (
        ""  # how an English reader is told the source: "Qingdao Area 14th Five-Year Plan"
    )
    # what else users call it: ["规划纲要", "规划里", "the plan"] (answer/retrieve.py)
    aliases: tuple[str, ...] = ()


def read_manifest(docs_dir: Path) -> tuple[dict[str, ManifestEntry], list[tuple[str, str]]]:
    """Entries by file name, and (file, reason) for every problem found."""
    path = docs_dir / MANIFEST_NAME
    if not path.is_file():
        return {}, []
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, [(MANIFEST_NAME, f"unreadable manifest, ignored: {error}")]
    if not isinstance(data, dict):
        return {}, [(MANIFEST_NAME, "manifest must map file names to objects, ignored")]
    entries: dict[str, ManifestEntry] = {}
    problems: list[tuple[str, str]] = []
    known = {f.name for f in fields(ManifestEntry)}
    for name, entry in data.items():
        if not isinstance(entry, dict):
            problems.append((MANIFEST_NAME, f"entry for {name!r} is not an object, ignored"))
            continue
        entries[name] = ManifestEntry(**{k: _value(k, v) for k, v in entry.items() if k in known})
        if not (docs_dir / name).is_file():
            problems.append((name, "listed in manifest.json but not found in the docs folder"))
    return entries, problems


def _value(field: str, value: object) -> str | tuple[str, ...]:
    """A field's value as ManifestEntry holds it: aliases a tuple of names, the rest text."""
    if field != "aliases":
        return str(value)
    return tuple(str(name) for name in value) if isinstance(value, list) else (str(value),)
