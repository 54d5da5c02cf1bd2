"""The quality gate: floors (and ceilings) on a full run's overall scores, kept in eval/gate.json.

Example:
    check_gate({"hit@5": 0.90, "false_refusal_rate": 0.0}, {"min": {"hit@5": 0.92}, "max": {}})
    -> ["hit@5 = 0.900 is below the gate's 0.920"]
"""

from __future__ import annotations

import json
from pathlib import Path

GATE_FILE = Path(__file__).with_name("gate.json")


def load_gate(path: Path = GATE_FILE) -> dict[str, dict[str, float]]:
    return json.loads(path.read_text(encoding="utf-8"))


def check_gate(overall: dict, gate: dict[str, dict[str, float]]) -> list[str]:
    """Every gated metric that is missing, below its floor ("min") or above its ceiling ("max")."""
    violations = []
    for bound, limits in gate.items():
        for metric, limit in limits.items():
            value = overall.get(metric)
            if value is None:
                violations.append(f"{metric} was not measured")
            elif bound == "min" and value < limit:
                violations.append(f"{metric} = {value:.3f} is below the gate's {limit:.3f}")
            elif bound == "max" and value > limit:
                violations.append(f"{metric} = {value:.3f} is above the gate's {limit:.3f}")
    return violations
