# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.PHONY: run install migrate seed test test-fast bench lint messages clean

run: migrate
	$(MANAGE) seed_demo --if-empty
	@echo "门户: http://$(HOST)/    管理后台: http://$(HOST)/admin/"
	@# The video worker beside the server (videos convert in the background);
	@# it stops with the server.
	$(MANAGE) db_worker --backend videos --no-startup-delay & \
		trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST)

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "需要 Python 3.11 或更新版本 (Python 3.11+ required)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

migrate: install
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo

# The suite in one process per core (pytest-xdist), then the browser tests in a
# process of their own: they flush the database between tests, which must not
# happen under the other tests' feet. PYTEST_ARGS=... runs just what it names.
TEST_WORKERS ?= auto
test: install
ifeq ($(strip $(PYTEST_ARGS)),)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --ignore=tests/e2e
	$(BIN)/python -m pytest tests/e2e
else
	$(BIN)/python -m pytest $(PYTEST_ARGS)
endif

bench: install
	$(BIN)/python -m tests.perf.bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# For developers with GNU gettext (apt-get install gettext): our Chinese msgids
# into the English catalogue, then every catalogue compiled. The .mo files are
# committed, so `make run` and `make test` need no gettext;
# tests/lms/test_locale_files.py fails when a .mo is stale. The zh_Hans
# catalogue (Wagtail's msgids) is kept by hand, never extracted.
MESSAGES_IGNORE := --ignore='.venv/*' --ignore='var/*' --ignore='static/*' \
	--ignore='tests/*' --ignore='locale/*'
messages: install
	$(MANAGE) makemessages --locale=en --no-obsolete $(MESSAGES_IGNORE)
	$(MANAGE) compilemessages --ignore='.venv'

clean:
	rm -rf $(VENV) var static
