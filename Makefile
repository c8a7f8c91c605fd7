# Two entry points: `make run` serves the demo claim database, `make test` runs every test.
# Both set up what they need first (a virtual environment in .venv with what serving needs,
# and for tests their tools, Debian's chromium and the extension's lint tools).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Serving needs the package alone; the tests add their tools and the optional backends.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed

.PHONY: run test setup browser postgres redis lint-js clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[test,postgres,redis]'
	touch $(STAMP)

setup: $(STAMP)

run: $(RUN_STAMP)
	$(BIN)/recount serve --demo

# Debian's chromium (and firefox-esr) for the browser tests; Playwright drives Chromium
# (no browser download), Firefox is driven over WebDriver BiDi.
browser:
	@{ command -v chromium && command -v firefox-esr; } >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium and firefox-esr for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq chromium firefox-esr >/dev/null; }

# PostgreSQL server binaries for the tests that run the store on PostgreSQL.
postgres:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "Installing PostgreSQL for the PostgreSQL tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }

# A Redis server for the tests of rate-limit counters shared between workers.
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
	  echo "Installing Redis for the shared rate-limit tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends redis-server >/dev/null; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch node_modules/.installed

lint-js: node_modules/.installed
	npx --no-install web-ext lint --source-dir extension --self-hosted
	npx --no-install eslint .
	npx --no-install prettier --check extension eslint.config.js

test: $(STAMP) browser postgres redis node_modules/.installed
	$(BIN)/ruff check server tests benchmarks tools
	$(BIN)/mypy server
	$(BIN)/pytest

clean:
	rm -rf $(VENV) node_modules
