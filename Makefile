# Every target sets itself up on a fresh machine: a virtual environment in .venv with the pinned dependencies.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSIGNMENTS := fc_layer backprop

.PHONY: setup browser demo test lint bench clean

$(STAMP): requirements.txt pyproject.toml student/pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e student/ -e .
	touch $(STAMP)

setup: $(STAMP)

# The browser test's tools: Debian's Chromium (installed only if /usr/bin/chromium is missing) and playwright-core
# pinned by tests/browser/package-lock.json (it downloads no browser of its own).
BROWSER_STAMP := tests/browser/node_modules/.installed

$(BROWSER_STAMP): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --loglevel=error --no-audit --no-fund
	touch $(BROWSER_STAMP)

browser: $(BROWSER_STAMP)
	@test -x /usr/bin/chromium || { echo "Installing Debian's chromium for the browser test"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

demo: setup
	for a in $(ASSIGNMENTS); do $(BIN)/autograder release $$a || exit 1; done
	$(BIN)/python -m sample_class.build .
	for a in $(ASSIGNMENTS); do $(BIN)/autograder grade $$a && $(BIN)/autograder feedback $$a || exit 1; done
	for a in $(ASSIGNMENTS); do $(BIN)/autograder report $$a || exit 1; done
	mkdir -p exports
	for a in $(ASSIGNMENTS); do \
	  $(BIN)/autograder export $$a --to json -o exports/$$a.json && \
	  $(BIN)/autograder export $$a --to csv -o exports/$$a.csv || exit 1; done

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# Grades N=1000 submissions against nbgrader autograde on 10 of them; appends the figures to benchmarks/RESULTS.md.
bench: setup
	$(BIN)/python benchmarks/bench.py --n $${BENCH_N:-1000} --nbgrader 10 --results benchmarks/RESULTS.md

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf release submitted autograded feedback exports report gradebook.db
