# The two commands of the README: `make run` and `make test`. Both start with `make install`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The links the demo prints and the e-mails carry point at the port actually served (`make run PORT=8001`).
SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: install run test test-fast bench lint migrate demo clean

install: $(VENV)/.installe

$(VENV)/.installe: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	SITE_URL='$(SITE_URL)' $(PY) manage.py demo

run: demo
	@echo "Le back-office sert sur http://127.0.0.1:$(PORT)/ (Ctrl-C pour arrêter)."
	SITE_URL='$(SITE_URL)' $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Two pytest-xdist workers (one database per worker): the serial suite passed 13 minutes of the CI's 20 at issue 11.
# `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n 2

test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

# The pages' bench, then the dues' three (issue 10 point 12), each on PostgreSQL in a database named *bench*:
# the call of a year, one reminder step, the print run (BENCH_LETTRES letters; 10 000 takes a while); then the
# budget's execution report on a year of 20 000 operations (trésorerie, issue 11 point 12).
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_LETTRES ?= 1000,10000
# Each bench runs even when one before it misses its target (a leading « - »: make goes on and says « Erreur …
# (ignorée) »); each bench's own « ÉCHEC » line says which target it missed.
bench: install
	-$(PY) tests/perf/bench.py $(BENCH_ARGS)
	-DATABASE_URL=$(BENCH_PG)/cdom_bench_appel $(PY) tests/perf/bench_appel.py
	-DATABASE_URL=$(BENCH_PG)/cdom_bench_relances $(PY) tests/perf/bench_relances.py
	-DATABASE_URL=$(BENCH_PG)/cdom_bench_tirage $(PY) tests/perf/bench_tirage.py --lettres $(BENCH_LETTRES)
	-DATABASE_URL=$(BENCH_PG)/cdom_bench_budget $(PY) tests/perf/bench_budget.py
	-DATABASE_URL=$(BENCH_PG)/cdom_bench_fec $(PY) tests/perf/bench_fec.py

# ruff, then the layer contract of pyproject.toml ([tool.importlinter]): services never import a door.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) var/
