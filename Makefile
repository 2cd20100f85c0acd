# Chumchon: `make run` serves the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-8)
WEB_STAMP := web/node_modules/.installed-$(shell cat web/package-lock.json 2>/dev/null | md5sum | cut -c1-8)
export CHUMCHON_DATABASE_URL ?= sqlite+aiosqlite:///./var/chumchon.db

.PHONY: install run test test-api test-web web openapi migrate seed clean bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# The web app is built when Node is there; without it the API still runs (/docs).
$(WEB_STAMP): web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	rm -f web/node_modules/.installed-*
	touch $@

web: $(WEB_STAMP)
	cd web && npm run build

migrate: install
	mkdir -p var
	$(BIN)/chumchon migrate

seed: migrate
	$(BIN)/chumchon seed-demo

run: install seed
	@if command -v npm >/dev/null 2>&1 && [ -f web/package.json ]; then $(MAKE) web; else echo "npm not found: serving the API only"; fi
	@echo "Chumchon on http://127.0.0.1:8000  (contract: http://127.0.0.1:8000/docs)"
	$(BIN)/chumchon serve --host 127.0.0.1 --port 8000

openapi: install
	$(BIN)/chumchon export-openapi
	@if [ -f web/package.json ] && [ -d web/node_modules ]; then cd web && npm run gen:api; fi

test: test-api test-web

# Every test runs on SQLite, and on PostgreSQL when it answers (always in CI).
test-api: install
	$(BIN)/python -m pytest

test-web: install
	@if [ ! -f web/package.json ]; then echo "no web app yet"; exit 0; fi
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	$(MAKE) $(WEB_STAMP)
	cd web && npm run check:api && npm run typecheck && npm test && npm run build && npm run test:e2e

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var web/node_modules web/dist
