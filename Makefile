# MusicCorp — `make run` starts everything, `make test` runs what CI runs.
SHELL := /bin/bash
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= 2
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# The machine's own PostgreSQL serves the production-profile tests (each creates and drops its own database).
export MUSICCORP_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres

.PHONY: setup run test test-fast lint check-architecture browser bench clean pacts

$(UV):
	@python3 -m venv $(TOOLS)
	@$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml $(wildcard libs/*/pyproject.toml ops/*/pyproject.toml services/*/pyproject.toml thirdparty/*/pyproject.toml)
	@$(UV) sync --frozen --all-groups --quiet
	@touch $@

setup: $(VENV)/.synced

run: setup
	@$(BIN)/musiccorp up

lint: setup
	@$(BIN)/ruff check libs ops services thirdparty e2e bench tests

check-architecture: setup
	@$(BIN)/python ops/checks/architecture.py

# Browser tests drive Debian's Chromium; install it when missing (root only), else they skip and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium not installed: browser tests will be skipped"; }

test: setup browser lint check-architecture
	@$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

# The inner loop: unit and contract tests of every package, the architecture and docs checks (no system started).
test-fast: setup
	@$(BIN)/pytest -n $(PYTEST_WORKERS) -q $(wildcard libs/*/tests/unit services/*/tests/unit services/*/tests/contract) tests

bench: setup
	@$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(TOOLS) .musiccorp

# Rewrite the consumer-driven contracts under contracts/pacts/ from the consumers' tests.
pacts: setup
	@MUSICCORP_UPDATE_PACTS=1 $(BIN)/pytest -q services -k pact
