# Every target creates .venv when missing and installs the package once (stamp file).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= seeds/
# Gold files for `make eval`; empty = every known set in ../shared/eval (or $TOOLKIT_EVAL_DIR).
EVAL ?=
# Jupyter refuses to start as root unless told; containers often run as root.
LAB_UID ?= $(shell id -u)
LAB_FLAGS := $(if $(filter 0,$(LAB_UID)),--allow-root,)

.PHONY: demo test lab bench eval install clean notebooks

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -e '.[dev,html,dask]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/toolkit analyze $(CORPUS) --out demo-output --force --charts --html

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider toolkit tests notebooks \
		--nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

# Re-run the curated notebooks in place on the seed, so their committed outputs (which
# nbval compares) follow the code. Run it after changing the toolkit, then review the diff.
# TOOLKIT_CORPUS is unset: committed outputs are always the seed's.
notebooks: $(STAMP)
	cd notebooks && env -u TOOLKIT_CORPUS ../$(BIN)/jupyter nbconvert --to notebook \
		--execute --inplace --ExecutePreprocessor.timeout=300 \
		--ExecutePreprocessor.record_timing=False *.ipynb

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $(LAB_FLAGS)

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

eval: $(STAMP)
	$(BIN)/python -m toolkit eval $(EVAL)

clean:
	rm -rf $(VENV) demo-output
