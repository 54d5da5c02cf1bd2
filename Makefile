# One command runner: make run | replicas | test | lint | eval | bench | index
VENV   ?= .venv
PY     := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export TOKENIZERS_PARALLELISM := false

.PHONY: setup browser nginx index run replicas test lint format eval bench feedback clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -r requirements.txt
	touch $@

# Debian's Chromium for the browser tests (Playwright never downloads a browser here), and
# axe-core from npm, which the browser tests inject to check accessibility.
AXE := var/node/node_modules/axe-core/axe.min.js
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk; }
	@test -f $(AXE) || { command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm; }; \
	  npm install --silent --no-audit --no-fund --prefix var/node axe-core@4.10.3; }

# Debian's nginx in front of several app processes (make replicas, and the tests of it).
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { apt-get update -qq && apt-get install -y -qq nginx-light; }

index: setup
	$(PY) -m ingest

run: index
	$(PY) app.py

# N app processes behind nginx on 127.0.0.1:8080 (set QA_DATABASE_URL to share PostgreSQL).
N ?= 2
replicas: index nginx
	$(PY) -m serving --replicas $(N)

test: setup browser nginx
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

eval: index
	$(PY) -m eval

bench: index
	$(PY) -m bench

feedback: setup
	$(PY) -m feedback

clean:
	rm -rf var
