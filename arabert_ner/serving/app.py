"""The FastAPI app: routes, a request middleware (ids, API key, one log line each) and one JSON error shape.

    app = create_app(load_tagger("models/quickstart", [], None))

Every answer other than 200 is ``{"error": {"status", "code", "message", "request_id"[, "document"]}}``.
No route reads or writes files of the server: the page is read from the package once, at start, and
/docs serves Swagger UI's own files from the fastapi-offline package.
"""
from __future__ import annotations

import hmac
import json
import logging
import os
import re
import time
import uuid
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..config import ServingConfig
from ..tagging.stream import merge_record
from .batcher import Batcher
from .inputs import JSONL_TYPES, ApiError, parse_documents

log = logging.getLogger("arabert_ner.serving")
access_log = logging.getLogger("arabert_ner.serving.access")

FROM_ENV = object()  # create_app(api_key=...): read the key from settings.api_key_env
# A load balancer's probe, and the page (static; it asks for the key itself) with the icon browsers ask for.
OPEN_PATHS = ("/healthz", "/", "/favicon.ico")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_CODES = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed",
          413: "request_too_large", 415: "unsupported_media_type", 422: "invalid_request"}

DOCUMENT_SCHEMA = {"type": "object", "required": ["text"], "additionalProperties": True, "properties": {
    "id": {"description": "Kept as given; default request:N (N counts from 1).", "example": "a1"},
    "text": {"type": "string", "example": "قتل 3 أشخاص في انفجار في بغداد أمس"}}}
RECORD_SCHEMA = {"type": "object", "description": "predict.py's record: id, text, entities, casualties, totals, "
                                                  "then the document's other fields unchanged.",
                 "properties": {"id": {}, "text": {"type": "string"},
                                "entities": {"type": "array", "items": {"type": "object"}},
                                "casualties": {"type": "array", "items": {"type": "object"}},
                                "totals": {"type": "object"}}}
ERROR_SCHEMA = {"type": "object", "properties": {"error": {"type": "object", "properties": {
    "status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"},
    "request_id": {"type": "string"}, "document": {"type": "integer"}}}}}


def error_response(status: int, code: str, message: str, request_id: str | None,
                   document: int | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"status": status, "code": code, "message": message, "request_id": request_id}
    if document is not None:
        body["document"] = document
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _json(payload: Any, media_type: str = "application/json") -> Response:
    return Response(json.dumps(payload, ensure_ascii=False), media_type=media_type)


