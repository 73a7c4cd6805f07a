"""The model's matrix products through numpy's BLAS, one thread per process.

thinc multiplies with blis by default. On this genre's short sentences numpy's BLAS (OpenBLAS
in numpy's wheels), kept to one thread, runs en_core_web_sm about a quarter faster with the same
parses and entities (scripts/bench.py measures it). One thread, so that one worker uses one
core and two workers scale; the limit holds only while the model runs, so a caller's own numpy
work keeps its threads."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

from thinc.api import use_ops
from threadpoolctl import ThreadpoolController


def model_ops(enabled: bool) -> AbstractContextManager[Any]:
    """Where the model is built: its layers keep the ops current at construction."""
    return use_ops("numpy", use_blis=False) if enabled else nullcontext()


class OneBlasThread:
    """A reusable limit of BLAS to one thread (finding the BLAS libraries is done once)."""

    def __init__(self, enabled: bool) -> None:
        self.controller = ThreadpoolController() if enabled else None

    def __call__(self) -> AbstractContextManager[Any]:
        if self.controller is None:
            return nullcontext()
        limit: AbstractContextManager[Any] = self.controller.limit(limits=1, user_api="blas")
        return limit
