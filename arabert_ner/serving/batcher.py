"""Group the documents of concurrent requests into one call of the tagger.

The tagger is fastest on many documents at once (sentences of similar length share a forward pass), while
HTTP clients send one article each. Requests queue here; one worker takes what is queued, waits a short
window for more while the tagger would otherwise idle, and runs the batch on one dedicated thread, so the
event loop keeps accepting requests (and the next batch fills) while the model runs.
"""
from __future__ import annotations

import asyncio
import logging
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

log = logging.getLogger(__name__)


@dataclass
class _Job:
    texts: list[str]
    future: asyncio.Future = field(repr=False)


class Batcher:
    """``await batcher.submit(texts)`` returns ``tag(texts)``, computed together with other requests' texts.

    ``tag`` maps a list of texts to one result per text (``Tagger.predict``). A batch holds whole requests,
    up to ``max_documents`` documents (a larger request runs alone); ``wait_s`` is how long the worker waits
    for more requests before running a batch that is not full."""

    def __init__(self, tag: Callable[[list[str]], list[Any]], max_documents: int = 32, wait_s: float = 0.005):
        self.tag = tag
        self.max_documents = max_documents
        self.wait_s = wait_s
        self._jobs: deque[_Job] = deque()
        self._wake: asyncio.Event | None = None
        self._worker: asyncio.Task | None = None
        # One thread: the model is not shared between concurrent calls, and torch keeps its own intra-op threads.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tagger")
        self.batches = 0
        self.documents = 0

    async def start(self) -> None:
        self._wake = asyncio.Event()
        self._worker = asyncio.create_task(self._run(), name="batcher")

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            try:
                await self._worker
            except asyncio.CancelledError:
                pass
            self._worker = None
        for job in self._jobs:
            if not job.future.done():
                job.future.set_exception(RuntimeError("the server is shutting down"))
        self._jobs.clear()
        self._executor.shutdown(wait=True)

    @property
    def queued(self) -> int:
        return sum(len(j.texts) for j in self._jobs)

    async def submit(self, texts: list[str]) -> list[Any]:
        if self._wake is None:
            raise RuntimeError("Batcher.start() has not run (use the app inside its lifespan)")
        if not texts:
            return []
        job = _Job(texts, asyncio.get_running_loop().create_future())
        self._jobs.append(job)
        self._wake.set()
        return await job.future

    async def _take_batch(self) -> list[_Job]:
        """Whole jobs from the queue, up to ``max_documents`` documents, waiting at most ``wait_s`` for more."""
        loop = asyncio.get_running_loop()
        while not self._jobs:
            self._wake.clear()
            await self._wake.wait()
        batch = [self._jobs.popleft()]
        n = len(batch[0].texts)
        deadline = loop.time() + self.wait_s
        while n < self.max_documents:
            if not self._jobs:
                left = deadline - loop.time()
                if left <= 0:
                    break
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), left)
                except asyncio.TimeoutError:  # TimeoutError itself from 3.11 on
                    break
                continue
            if n + len(self._jobs[0].texts) > self.max_documents:
                break  # it starts the next batch
            job = self._jobs.popleft()
            batch.append(job)
            n += len(job.texts)
        return [j for j in batch if not j.future.done()]  # a client that went away is not tagged

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            batch = await self._take_batch()
            if not batch:
                continue
            texts = [t for j in batch for t in j.texts]
            try:
                results = await loop.run_in_executor(self._executor, self.tag, texts)
            except Exception as e:  # noqa: BLE001 - find the request that broke it; the others still get answers
                if len(batch) == 1:
                    _fail(batch[0], e)
                    continue
                for job in batch:
                    try:
                        _settle(job, await loop.run_in_executor(self._executor, self.tag, job.texts))
                    except Exception as e1:  # noqa: BLE001
                        _fail(job, e1)
                continue
            self.batches += 1
            self.documents += len(texts)
            k = 0
            for job in batch:
                _settle(job, results[k:k + len(job.texts)])
                k += len(job.texts)


def _settle(job: _Job, results: list[Any]) -> None:
    if not job.future.done():
        job.future.set_result(results)


def _fail(job: _Job, exc: BaseException) -> None:
    log.error("tagging failed for a request of %d document(s)", len(job.texts), exc_info=exc)
    if not job.future.done():
        job.future.set_exception(exc)
