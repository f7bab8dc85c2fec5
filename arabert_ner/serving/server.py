"""Run an app on uvicorn with the ``serving`` settings; uvicorn's access log is replaced by the app's own line."""
from __future__ import annotations

from ..config import ServingConfig


def run(app, settings: ServingConfig) -> None:
    import uvicorn

    # log_config=None: uvicorn logs through the handlers of cli.setup_logging (one format for everything);
    # access_log=False: RequestMiddleware already writes one line per request, with its id.
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, access_log=False,
                timeout_graceful_shutdown=10, server_header=False)
