"""Debian's Chromium for Playwright (never downloaded) and where screenshots land.

Example:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
"""

from __future__ import annotations

from settings import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "var" / "screenshots"  # git-ignored; for a person to look at
AXE = ROOT / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"  # `make browser`
# axe-core's findings a user is hurt by; "moderate" and "minor" are reported, not failed
SERIOUS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """Serious or critical accessibility violations on the page as it is now (axe-core)."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [v for v in found if v["impact"] in SERIOUS]
