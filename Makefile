# One entry point for people and CI. `make run` and `make test` set everything up themselves.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: install run test lint typecheck wheel-smoke eval bench fuzz check clean

install: $(STAMP)
	@: "our modules' bytecode, so that no command compiles them as it starts: pip compiles a"
	@: "regular install, but an editable one only on first import, and never where"
	@: "PYTHONDONTWRITEBYTECODE is set (0.06 s of every start-up)"
	@$(BIN)/python -m compileall -q pipeline models

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "ipclaims needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing ipclaims and its dependencies into $(VENV) (log: $(VENV)/install.log) ..."
	@: "pip and setuptools chatter goes to the log; it is printed only when the install fails"
	@$(BIN)/python -m pip install --quiet --upgrade pip > $(VENV)/install.log 2>&1 \
	  && $(BIN)/python -m pip install --quiet -e ".[dev,ocr]" >> $(VENV)/install.log 2>&1 \
	  || { cat $(VENV)/install.log; echo "install failed (log above)"; exit 1; }
	touch $(STAMP)

run: install  ## process corpus/ into $(OUT)/ and print the summary
	$(BIN)/ipclaims batch corpus/articles --out $(OUT)

test: install  ## the test suite, lint, types and the evaluation gate
	$(BIN)/ruff check pipeline models scripts tests
	$(BIN)/mypy
	$(BIN)/python -m pytest
	$(BIN)/python scripts/evaluate.py corpus --gate scripts/eval_baseline.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/holdout --gate scripts/eval_baseline_holdout.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/holdout2 --gate scripts/eval_baseline_holdout2.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/holdout3 --gate scripts/eval_baseline_holdout3.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/tables --gate scripts/eval_baseline_tables.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/holdout_tables --gate scripts/eval_baseline_holdout_tables.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/holdout_tables2 --gate scripts/eval_baseline_holdout_tables2.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real --gate scripts/eval_baseline_real.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real2 --gate scripts/eval_baseline_real2.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real3 --gate scripts/eval_baseline_real3.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real4 --gate scripts/eval_baseline_real4.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real5 --gate scripts/eval_baseline_real5.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real6 --gate scripts/eval_baseline_real6.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real7 --gate scripts/eval_baseline_real7.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real8 --gate scripts/eval_baseline_real8.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real9 --gate scripts/eval_baseline_real9.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real10 --gate scripts/eval_baseline_real10.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real11 --gate scripts/eval_baseline_real11.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real12 --gate scripts/eval_baseline_real12.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real13 --gate scripts/eval_baseline_real13.json --worst 10
	$(BIN)/python scripts/evaluate.py corpus/real14 --gate scripts/eval_baseline_real14.json --worst 10

lint: install
	$(BIN)/ruff check pipeline models scripts tests
	$(BIN)/ruff format --check pipeline models scripts tests

typecheck: install  ## mypy --strict with the pydantic plugin (settings in pyproject.toml)
	$(BIN)/mypy

# Build the wheel, install it in a fresh venv outside the source tree and run it there: a rule
# table missing from the wheel, or a module that only imports from the checkout, fails here.
wheel-smoke: install
	set -e; tmp=$$(mktemp -d); \
	rm -rf build; \
	: "a stale build/ (an earlier layout of the package) would put old modules in the wheel"; \
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir $$tmp/dist . ; \
	$(PYTHON) -m venv $$tmp/venv; \
	$$tmp/venv/bin/python -m pip install --quiet --upgrade pip; \
	$$tmp/venv/bin/python -m pip install --quiet $$tmp/dist/*.whl; \
	cd $$tmp; \
	venv/bin/ipclaims schema > schema.json; \
	venv/bin/python -c "from pipeline.rules.loading import load_rules; load_rules()"; \
	venv/bin/ipclaims batch $(CURDIR)/corpus/articles --out out --quiet; \
	test -s out/claims.jsonl; \
	echo "wheel-smoke: the installed wheel ran outside the source tree ($$tmp)"

eval: install
	$(BIN)/python scripts/evaluate.py corpus
	$(BIN)/python scripts/evaluate.py corpus/holdout
	$(BIN)/python scripts/evaluate.py corpus/holdout2
	$(BIN)/python scripts/evaluate.py corpus/holdout3
	$(BIN)/python scripts/evaluate.py corpus/tables
	$(BIN)/python scripts/evaluate.py corpus/holdout_tables
	$(BIN)/python scripts/evaluate.py corpus/holdout_tables2
	$(BIN)/python scripts/evaluate.py corpus/real
	$(BIN)/python scripts/evaluate.py corpus/real2
	$(BIN)/python scripts/evaluate.py corpus/real3
	$(BIN)/python scripts/evaluate.py corpus/real4
	$(BIN)/python scripts/evaluate.py corpus/real5
	$(BIN)/python scripts/evaluate.py corpus/real6
	$(BIN)/python scripts/evaluate.py corpus/real7
	$(BIN)/python scripts/evaluate.py corpus/real8
	$(BIN)/python scripts/evaluate.py corpus/real9
	$(BIN)/python scripts/evaluate.py corpus/real10
	$(BIN)/python scripts/evaluate.py corpus/real11
	$(BIN)/python scripts/evaluate.py corpus/real12
	$(BIN)/python scripts/evaluate.py corpus/real13
	$(BIN)/python scripts/evaluate.py corpus/real14

bench: install
	$(BIN)/python scripts/bench.py

check: lint test

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache

fuzz: install  ## ten minutes of fuzzing; prints inputs tried and failures
	$(BIN)/python scripts/fuzz.py --seconds 600
