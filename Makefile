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

# slides needs node and npm: `npm ci` installs the pinned reveal.js, MathJax 2, require.js, jQuery
# and theme fonts of slides/package-lock.json into build/slides-npm/ (again only when the lock
# changes), and they are copied to build/slides/vendor/, so the decks work with no network.
slides: $(STAMP)  ## static reveal.js slides of every notebook in build/slides/
	@command -v npm >/dev/null \
	  || { echo "make slides needs node and npm: apt-get install nodejs npm"; exit 1; }
	test -f build/slides-npm/node_modules/.package-lock.json \
	  && cmp -s slides/package-lock.json build/slides-npm/package-lock.json \
	  || { mkdir -p build/slides-npm && cp slides/package*.json build/slides-npm/ \
	       && npm ci --prefix build/slides-npm --ignore-scripts --no-audit --no-fund \
	            --loglevel=warn; }
	rm -rf build/slides/vendor
	mkdir -p build/slides/vendor/reveal.js build/slides/vendor/mathjax/config \
	  build/slides/vendor/mathjax/fonts/HTML-CSS/TeX build/slides/vendor/fonts
	cd build/slides-npm/node_modules && V=../../slides/vendor \
	  && cp -R reveal.js/dist reveal.js/plugin reveal.js/LICENSE $$V/reveal.js/ \
	  && cp -R mathjax/MathJax.js mathjax/LICENSE mathjax/extensions mathjax/jax \
	       mathjax/localization $$V/mathjax/ \
	  && cp mathjax/config/TeX-AMS_CHTML-full.js mathjax/config/Safe.js $$V/mathjax/config/ \
	  && cp -R mathjax/fonts/HTML-CSS/TeX/woff mathjax/fonts/HTML-CSS/TeX/otf \
	       $$V/mathjax/fonts/HTML-CSS/TeX/ \
	  && cp requirejs/require.js jquery/dist/jquery.min.js $$V/ \
	  && cp -R @fontsource/lato @fontsource/news-cycle $$V/fonts/ \
	  && sed -i.orig '/@import url(https:\/\/fonts.googleapis.com/d' $$V/reveal.js/dist/theme/*.css \
	  && rm $$V/reveal.js/dist/theme/*.orig
	$(BIN)/jupyter nbconvert --to slides --output-dir build/slides notebooks/*.ipynb \
	  --template-file slides/template/offline.html.j2 --reveal-prefix vendor/reveal.js \
	  --HTMLExporter.mathjax_url='vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe' \
	  --HTMLExporter.require_js_url=vendor/require.js \
	  --HTMLExporter.jquery_url=vendor/jquery.min.js

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
