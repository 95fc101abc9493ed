# The course's commands. Each one first makes .venv (Python 3.11+) with the pinned requirements.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test check slides site student student-repo nbgrader class-bench bench links translations notebooks clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "bpcourse needs Python 3.11 or newer, found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $(STAMP)

# --allow-root: containers and many cloud machines run as root, where JupyterLab refuses to start
# without it; for any other user it changes nothing. LAB_ARGS adds options, e.g. --port=8899.
# JupyterLab serves the repository, so the file browser reaches every language's notebooks
# (notebooks/, translations/<lang>/); COURSE_LANGUAGE=fa or zh_CN opens the Persian or Chinese 00.
lab: $(STAMP)  ## open the course in JupyterLab (COURSE_LANGUAGE=fa or zh_CN: in Persian or Chinese)
	@test -z "$(COURSE_LANGUAGE)" -o -d "translations/$(COURSE_LANGUAGE)" \
	  || { echo "no course in COURSE_LANGUAGE=$(COURSE_LANGUAGE): there are $(TRANSLATED)"; exit 2; }
	$(BIN)/jupyter lab --allow-root --notebook-dir=. $(LAB_ARGS) \
	  $(if $(COURSE_LANGUAGE),translations/$(COURSE_LANGUAGE),notebooks)/00_welcome.ipynb

test: $(STAMP)  ## everything CI runs: lint, unit tests, nbval, student edition, Binder, browser
	$(BIN)/ruff check bpcourse tests benchmarks tools hub site
	$(BIN)/python -m pytest -n 2 --dist loadscope

check: $(STAMP)  ## the quick tier while you work: lint, unit tests and nbval (no slow tests)
	$(BIN)/ruff check bpcourse tests benchmarks tools hub site
	$(BIN)/python -m pytest -n 2 --dist loadscope -m "not slow"

