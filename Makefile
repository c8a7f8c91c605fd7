# Two entry points: `make run` serves the demo claim database, `make test` runs every test.
# Both set up what they need first (a virtual environment in .venv, and for tests
# Debian's chromium and the extension's lint tools).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup browser postgres lint-js clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,postgres]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/recount serve

# Debian's chromium for the browser tests; Playwright drives it (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# PostgreSQL server binaries for the tests that run the store on PostgreSQL.
postgres:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "Installing PostgreSQL for the PostgreSQL tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch node_modules/.installed

lint-js: node_modules/.installed
	npx --no-install web-ext lint --source-dir extension --self-hosted --warnings-as-errors=false

test: $(STAMP) browser postgres node_modules/.installed
	$(BIN)/ruff check server tests benchmarks
	$(BIN)/pytest

clean:
	rm -rf $(VENV) node_modules