class RequestMiddleware:
    """Give every request an id (``X-Request-ID``, kept when the client sends a sane one), check the API key,
    and log one line per request: client, method, path, status, milliseconds, documents, id."""

    def __init__(self, app, api_key: str | None):
        self.app = app
        self.api_key = api_key.encode() if api_key else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        rid = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        started = time.perf_counter()
        status = [500]

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            if self.api_key is not None and scope["path"] not in OPEN_PATHS and not self._authorised(headers):
                await error_response(401, "unauthorized", "this server needs an API key: send 'Authorization: "
                                     "Bearer KEY' or 'X-API-Key: KEY'", rid,
                                     headers={"WWW-Authenticate": "Bearer"})(scope, receive, send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
        finally:
            client = scope.get("client") or ("-", 0)
            access_log.info("%s %s %s %d %.1fms docs=%s id=%s", client[0], scope["method"], scope["path"],
                            status[0], 1000 * (time.perf_counter() - started), state.get("documents", "-"), rid)

    def _authorised(self, headers: dict[bytes, bytes]) -> bool:
        given = headers.get(b"x-api-key")
        auth = headers.get(b"authorization", b"")
        if given is None and auth[:7].lower() == b"bearer ":
            given = auth[7:].strip()
        return given is not None and hmac.compare_digest(given, self.api_key)


async def read_body(request: Request, limit: int) -> bytes:
    """The body, or 413 as soon as it is known to pass ``limit`` bytes (from Content-Length or while reading)."""
    declared = request.headers.get("content-length")
    too_large = ApiError(413, "request_too_large", f"the body passes the limit of {limit:,} bytes "
                                                   f"(serving.max_request_bytes); split the request")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def page_html() -> str:
    """The web page, with the highlight colours and legend of :mod:`arabert_ner.tagging.render` filled in."""
    from ..tagging.render import legend_html, render_css

    page = resources.files("arabert_ner.serving").joinpath("static", "index.html").read_text(encoding="utf-8")
    return page.replace("/*RENDER_CSS*/", render_css()).replace("<!--LEGEND-->", legend_html())


def model_info(tagger, settings: ServingConfig, api_key_required: bool) -> dict[str, Any]:
    """What ``GET /v1/model`` answers: the model, its labels and engines, versions, licence and limits."""
    import platform

    from ..model.loading import resolve_device
    from ..publishing.card import data_license

    cfg = tagger.config
    versions = {"arabert_ner": __version__, "python": platform.python_version()}
    for name in ("torch", "transformers", "fastapi", "uvicorn") + (("onnxruntime",) if cfg.inference.backend == "onnx" else ()):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:  # noqa: BLE001 - a missing optional package is reported as absent
            versions[name] = None
    return {"model": tagger.source, "labels": list(getattr(tagger, "labels", [])),
            "entity_types": [t for t in cfg.labels.types if t not in ("KILLED", "INJURED")],
            "casualty_engine": tagger.casualty_engine, "backend": cfg.inference.backend,
            "precision": cfg.inference.precision, "device": resolve_device(cfg.inference.device),
            "license": data_license(cfg.data.licenses), "data_licenses": list(cfg.data.licenses),
            "versions": versions, "api_key_required": api_key_required,
            "limits": {"max_documents": settings.max_documents, "max_request_bytes": settings.max_request_bytes,
                       "max_batch_documents": settings.max_batch_documents,
                       "batch_wait_ms": settings.batch_wait_ms}}


def create_app(tagger, settings: ServingConfig | None = None, *, api_key: str | None | object = FROM_ENV) -> FastAPI:
    """The app for a loaded tagger (``Tagger`` or ``RulesOnlyTagger``); settings default to ``tagger.config.serving``.

    ``api_key``: by default the value of the environment variable ``settings.api_key_env`` (unset or empty:
    no key needed); pass a string or None to decide here."""
    settings = settings or tagger.config.serving
    if api_key is FROM_ENV:
        api_key = os.environ.get(settings.api_key_env) or None
    batcher = Batcher(tagger.predict, settings.max_batch_documents, settings.batch_wait_ms / 1000)
    info = model_info(tagger, settings, api_key is not None)
    page = page_html()
    # FastAPIOffline: FastAPI whose /docs loads Swagger UI from the package, not from a CDN (works offline).
    app = FastAPIOffline(title="arabert-ner", version=__version__, lifespan=_lifespan(batcher, info, api_key),
                         redoc_url=None,
                         description="Arabic named entities and casualty counts, with offsets into the text as "
                                     "given. `POST /v1/tag` takes predict.py's input and returns predict.py's records.")
    app.state.batcher = batcher
    app.state.tagger = tagger
    _add_middleware(app, settings, api_key)
    _add_error_handlers(app)
    _add_tagging_routes(app, tagger, settings, batcher)
    _add_info_routes(app, info, page)
    return app


def _lifespan(batcher: Batcher, info: dict[str, Any], api_key: str | None):
    """Start the batcher with the app, and stop it (answering what it still holds) when the app stops."""
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await batcher.start()
        log.info("serving %s (%s %s, casualty engine %s)%s", info["model"], info["backend"], info["precision"],
                 info["casualty_engine"], "; API key required" if api_key else "")
        try:
            yield
        finally:
            await batcher.stop()

    return lifespan


def _add_middleware(app: FastAPI, settings: ServingConfig, api_key: str | None) -> None:
    app.add_middleware(RequestMiddleware, api_key=api_key)
    if settings.cors_origins:  # outside the key check, so that preflight requests (which carry no key) pass
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "Authorization", "X-API-Key", "X-Request-ID"],
                           expose_headers=["X-Request-ID"])


