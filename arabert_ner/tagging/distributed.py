"""Running under ``torchrun`` or ``accelerate launch``: which process this is, and who writes files.

Both launchers set ``WORLD_SIZE``/``RANK``/``LOCAL_RANK`` (and the rendezvous address) in the
environment; accelerate's :class:`~accelerate.PartialState` reads them and joins the process group
(NCCL on GPUs, gloo on CPUs). A plain ``python train.py`` is a world of one and needs none of this.
"""
from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)


def launched_world_size() -> int:
    """How many processes the launcher started (1 for a plain ``python script.py``)."""
    for name in ("WORLD_SIZE", "PMI_SIZE", "OMPI_COMM_WORLD_SIZE"):
        value = os.environ.get(name)
        if value and value.isdigit():
            return int(value)
    return 1


def process_state(device: str):
    """The accelerate state of this process; joins the process group when launched with several.

    ``device`` is the resolved device ("cpu" or "cuda"): on CPU the group uses gloo."""
    from accelerate import PartialState

    state = PartialState(cpu=device == "cpu")
    if state.num_processes > 1 and not state.is_main_process:
        # One log is readable; N interleaved copies are not. Warnings and errors still show per rank.
        logging.getLogger("arabert_ner").setLevel(logging.WARNING)
    if state.num_processes > 1:
        log.info("distributed: %d processes (%s, backend %s)", state.num_processes,
                 state.distributed_type.value, state.backend)
    return state
