"""The model's matrix products through numpy's BLAS on one thread (pipeline/nlp/blas.py)."""

from __future__ import annotations

import pytest
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info

from pipeline.config import PipelineConfig
from pipeline.nlp.blas import OneBlasThread
from pipeline.running.core import Extractor
from tests.conftest import CORPUS


def blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_the_model_multiplies_through_numpy_not_blis(extractor: Extractor) -> None:
    for name in ("tok2vec", "parser", "ner"):
        ops = extractor.nlp.get_pipe(name).model.ops  # type: ignore[attr-defined]
        assert isinstance(ops, NumpyOps) and not ops.use_blis, name


def test_blas_runs_on_one_thread_only_while_the_model_runs() -> None:
    before = blas_threads()
    if not before:
        pytest.skip("numpy has no BLAS that threadpoolctl can see")
    with OneBlasThread(enabled=True)():
        assert blas_threads() == [1] * len(before)
    assert blas_threads() == before
    with OneBlasThread(enabled=False)():
        assert blas_threads() == before


@pytest.mark.model
def test_numpy_blas_gives_the_same_claims_and_events_as_blis(extractor: Extractor) -> None:
    with_blis = Extractor(PipelineConfig(blas_matmul=False))
    assert with_blis.nlp.get_pipe("tok2vec").model.ops.use_blis  # type: ignore[attr-defined]
    paths = sorted((CORPUS / "articles").glob("*.txt"))[:8]
    documents = [(extractor.extract_file(p), with_blis.extract_file(p)) for p in paths]
    assert sum(len(ours.claims) for ours, _ in documents) > 40
    assert sum(len(ours.events) for ours, _ in documents) > 3
    for ours, theirs in documents:
        assert ours.model_dump() == theirs.model_dump(), ours.path
