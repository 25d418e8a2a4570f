# Kurzer Draht: `make run` serves the app with demo data, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app matchmaker
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: run test lint bench load install install-test messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever pyproject.toml changes.
$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test,dev]'
	@touch $@ $(VENV)/.installed-app

# axe-core for the accessibility checks in the browser tests (skipped without npm, unless
# REQUIRE_BROWSER=1); reinstalled whenever its lock file changes.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: accessibility checks will be skipped"; fi

install: $(VENV)/.installed-app

install-test: $(VENV)/.installed-test $(AXE)

run: install
	$(FLASK) db upgrade
	$(FLASK) districts load --if-empty
	$(FLASK) demo load --if-empty
	@echo ""
	@echo "Kurzer Draht läuft gleich auf http://127.0.0.1:5000"
	@echo "Demo-Zugänge (Passwort jeweils: kurzer-draht-demo):"
	@echo "  Betrieb:       betrieb@example.org"
	@echo "  Beratung:      beratung@example.org"
	@echo "  Koordination:  koordination@example.org"
	@echo "E-Mails landen ohne MAIL_SERVER als .eml-Dateien in instance/outbox/."
	@echo ""
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .

# The load test at city scale: gunicorn, PostgreSQL, Redis and a worker (bench/load/run.py).
load: install-test
	$(BIN)/python -m bench.load.run

# Import timings on SQLite; set BENCH_DATABASE_URL to time PostgreSQL as well.
bench: install-test
	$(BIN)/python -m bench.bench_import
	$(BIN)/python -m bench.bench_lists
	$(BIN)/python -m bench.bench_api
	$(BIN)/python -m bench.bench_matching
	$(BIN)/python -m bench.eval_occupations
	$(BIN)/python -m bench.bench_save
	$(BIN)/python -m bench.bench_rebuild
	$(BIN)/python -m bench.bench_evaluation
	$(BIN)/python -m bench.bench_digests

# Collect every translatable string into messages.pot (for an English translation later).
messages: install-test
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _l -o translations/messages.pot .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