# The languages the course is translated into: the folders of translations/ (make translations).
TRANSLATED := $(notdir $(wildcard translations/*))

# nbconvert's options for a deck that works offline, for decks $(1) away from build/slides/
# (nothing for build/slides/, ../ for build/slides/<lang>/): they all share build/slides/vendor/.
# The template's filter writing_direction is bpcourse.language's, which way a language is written.
deck_options = --template-file slides/template/offline.html.j2 --reveal-prefix $(1)vendor/reveal.js \
  --TemplateExporter.filters=writing_direction=bpcourse.language.direction \
  --HTMLExporter.mathjax_url='$(1)vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe' \
  --HTMLExporter.require_js_url=$(1)vendor/require.js \
  --HTMLExporter.jquery_url=$(1)vendor/jquery.min.js

# slides needs node and npm: `npm ci` installs the pinned reveal.js, MathJax 2, require.js, jQuery
# and theme fonts of slides/package-lock.json into build/slides-npm/ (again only when the lock
# changes), and they are copied to build/slides/vendor/, so the decks work with no network.
# The decks of each translation go to build/slides/<lang>/ (Persian's read right to left).
slides: $(STAMP)  ## static reveal.js slides of every notebook in build/slides/, and of each translation in build/slides/<lang>/
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
	  $(call deck_options,)
	for lang in $(TRANSLATED); do rm -rf build/slides/$$lang \
	  && $(BIN)/jupyter nbconvert --to slides --output-dir build/slides/$$lang \
	       translations/$$lang/*.ipynb $(call deck_options,../) || exit 1; done

# Repository in pyproject.toml is the one home of the repository's address (tools/repository.py).
links: $(STAMP)  ## rewrite the README's Binder/Colab links and the notebooks' Colab install cell from it
	$(BIN)/python -m tools.links

# The English notebooks are the source; locale/<lang>/NN_topic.po hold their translations
# (tools/translations.py), and bpcourse/locale/<lang>/<module>.po what the checks say
# (tools/messages.py). `python -m tools.translations check` and `python -m tools.messages check`
# name what is left to translate.
translations: $(STAMP)  ## refresh the Persian and Chinese catalogs from the notebooks and the code, then write translations/<lang>/
	$(BIN)/python -m tools.translations extract
	$(BIN)/python -m tools.messages extract
	$(BIN)/python -m tools.translations build

student: $(STAMP)  ## the student edition (no solutions, no outputs) in build/student/, and of each translation in build/student-<lang>/
	$(BIN)/python tools/student_edition.py notebooks build/student
	for lang in $(TRANSLATED); do rm -rf build/student-$$lang \
	  && $(BIN)/python tools/student_edition.py translations/$$lang build/student-$$lang \
	  || exit 1; done

# nbgrader, for grades that count (docs/teaching-a-class.md): an nbgrader course folder, one
# assignment per notebook with exercises, graded by the course's checks, a point per check.
nbgrader: $(STAMP)  ## the nbgrader edition (solution regions, graded checks) in build/nbgrader/
	rm -rf build/nbgrader/source
	$(BIN)/python tools/nbgrader_edition.py notebooks build/nbgrader

# What a JupyterHub pulls with nbgitpuller (docs/teaching-a-class.md): each run commits the changes
# on top of the last one. STUDENT_HUB is the hub's address, STUDENT_REPO where the repository is
# pushed (default: Repository in pyproject.toml, branch student). STUDENT_LANGUAGE=fa (or zh_CN)
# hands out that translation instead: build/student-repo-fa/, branch student-fa.
STUDENT_REPO_DIR = build/student-repo$(if $(filter-out en,$(STUDENT_LANGUAGE)),-$(STUDENT_LANGUAGE))
student-repo: $(STAMP)  ## the student edition (STUDENT_LANGUAGE: en, fa, zh_CN) as a git repository in build/student-repo[-<lang>]/, and its nbgitpuller link
	$(BIN)/python tools/student_repo.py $(STUDENT_REPO_DIR) $(if $(STUDENT_LANGUAGE),--language $(STUDENT_LANGUAGE)) $(if $(STUDENT_HUB),--hub $(STUDENT_HUB)) $(if $(STUDENT_REPO),--repo $(STUDENT_REPO))

# A class on a real local JupyterHub (hub/jupyterhub_config.py; its configurable-http-proxy comes
# from hub/package-lock.json, npm ci into build/hub-npm/ only when the lock changes, so it needs
# node and npm). STUDENTS="5 20 40" by default; the figures are in docs/teaching-a-class.md.
class-bench: $(STAMP)  ## memory and times of a class of STUDENTS running a notebook at once on a local hub, and that every progress record arrived once
	$(BIN)/python benchmarks/class_bench.py $(or $(STUDENTS),5 20 40)

# The site in one language: $(1) the language (-D language), $(2) its notebooks' folder, $(3) the
# copy of them that site/reader_cells.py trims, $(4) the folder of its pages.
site_language = mkdir -p $(3) && cp site/*.md $(2)/[0-9][0-9]_*.ipynb $(3)/ \
  && $(BIN)/python site/reader_cells.py $(3) \
  && $(BIN)/sphinx-build -q -W --keep-going -b html -c site -D language=$(1) \
       -d build/site-doctrees/$(1) $(3) $(4)

# site shows the stored outputs (nothing is re-run) and works with no network: Furo bundles its
# styles, MathJax 3 comes from site/package-lock.json (npm ci into build/site-npm/, again only
# when the lock changes), and site/conf.py copies in MathJax, the decks of `make slides` and a zip
# of the student edition. -W: a warning fails the build. The site in each translation is built
# the same way from translations/<lang>/ into build/site/<lang>/ (site/languages.py).
site: $(STAMP) slides student  ## the course website in build/site/, in Persian and Chinese in build/site/<lang>/ (see site/conf.py)
	test -f build/site-npm/node_modules/.package-lock.json \
	  && cmp -s site/package-lock.json build/site-npm/package-lock.json \
	  || { mkdir -p build/site-npm && cp site/package*.json build/site-npm/ \
	       && npm ci --prefix build/site-npm --ignore-scripts --no-audit --no-fund \
	            --loglevel=warn; }
	rm -rf build/site build/site-src build/site-src-* build/site-doctrees build/site-locale
	$(call site_language,en,notebooks,build/site-src,build/site)
	for lang in $(TRANSLATED); do \
	  $(call site_language,$$lang,translations/$$lang,build/site-src-$$lang,build/site/$$lang) \
	  || exit 1; done

bench: $(STAMP)  ## speed and memory figures, see benchmarks/README.md
	$(BIN)/python -m pip install --quiet -r benchmarks/requirements.txt
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build

# make notebooks runs the kernel with PyTorch beside the course, so that the stored comparisons
# with its autograd (09) are real. PyTorch's CPU build is installed once into build/torch-<version>/
# (about 0.9 GB), outside .venv: `make test`, CI and students never have it, and only the
# kernel sees it (tools/torch_kernel.py). The pin names the CPU build (+cpu), so pip never takes
# a CUDA one: it comes from a wheel on disk (pip's find-links) or from PyTorch's CPU index,
# `make notebooks TORCH_INDEX=https://download.pytorch.org/whl/cpu`.
TORCH_VERSION := 2.13.0+cpu
TORCH := build/torch-$(TORCH_VERSION)

$(TORCH)/complete: $(STAMP) tools/torch_kernel.py
	rm -rf $(TORCH) $(TORCH).building
	$(BIN)/python -m pip install --quiet --target $(TORCH).building/site-packages \
	  $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX)) torch==$(TORCH_VERSION)
	mv $(TORCH).building $(TORCH)
	$(BIN)/python tools/torch_kernel.py $(TORCH) $(BIN)/python
	touch $@

notebooks: $(STAMP) $(TORCH)/complete  ## re-run every notebook in a fresh kernel (with PyTorch) and store its outputs (then review the diff)
	BPCOURSE_PROGRESS=off JUPYTER_PATH=$(abspath $(TORCH)) $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False notebooks/*.ipynb
