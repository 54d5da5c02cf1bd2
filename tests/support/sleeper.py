"""A bench worker that never finishes in time: `python -m tests.support.sleeper --result FILE`
sleeps a minute before writing its result (bench/child.py must stop it)."""

import sys
import time
from pathlib import Path

if __name__ == "__main__":
    time.sleep(60)
    Path(sys.argv[-1]).write_text("{}", encoding="utf-8")
