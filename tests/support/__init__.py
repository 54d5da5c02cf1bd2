"""Helpers shared by the tests: small corpora and index, hand-made PDFs and eval records,
a stub OpenAI-protocol LLM server, the app as a subprocess, and an HTML safety check."""
