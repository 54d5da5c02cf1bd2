"""Running several app processes behind nginx (python -m serving)."""
