# Two commands on a fresh machine: `make run` serves the questionnaires, `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 5000
FLASK := $(VENV)/bin/flask --app survey_app
BABEL_KEYWORDS := -k _l -k N_ -k lazy_gettext --add-comments=Translators:

.PHONY: run test lint lock format check bench clean translations

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

# The train extra (scikit-learn) too: the tests check that retraining gives the shipped weights, and that the
# learned layer's character grams are scikit-learn's. Without it they would be skipped.
$(VENV)/.test-installed: pyproject.toml $(VENV)/.run-installed
	$(PY) -m pip install --quiet -e '.[test,train]'
	touch $@

# Browser tests use Debian's Chromium (Playwright's own browser download is not reachable offline).
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else echo "Please install Chromium: sudo apt-get install -y chromium" && exit 1; fi

# Same server as production; the access log leaves out addresses, user agents and query strings.
run: $(VENV)/.run-installed
	$(VENV)/bin/pybabel compile -d translations --statistics
	$(FLASK) db upgrade
	$(FLASK) conversations check
	$(FLASK) conversations load
	@# Where set-up links printed by `flask staff create` (in another terminal, without PORT) should point.
	mkdir -p instance && echo "http://127.0.0.1:$(PORT)" > instance/local-address
	$(VENV)/bin/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - \
		--access-logformat '%(m)s %(U)s %(s)s %(M)sms' 'survey_app:create_app()'

# HTML_CodeSniffer, the second accessibility checker the browser tests run beside axe-core. npm only packs it:
# nothing of it runs outside the test browser.
$(VENV)/htmlcs/HTMLCS.js: | $(VENV)/bin/python
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq npm >/dev/null; }
	rm -rf $(VENV)/htmlcs && mkdir -p $(VENV)/htmlcs
	cd $(VENV)/htmlcs && npm pack --silent html_codesniffer@2.5.1 >/dev/null && tar xzf html_codesniffer-2.5.1.tgz \
		&& cp package/build/HTMLCS.js HTMLCS.js && rm -rf package html_codesniffer-2.5.1.tgz

# The analysts' files are checked by independent readers: GNU PSPP (SPSS files), LibreOffice (the workbook)
# and pdftotext (the area report's PDF).
/usr/bin/pspp /usr/bin/soffice /usr/bin/pdftotext:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends \
		pspp libreoffice-calc poppler-utils >/dev/null; \
	else echo "Please install: sudo apt-get install -y pspp libreoffice-calc poppler-utils" && exit 1; fi

test: $(VENV)/.test-installed /usr/bin/chromium $(VENV)/htmlcs/HTMLCS.js /usr/bin/pspp /usr/bin/soffice /usr/bin/pdftotext
	$(VENV)/bin/pybabel compile -d translations
	$(PY) -m pytest

# ruff with its security rules (S, in pyproject.toml), then known vulnerabilities in the locked dependencies
# (skipped with a message where PyPI's advisory service cannot be reached: never a failure for lack of network).
lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/audit_dependencies.py

# The runtime dependencies pinned with hashes: `pip install --require-hashes -r requirements.lock` deploys
# exactly what was tested. Run after changing dependencies in pyproject.toml.
lock: $(VENV)/.test-installed
	$(VENV)/bin/pip-compile --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links --quiet --output-file requirements.lock pyproject.toml

format: $(VENV)/.test-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: $(VENV)/.run-installed
	$(FLASK) conversations check

bench: $(VENV)/.test-installed
	$(PY) bench/page_weight.py
	$(PY) bench/web_journey.py
	$(PY) bench/sms_turns.py
	$(PY) bench/safeguarding.py
	$(PY) bench/startup.py

# Refresh the catalogue template after changing any user-facing text (UI or questionnaire files).
translations: $(VENV)/.run-installed
	$(VENV)/bin/pybabel extract -F pyproject.toml $(BABEL_KEYWORDS) --no-location --sort-output \
		-o translations/messages.pot .
	@for po in translations/*/LC_MESSAGES/messages.po; do [ -f "$$po" ] && \
		$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching; break; done; true

clean:
	rm -rf $(VENV) instance .pytest_cache
