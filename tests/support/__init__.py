"""Helpers of the robustness tests: small corpora, the app as a subprocess, a stub LLM server."""
