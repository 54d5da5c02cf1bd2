"""What a browser would make of a piece of HTML: elements and attributes that run or load.

Example: active_markup('<div>a</div><img src=x onerror=alert(1)>') -> ["img", "img[onerror]"]
"""

from __future__ import annotations

from html.parser import HTMLParser

ACTIVE_TAGS = ("script", "img", "iframe", "object", "embed", "link", "style", "a", "form", "base")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def active_markup(html: str) -> list[str]:
    """Elements or attributes that would run code, load something or navigate: [] when safe."""
    parser = _Elements()
    parser.feed(html)
    risky = []
    for tag, attrs in parser.found:
        if tag in ACTIVE_TAGS:
            risky.append(tag)
        risky += [f"{tag}[{name}]" for name in attrs if name.startswith("on")]
        risky += [f"{tag}[{n}]" for n, v in attrs.items() if "javascript:" in v.lower()]
    return risky
