# Two commands do all the set-up: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/taskforce
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) SECRET_KEY=test-only-secret-key-that-is-long-enough-for-checks-0123456789 SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
# Debian packages: gettext compiles translations, pango & co. render PDFs, chromium runs browser tests,
# Java runs the Nu Html Checker (vnu.jar from package.json).
RUN_DEBS := gettext libmagic1 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils openjdk-17-jre-headless
# What makemessages must not read: installed packages, generated files, tests.
MAKEMESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=var --ignore=tests --ignore=scripts --ignore=test-artifacts --ignore=mutants
# wrk loads the app in `make bench`.
BENCH_DEBS := $(RUN_DEBS) wrk

.PHONY: lock run test mutate bench assets messages makemessages debs-run debs-test debs-bench lint clean

.venv/.installed-run: requirements.lock
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --require-hashes --no-deps -r requirements.lock
	touch $@

.venv/.installed-dev: requirements-dev.lock .venv/.installed-run
	$(PIP) install -q --require-hashes --no-deps -r requirements-dev.lock
	touch $@

# requirements*.txt name what we use directly; the lock files pin everything beneath them, with hashes,
# and are what gets installed. After changing a requirements file: `make lock` (README: Upgrading a package).
# The dev lock is constrained by the run lock, so both install the same version of a shared package.
# The machine's own pip configuration (local wheel folders) is left out, so the hashes are PyPI's.
UV_COMPILE := env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL .venv/bin/uv pip compile -q --no-config \
	--generate-hashes --universal --python-version 3.11 --no-header --no-annotate --index-url https://pypi.org/simple
lock:
	test -x $(PY) || python3 -m venv .venv
	test -x .venv/bin/uv || $(PIP) install -q "$$(grep '^uv==' requirements-dev.txt)"
	$(UV_COMPILE) $(UV_ARGS) -o requirements.lock requirements.txt
	$(UV_COMPILE) $(UV_ARGS) -c requirements.lock -o requirements-dev.lock requirements-dev.txt

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Front-end packages are installed from package.json and copied, never committed.
assets: node_modules/.installed
	mkdir -p static/vendor
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map static/vendor/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/

# Installs missing Debian packages (needs root, as on this project's machines).
debs-run:
	@missing=$$(for p in $(RUN_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

debs-test:
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

debs-bench:
	@missing=$$(for p in $(BENCH_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

# Compiles the catalogue; `make makemessages` brings it up to date with the source after a text changed.
messages: .venv/.installed-run
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=mutants -v 0

makemessages: .venv/.installed-run
	DEBUG=true $(PY) manage.py makemessages -l en --no-obsolete --no-location $(MAKEMESSAGES_IGNORE) -v 0
	DEBUG=true $(PY) manage.py makemessages -l en -d djangojs --no-obsolete --no-location $(MAKEMESSAGES_IGNORE) -v 0 2>/dev/null || true

run: debs-run .venv/.installed-run assets messages
	mkdir -p var
	DEBUG=true $(PY) manage.py migrate --no-input -v 0
	DEBUG=true $(PY) manage.py seed_taskforce --demo-users
	DEBUG=true $(PY) manage.py setup_schedule
	@echo "Taskforce: http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/, mail lands in var/mail/)"
	DEBUG=true .venv/bin/honcho start -f Procfile

# Coverage of the app's code (pyproject.toml [tool.coverage]) is printed; below the floor the run fails.
# The floor sits a few points under the 98% measured without the browser and fault tests (December 2026).
# For a run of a few tests only: make test PYTEST_ARGS=tests/... COV_ARGS=
COVERAGE_FLOOR := 95
COV_ARGS ?= --cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR)

# The whole suite runs in TEST_WORKERS processes (pytest-xdist, a test database and browser each), then
# the fault tests alone, since they stop and restart the shared PostgreSQL, Redis and SMTP servers.
# PYTEST_OPTS go to both runs (CI: --create-db); PYTEST_ARGS run just those tests, in one process.
# worksteal: an idle worker takes tests queued for a busy one, so a few long walks do not end the run alone.
TEST_WORKERS ?= 3
test: debs-test .venv/.installed-dev assets messages
	@$(TEST_ENV) $(PY) scripts/check_services.py
ifeq ($(strip $(PYTEST_ARGS)),)
	$(TEST_ENV) $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal --ignore=tests/faults $(if $(COV_ARGS),--cov --cov-report=) $(PYTEST_OPTS)
	$(TEST_ENV) $(PY) -m pytest tests/faults $(if $(COV_ARGS),--cov-append) $(COV_ARGS) $(PYTEST_OPTS)
else
	$(TEST_ENV) $(PY) -m pytest $(COV_ARGS) $(PYTEST_OPTS) $(PYTEST_ARGS)
endif

# Mutation testing (mutmut, pyproject.toml [tool.mutmut]) of the rule functions below, each mutant
# against the fast tests that call it; fails listing every mutant that no test kills.
MUTANTS := "workstreams.status.*" "taskforce.permissions.*" "taskforce.spreadsheets.x_neutralise__mutmut_*" \
	"mailings.mail.x_delivery_claim__mutmut_*" "mailings.mail.x_claim_timeout__mutmut_*" "mailings.mail.x_send_one__mutmut_*" \
	"workstreams.services.x_action_update__mutmut_*" "workstreams.services.xǁActionConflictǁ*" "registers.kpi_rules.*"

mutate: .venv/.installed-dev messages
	@$(TEST_ENV) $(PY) scripts/check_services.py
	rm -rf mutants
	$(TEST_ENV) .venv/bin/mutmut run $(MUTANTS)
	$(PY) scripts/mutate_report.py $(MUTANTS)

# Latency, throughput and query counts at three data scales, and the digest's speed (README: Measuring speed).
bench: debs-bench .venv/.installed-dev assets messages
	$(PY) scripts/bench.py $(BENCH_ARGS)

# The same checks as the pre-commit hooks (.pre-commit-config.yaml); settings in pyproject.toml.
lint: .venv/.installed-dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DEBUG=true .venv/bin/mypy
	.venv/bin/djlint --lint templates */templates
	.venv/bin/lint-imports

clean:
	rm -rf .venv node_modules static/vendor var mutants
