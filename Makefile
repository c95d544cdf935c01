# Ruralités — the two commands a user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint chromium clean bench

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "Impossible de créer l'environnement Python : installez python3-venv (apt-get install python3-venv)."; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

run: $(VENV)/.installed
	@mkdir -p data
	$(VENV)/bin/ruralites db upgrade
	$(VENV)/bin/streamlit run serve.py --server.port $(PORT) --server.headless true

chromium:
	@scripts/ensure-chromium.sh

# Test-only JavaScript: axe-core, which the kiosk accessibility test injects into the page.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm est introuvable : installez Node.js et npm (apt-get install nodejs npm)."; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

test: $(VENV)/.installed-test chromium node_modules/.installed
	$(VENV)/bin/ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .

bench: $(VENV)/.installed-test
	$(PY) benchmarks/submissions.py

clean:
	rm -rf $(VENV) .pytest_cache node_modules
