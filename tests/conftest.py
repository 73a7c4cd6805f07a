"""Shared fixtures: the real model is loaded once per session; rule tests use blank pipelines."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from pipeline.config import PipelineConfig
from pipeline.rules.loading import Rules, load_rules
from pipeline.running.core import Extractor

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = ROOT.parent / "shared" / "seed"


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The full pipeline with the real English model, loaded once for the whole run."""
    return Extractor(PipelineConfig())


@pytest.fixture(scope="session")
def blank_nlp() -> Language:
    """A tokenizer-only English pipeline for tests that do not need the model."""
    return spacy.blank("en")


# Fixtures that load the real model (directly or by running the pipeline): a test that uses one
# is a `model` test, so that `pytest -m "not model"` runs where the model is not installed.
MODEL_FIXTURES = frozenset({"extractor", "documents", "corpus", "batch_out", "reference"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)