def _add_error_handlers(app: FastAPI) -> None:
    """Every error, ours, Starlette's, validation's or unexpected, as the one JSON error shape."""
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, e: ApiError):
        return error_response(e.status, e.code, e.message, request.state.request_id, e.document)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, e: StarletteHTTPException):
        return error_response(e.status_code, _CODES.get(e.status_code, "error"), str(e.detail),
                              request.state.request_id, headers=getattr(e, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, e: RequestValidationError):
        first = e.errors()[0] if e.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return error_response(422, "invalid_request", f"{where}: {first.get('msg', 'invalid request')}",
                              request.state.request_id)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, e: Exception):
        rid = request.scope.get("state", {}).get("request_id")
        log.error("request %s failed: %s: %s", rid, type(e).__name__, e, exc_info=e)
        return error_response(500, "internal_error", f"unexpected server error (the server log has the details "
                                                     f"under request id {rid})", rid)


def _add_tagging_routes(app: FastAPI, tagger, settings: ServingConfig, batcher: Batcher) -> None:
    """``POST /v1/tag`` and ``POST /v1/incidents``: both read predict.py's input and tag it through the batcher."""
    async def tagged_records(request: Request):
        body = await read_body(request, settings.max_request_bytes)
        parsed = parse_documents(body, request.headers.get("content-type"), settings.max_documents)
        request.state.documents = len(parsed.documents)
        tagged = await batcher.submit([d["text"] for d in parsed.documents])
        return parsed, [merge_record(d, t) for d, t in zip(parsed.documents, tagged)]

    @app.post("/v1/tag", summary="Tag documents: predict.py's input in, predict.py's records out",
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": {"oneOf": [DOCUMENT_SCHEMA,
                                                            {"type": "array", "items": DOCUMENT_SCHEMA}]}},
                  "application/x-ndjson": {"schema": {"type": "string", "description": "one document per line"}}}}},
              responses={200: {"description": "One record for one document sent as an object, a list for a "
                                                "list, JSONL lines for JSONL",
                               "content": {"application/json": {"schema": {"oneOf": [
                                   RECORD_SCHEMA, {"type": "array", "items": RECORD_SCHEMA}]}},
                                   "application/x-ndjson": {"schema": {"type": "string"}}}},
                         **{s: {"description": d, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
                            for s, d in ((400, "malformed JSON or invalid UTF-8"), (401, "API key missing or wrong"),
                                         (413, "body or number of documents over the limits"),
                                         (415, "not JSON or JSONL"), (422, "a document of the wrong shape"))}})
    async def tag(request: Request) -> Response:
        parsed, records = await tagged_records(request)
        if parsed.jsonl:
            return Response("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                            media_type=JSONL_TYPES[0])
        return _json(records[0] if parsed.single else records)

    @app.post("/v1/incidents", summary="Articles (predict.py's input, with date and source) in, incidents out",
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": {"type": "array", "items": DOCUMENT_SCHEMA}},
                  "application/x-ndjson": {"schema": {"type": "string", "description": "one article per line"}}}}})
    async def incidents(request: Request) -> Response:
        """Tag the articles as /v1/tag does, then group their casualty mentions into incidents (the same
        :func:`arabert_ner.incidents.build_incidents` as ``arabert-ner incidents``)."""
        from arabert_ner.incidents import build_incidents

        _, records = await tagged_records(request)
        return _json({"incidents": build_incidents(records, tagger.config)})


def _add_info_routes(app: FastAPI, info: dict[str, Any], page: str) -> None:
    """What the server is (``/v1/model``), whether it runs (``/healthz``), and the page."""
    @app.get("/v1/model", summary="The model: labels, engines, backend, versions, licence and the server's limits")
    async def model() -> Response:
        return _json(info)

    @app.get("/healthz", summary="Liveness: 200 while the server runs (never needs the API key)")
    async def healthz() -> Response:
        return _json({"status": "ok"})

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204)  # none: spares the page's console a 404

    @app.get("/", include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(page)


def app_for_model(model: str | None, overrides: list[str] | None = None, config=None, **kwargs) -> FastAPI:
    """Load the model once (as predict.py does: run_config.yaml, then overrides) and build its app."""
    from ..tagging.tagger import load_tagger

    tagger = load_tagger(model, list(overrides or []), config)
    return create_app(tagger, **kwargs)
