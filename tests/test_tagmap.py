"""The tag mapper (pipeline/nlp/tagmap.py) gives the POS and morphology of the model's own
attribute_ruler."""

from __future__ import annotations

import pytest
import spacy

from pipeline.config import PipelineConfig
from pipeline.nlp.loader import resolve_model_name
from pipeline.nlp.tagmap import TagMapper
from tests.conftest import CORPUS


@pytest.mark.model
def test_tag_mapper_agrees_with_the_attribute_ruler() -> None:
    # the model as spaCy ships it, with its own attribute_ruler, to compare against
    nlp = spacy.load(resolve_model_name(PipelineConfig()), exclude=["ner", "lemmatizer"])  # noqa: TID251
    mapper = TagMapper.from_ruler(nlp)
    texts = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "articles").glob("*.txt"))]
    ruled = list(nlp.pipe(texts[:10]))
    mapped = [mapper(doc) for doc in nlp.pipe(texts[:10], disable=["attribute_ruler"])]
    pairs = [(a, b) for x, y in zip(ruled, mapped, strict=True) for a, b in zip(x, y, strict=True)]
    assert len(pairs) > 3000
    same_pos = sum(a.pos_ == b.pos_ for a, b in pairs) / len(pairs)
    same_morph = sum(str(a.morph) == str(b.morph) for a, b in pairs) / len(pairs)
    assert same_pos > 0.99 and same_morph > 0.99
    assert {b.pos_ for _, b in pairs} >= {"NOUN", "VERB", "PROPN", "NUM", "AUX", "ADP"}
