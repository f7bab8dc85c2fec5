# make demo: install, build the tiny offline model, train it on data/, evaluate it, tag a sample article.
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

.PHONY: install tiny demo train evaluate predict test stats corpus soak export bench silver clean serve bench-serve chromium

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

demo: train evaluate predict

test: install
	$(PY) -m pytest -q

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

serve: install
	$(VENV)/bin/arabert-ner serve --model models/quickstart

bench-serve: install
	$(PY) bench/serve.py --model models/quickstart --requests 2000 --concurrency 32 --output docs/bench_serve.json

# Debian's chromium for the page's browser test (tests/test_serving_browser.py); needs root for apt-get.
chromium:
	@if command -v chromium >/dev/null 2>&1; then echo "chromium: $$(command -v chromium)"; \
	else apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi

clean:
	rm -rf models/tiny-bert models/quickstart .pytest_cache
