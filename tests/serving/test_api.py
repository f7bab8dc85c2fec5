"""The HTTP API in-process (FastAPI's TestClient): predict.py's records, every bad input a 4xx JSON error,
the API key, request ids, CORS, the batcher, and every backend of predict.py."""
from __future__ import annotations

import asyncio
import json
import logging
import shutil
import subprocess
import sys

import pytest

from ..conftest import ROOT
from ..tagging.test_tagger import ENV

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

DOCS = [json.loads(l) for l in (ROOT / "data" / "test.jsonl").read_text(encoding="utf-8").splitlines()][:12]
DOCS = [{"id": f"d{i}", "text": d["text"], "source": "test.jsonl"} for i, d in enumerate(DOCS)]
DOCS.append({"id": "casualties", "text": "قتل 3 أشخاص وأصيب 12 آخرون بينهم طفلان في انفجار في بغداد أمس 🚨"})
DOCS.append({"id": "empty", "text": ""})


@pytest.fixture(scope="module")
def tagger(trained_model):
    from arabert_ner.tagging.tagger import load_tagger

    return load_tagger(str(trained_model), [], None)


@pytest.fixture(scope="module")
def client(tagger):
    from arabert_ner.serving import create_app

    with TestClient(create_app(tagger, api_key=None)) as c:
        yield c


@pytest.fixture(scope="module")
def small_client(tagger):
    """Tight limits, so that oversize bodies stay small in the test."""
    from arabert_ner.config import ServingConfig
    from arabert_ner.serving import create_app

    with TestClient(create_app(tagger, ServingConfig(max_request_bytes=2000, max_documents=3), api_key=None)) as c:
        yield c


def _jsonl(docs) -> bytes:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs).encode("utf-8")


def _still_serving(client) -> None:
    r = client.post("/v1/tag", json={"id": "after", "text": "قتل 3 أشخاص في بغداد"})
    assert r.status_code == 200 and r.json()["casualties"][0]["count"] == 3


def test_records_are_exactly_predict_py_output_for_the_same_documents(client, trained_model, tmp_path):
    source = tmp_path / "docs.jsonl"
    source.write_bytes(_jsonl(DOCS))
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "predict.py", "--model", str(trained_model), "--input", str(source),
                           "--output", str(out)], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    expected = out.read_text(encoding="utf-8")
    as_jsonl = client.post("/v1/tag", content=source.read_bytes(), headers={"Content-Type": "application/x-ndjson"})
    assert as_jsonl.status_code == 200 and as_jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert as_jsonl.text == expected  # byte for byte, as predict.py writes them
    records = [json.loads(l) for l in expected.splitlines()]
    assert client.post("/v1/tag", json=DOCS).json() == records
    assert client.post("/v1/tag", json=DOCS[-2]).json() == records[-2]  # one object in, one record out
    assert any(r["entities"] for r in records) and records[-2]["totals"] == {"killed": 3, "injured": 12}


def test_empty_text_is_a_valid_empty_record(client):
    r = client.post("/v1/tag", json={"id": 7, "text": ""})
    assert r.status_code == 200
    rec = r.json()
    assert (rec["id"], rec["text"], rec["entities"], rec["casualties"]) == (7, "", [], [])
    assert set(rec["totals"]) == {"killed", "injured"}


def test_documents_without_id_get_request_and_number_and_other_fields_are_kept(client):
    r = client.post("/v1/tag", json=[{"text": "أصيب شرطيان", "url": "https://x/1"}, {"text": "", "n": [1, 2]}])
    assert [(x["id"], x.get("url"), x.get("n")) for x in r.json()] == [("request:1", "https://x/1", None),
                                                                        ("request:2", None, [1, 2])]
    assert client.post("/v1/tag", json=[]).json() == []


