# make demo: install, build the tiny offline model, train it on data/, evaluate it, tag a sample article,
# then turn the demo articles into incidents (table printed, report in models/demo_incidents/report.html).
# make test: install and run the tests.
# make serve: the HTTP API and web page for models/quickstart at http://127.0.0.1:8000/.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# Everything here runs offline; without these, each hub lookup hangs for about 50 s.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1

.PHONY: install tiny demo train evaluate predict incidents test stats corpus soak export bench silver real-casualty-data docs clean serve bench-serve chromium

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,onnx,serve]"
	touch $@

tiny: install
	@if [ -f models/tiny-bert/model.safetensors ]; then echo "models/tiny-bert exists"; \
	else $(VENV)/bin/arabert-ner tiny-model --output-dir models/tiny-bert; fi

train: tiny
	$(PY) train.py --config configs/quickstart.yaml --overwrite

evaluate: install
	$(PY) evaluate.py --model models/quickstart

predict: install
	$(PY) predict.py --model models/quickstart --input data/sample_article.txt --format text

# The rule engine keeps the incidents demo deterministic (no model involved).
incidents: install
	$(VENV)/bin/arabert-ner incidents --input data/demo_articles.jsonl --casualty-engine rules \
	    --output-dir models/demo_incidents

demo: train evaluate predict incidents

test: install
	$(PY) -m pytest -q --durations=15

stats: install
	$(VENV)/bin/arabert-ner stats data/train.jsonl data/dev.jsonl data/test.jsonl --config configs/quickstart.yaml

corpus: install
	$(PY) data/compose_corpus.py
	$(PY) data/compose_casualty_gold.py

soak: install
	$(PY) bench/soak.py --model models/quickstart --documents 20000

export: install
	$(VENV)/bin/arabert-ner export --model models/quickstart

bench: install
	$(PY) bench/inference.py --sentences 150 --articles 3 --output docs/bench_inference.json

silver: install
	$(VENV)/bin/arabert-ner silver label --input ../shared/data/saudinewsnet/casualty_candidates.jsonl \
	    --model models/quickstart --output models/silver.jsonl --license CC-BY-NC-SA-4.0

# Real training data for configs/real_casualties_tiny.yaml (read from ../shared, written under models/).
REAL := models/real-data
SNN := ../shared/data/saudinewsnet/casualty_candidates.jsonl
real-casualty-data: install
	mkdir -p $(REAL)
	$(PY) -m arabert_ner.cli silver label --conll --input ../shared/data/anercorp/train.txt --label-map anercorp \
	    --output $(REAL)/anercorp.jsonl --license CC-BY-SA-4.0
	$(PY) -m arabert_ner.cli silver label --conll --input ../shared/data/aqmar/aqmar.txt --label-map aqmar \
	    --output $(REAL)/aqmar.jsonl --license CC-BY-SA-3.0
	$(PY) -m arabert_ner.cli silver label --conll --input ../shared/data/newsfane/newsfane_gold.txt --label-map newsfane \
	    --output $(REAL)/newsfane.jsonl --license CC-BY-SA-3.0
	$(PY) -m arabert_ner.cli silver label --paragraphs --input $(SNN) --output $(REAL)/saudinewsnet_silver.jsonl \
	    --exclude data/real_casualties/test.jsonl data/real_casualties/dev.jsonl data/real_casualties/dev2.jsonl data/real_casualties/dev3.jsonl data/real_casualties/dev4.jsonl data/real_casualties/dev5.jsonl data/real_casualties/dev6.jsonl data/real_casualties/dev7.jsonl \
	    data/real_casualties/dev8.jsonl data/real_casualties/dev9.jsonl data/real_casualties/dev10.jsonl --license CC-BY-NC-SA-4.0

# The worked-examples table of docs/annotation.md, from arabert_ner/casualties/casebook.yaml.
docs: install
	$(PY) -c "from arabert_ner.casualties.casebook import update_doc; update_doc('docs/annotation.md')"

serve: install
	$(VENV)/bin/arabert-ner serve --model models/quickstart

bench-serve: install
	$(PY) bench/serve.py --model models/quickstart --requests 2000 --concurrency 32 --output docs/bench_serve.json

# Debian's chromium for the page's browser test (tests/serving/test_browser.py); needs root for apt-get.
chromium:
	@if command -v chromium >/dev/null 2>&1; then echo "chromium: $$(command -v chromium)"; \
	else apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi

clean:
	rm -rf models/tiny-bert models/quickstart .pytest_cache
