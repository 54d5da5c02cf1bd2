"""The browser front end's helpers: HTML rendering, chat behaviour, API records (no Gradio)."""
