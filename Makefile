# The course's commands. Each one first makes .venv (Python 3.11+) with the pinned requirements.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test check slides student bench notebooks clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "bpcourse needs Python 3.11 or newer, found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $(STAMP)

# --allow-root: containers and many cloud machines run as root, where JupyterLab refuses to start
# without it; for any other user it changes nothing. LAB_ARGS adds options, e.g. --port=8899.
lab: $(STAMP)  ## open the course in JupyterLab
	$(BIN)/jupyter lab --allow-root --notebook-dir=notebooks $(LAB_ARGS) notebooks/00_welcome.ipynb

test: $(STAMP)  ## everything CI runs: lint, unit tests, nbval, student edition, Binder, browser
	$(BIN)/ruff check bpcourse tests benchmarks tools
	$(BIN)/python -m pytest -n 2 --dist loadscope

check: $(STAMP)  ## the quick tier while you work: lint, unit tests and nbval (no slow tests)
	$(BIN)/ruff check bpcourse tests benchmarks tools
	$(BIN)/python -m pytest -n 2 --dist loadscope -m "not slow"

slides: $(STAMP)  ## static reveal.js slides of every notebook in build/slides/
	$(BIN)/jupyter nbconvert --to slides --output-dir build/slides notebooks/*.ipynb

student: $(STAMP)  ## the student edition (no solutions, no outputs) in build/student/
	$(BIN)/python tools/student_edition.py notebooks build/student

bench: $(STAMP)  ## speed and memory figures, see benchmarks/README.md
	$(BIN)/python -m pip install --quiet -r benchmarks/requirements.txt
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build

notebooks: $(STAMP)  ## re-run every notebook in a fresh kernel and store its outputs (then review the diff)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False notebooks/*.ipynb