BAD = [
    ("malformed JSON", b'{"text": "x"', "application/json", 400, "malformed_json"),
    ("empty body", b"", "application/json", 400, "malformed_json"),
    ("NaN is not JSON", b'{"text": "x", "v": NaN}', "application/json", 400, "malformed_json"),
    ("nested too deeply", b"[" * 100000 + b"]" * 100000, "application/json", 400, "malformed_json"),
    ("invalid UTF-8", '{"text": "قتل'.encode() + b'\xff\xfe"}', "application/json", 400, "invalid_utf8"),
    ("body is a number", b"42", "application/json", 422, "invalid_document"),
    ("text is a number", b'{"text": 3}', "application/json", 422, "invalid_document"),
    ("text is missing", b'{"id": "a"}', "application/json", 422, "invalid_document"),
    ("list of strings", b'["a", "b"]', "application/json", 422, "invalid_document"),
    ("duplicate ids", b'[{"id": 1, "text": "a"}, {"id": 1, "text": "b"}]', "application/json", 422, "invalid_document"),
    ("lone surrogate", b'{"text": "a\\ud800b"}', "application/json", 422, "invalid_document"),
    ("JSONL with a bad line", b'{"text": "a"}\n{"text": \n', "application/x-ndjson", 400, "malformed_json"),
    ("wrong content type", b'{"text": "a"}', "text/plain", 415, "unsupported_media_type"),
    ("form content type", b"text=a", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ("no content type", b'{"text": "a"}', None, 415, "unsupported_media_type"),
    ("a charset other than UTF-8", b'{"text": "a"}', "application/json; charset=latin-1", 415, "unsupported_media_type"),
]


@pytest.mark.parametrize("name,body,content_type,status,code", BAD, ids=[b[0] for b in BAD])
def test_every_bad_input_is_a_4xx_json_error_and_the_server_keeps_serving(client, name, body, content_type,
                                                                          status, code):
    headers = {"Content-Type": content_type} if content_type else {}
    r = client.post("/v1/tag", content=body, headers=headers)
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["code"] == code and err["status"] == status and err["message"] and "Traceback" not in r.text
    assert err["request_id"] == r.headers["x-request-id"]
    _still_serving(client)


def test_invalid_document_errors_name_the_document(client):
    r = client.post("/v1/tag", json=[{"text": "a"}, {"text": "b"}, {"text": None}])
    assert r.json()["error"]["document"] == 3 and r.json()["error"]["message"].startswith("document 3: ")
    r = client.post("/v1/tag", content=b'{"text": "a"}\n\n{"text": 1}\n', headers={"Content-Type": "application/x-ndjson"})
    assert r.status_code == 422 and r.json()["error"]["message"].startswith("line 3: ")


def test_oversize_bodies_and_too_many_documents_are_413(small_client):
    big = json.dumps({"text": "قتل " * 1000}, ensure_ascii=False).encode()
    r = small_client.post("/v1/tag", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"

    def chunks():  # no Content-Length: the limit must hold while the body streams in
        for _ in range(10):
            yield b" " * 500
    r = small_client.post("/v1/tag", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"
    r = small_client.post("/v1/tag", json=[{"text": "a"}] * 4)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_many_documents"
    assert small_client.post("/v1/tag", json=[{"text": "a"}] * 3).status_code == 200
    _still_serving(small_client)


def test_odd_but_valid_text_is_tagged_with_offsets_into_it(client):
    text = "\ufeffعـــاجل: مقتل100 شخص\u200f في حلب 🚨🚨 وأصيب ١٥ آخرون"
    body = "\ufeff" + json.dumps({"id": "odd", "text": text}, ensure_ascii=False)  # a BOM before the body too
    r = client.post("/v1/tag", content=body.encode(), headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 200
    rec = r.json()
    assert rec["text"] == text and {c["count"] for c in rec["casualties"]} == {100, 15}
    for span in rec["entities"] + rec["casualties"]:
        assert text[span["start"]:span["end"]] == span["text"]


def test_unknown_routes_and_methods_are_json_errors(client):
    r = client.get("/v1/nothing")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = client.get("/v1/tag")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_model_healthz_page_and_openapi(client, tagger):
    info = client.get("/v1/model").json()
    assert info["labels"] == tagger.labels and info["backend"] == "torch" and info["precision"] == "fp32"
    assert info["casualty_engine"] == tagger.casualty_engine and info["versions"]["torch"]
    assert info["license"] and info["limits"]["max_documents"] == 100 and info["api_key_required"] is False
    assert client.get("/healthz").json() == {"status": "ok"}
    page = client.get("/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text and "/*RENDER_CSS*/" not in page.text
    assert "mark.KILLED { background: #ff8787; }" in page.text and "<script src" not in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing fetched from elsewhere
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()  # Swagger UI from the package: offline
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/tag", "/v1/model", "/healthz"} <= set(paths)
    assert "application/x-ndjson" in paths["/v1/tag"]["post"]["requestBody"]["content"]


def test_request_ids_are_kept_or_made_and_each_request_logs_one_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="arabert_ner.serving.access"):
        r = client.post("/v1/tag", json={"text": "قتل جندي"}, headers={"X-Request-ID": "story-42"})
        other = client.get("/healthz")
    assert r.headers["x-request-id"] == "story-42"
    assert len(other.headers["x-request-id"]) == 32
    lines = [m.getMessage() for m in caplog.records if m.name == "arabert_ner.serving.access"]
    assert len(lines) == 2 and "POST /v1/tag 200" in lines[0] and "docs=1 id=story-42" in lines[0]
    bad = client.get("/healthz", headers={"X-Request-ID": "no spaces <allowed>"})
    assert bad.headers["x-request-id"] != "no spaces <allowed>"


def test_api_key_guards_every_endpoint_but_healthz_and_the_page(tagger, monkeypatch):
    from arabert_ner.serving import create_app

    monkeypatch.setenv("ARABERT_NER_API_KEY", "s3cret")
    with TestClient(create_app(tagger)) as c:  # the key comes from the environment variable
        assert c.get("/healthz").status_code == 200 and c.get("/").status_code == 200
        for method, path in (("get", "/v1/model"), ("post", "/v1/tag"), ("get", "/openapi.json"), ("get", "/docs")):
            r = getattr(c, method)(path)
            assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized", path
        assert c.get("/v1/model", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/v1/model", headers={"Authorization": "Bearer s3cret"}).json()["api_key_required"] is True
        r = c.post("/v1/tag", json={"text": "قتل جندي"}, headers={"X-API-Key": "s3cret"})
        assert r.status_code == 200 and r.json()["totals"]["killed"] == 1
    monkeypatch.setenv("ARABERT_NER_API_KEY", "")
    with TestClient(create_app(tagger)) as c:  # empty: no key
        assert c.get("/v1/model").status_code == 200


def test_cors_is_off_unless_configured(client, tagger):
    from arabert_ner.config import ServingConfig
    from arabert_ner.serving import create_app

    preflight = {"Origin": "https://newsroom.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    assert "access-control-allow-origin" not in client.options("/v1/tag", headers=preflight).headers
    assert "access-control-allow-origin" not in client.get("/healthz", headers={"Origin": preflight["Origin"]}).headers
    with TestClient(create_app(tagger, ServingConfig(cors_origins=["https://newsroom.example"]), api_key="k")) as c:
        r = c.options("/v1/tag", headers=preflight)  # a preflight carries no key, and passes
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://newsroom.example"


def test_batcher_groups_concurrent_requests_and_isolates_a_failing_one():
    from arabert_ner.serving.batcher import Batcher

    calls = []

    def tag(texts):
        calls.append(list(texts))
        if "boom" in texts:
            raise ValueError("boom")
        return [t.upper() for t in texts]

    async def scenario():
        b = Batcher(tag, max_documents=4, wait_s=0.05)
        await b.start()
        try:
            requests = [["a"], ["b", "c"], ["d"], ["boom"], ["e", "f", "g", "h", "i"], ["j"]]
            return await asyncio.gather(*(b.submit(r) for r in requests), return_exceptions=True)
        finally:
            await b.stop()

    results = asyncio.run(scenario())
    assert results[:3] == [["A"], ["B", "C"], ["D"]] and isinstance(results[3], ValueError)
    assert results[4] == ["E", "F", "G", "H", "I"] and results[5] == ["J"]
    assert ["a", "b", "c", "d"] in calls  # three requests in one call of the tagger
    assert ["e", "f", "g", "h", "i"] in calls  # larger than a batch: alone
    assert all(len(c) <= 4 for c in calls if c != ["e", "f", "g", "h", "i"])


def test_concurrent_http_requests_share_tagger_calls(tagger):
    import httpx

    from arabert_ner.config import ServingConfig
    from arabert_ner.serving import create_app

    app = create_app(tagger, ServingConfig(max_batch_documents=8, batch_wait_ms=50), api_key=None)

    async def scenario():
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
                rs = await asyncio.gather(*(c.post("/v1/tag", json={"id": i, "text": DOCS[i]["text"]})
                                            for i in range(8)))
            return rs, app.state.batcher.batches

    responses, batches = asyncio.run(scenario())
    assert [r.json()["id"] for r in responses] == list(range(8))
    assert batches < 8
    expected = tagger.predict([d["text"] for d in DOCS[:8]])
    assert [r.json()["entities"] for r in responses] == [t["entities"] for t in expected]


@pytest.fixture(scope="module")
def exported(trained_model, tmp_path_factory):
    from arabert_ner.model.export import export_onnx

    model = tmp_path_factory.mktemp("serve-onnx") / "model"
    shutil.copytree(trained_model, model)
    export_onnx(model)
    return model


@pytest.mark.parametrize("overrides", [["inference.precision=int8"], ["inference.backend=onnx"],
                                       ["inference.backend=onnx", "inference.precision=int8"]],
                         ids=["torch-int8", "onnx-fp32", "onnx-int8"])
def test_every_backend_of_predict_py_serves_its_records(exported, overrides):
    from arabert_ner.tagging.stream import merge_record
    from arabert_ner.tagging.tagger import load_tagger
    from arabert_ner.serving import app_for_model

    with TestClient(app_for_model(str(exported), overrides, api_key=None)) as c:
        info = c.get("/v1/model").json()
        served = c.post("/v1/tag", json=DOCS).json()
    backend = dict(o.split("=") for o in overrides)
    assert info["backend"] == backend.get("inference.backend", "torch")
    assert info["precision"] == backend.get("inference.precision", "fp32")
    direct = load_tagger(str(exported), overrides, None)
    assert served == [merge_record(d, r) for d, r in zip(DOCS, direct.predict([d["text"] for d in DOCS]))]


def test_rules_engine_serves_without_a_model():
    from arabert_ner.serving import app_for_model

    with TestClient(app_for_model(None, ["casualties.engine=rules"], api_key=None)) as c:
        rec = c.post("/v1/tag", json={"text": "قتل 3 أشخاص"}).json()
        assert rec["entities"] == [] and rec["totals"]["killed"] == 3
        assert c.get("/v1/model").json()["casualty_engine"] == "rules"


def test_command_help_lists_the_serving_settings():
    def run(*args):
        return subprocess.run([sys.executable, "-m", "arabert_ner.cli", "serve", *args], cwd=ROOT, env=ENV,
                              capture_output=True, text=True)

    help_ = run("--help")
    assert help_.returncode == 0 and "--max-batch-documents" in help_.stdout and "curl" in help_.stdout
    keys = run("--help-config").stdout
    for key in ("serving.max_batch_documents", "serving.batch_wait_ms", "serving.max_request_bytes",
                "serving.max_documents", "serving.api_key_env", "serving.cors_origins"):
        assert key in keys
    bad = run("--casualty-engine", "rules", "serving.max_documents=0")
    assert bad.returncode == 2 and "serving.max_documents" in bad.stderr and "Traceback" not in bad.stderr


def test_incidents_endpoint_groups_the_articles_reports(client):
    """Articles in, incidents out: the demo articles report the same attack in different words."""
    docs = [json.loads(l) for l in (ROOT / "data" / "demo_articles.jsonl").read_text(encoding="utf-8").splitlines()]
    r = client.post("/v1/incidents", json=docs)
    assert r.status_code == 200, r.text
    incidents = r.json()["incidents"]
    from arabert_ner.incidents import build_incidents
    from arabert_ner.tagging.stream import merge_record

    tagged = [merge_record(d, t) for d, t in zip(docs, client.app.state.tagger.predict([d["text"] for d in docs]))]
    assert incidents == json.loads(json.dumps(build_incidents(tagged, client.app.state.tagger.config),
                                              ensure_ascii=False))
    assert any(len(i["sources"]) >= 2 for i in incidents)  # one attack, several articles
    bad = client.post("/v1/incidents", content=b"{not json", headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "malformed_json"
    _still_serving(client)
