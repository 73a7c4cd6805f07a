"""The cached lemmatizer (pipeline/nlp/lemmas.py) gives the model's own rule lemmas."""

from __future__ import annotations

import pytest
import spacy
from spacy.parts_of_speech import NAMES
from spacy.tokens import Doc

from pipeline.config import PipelineConfig
from pipeline.nlp.lemmas import CachedLemmatizer
from pipeline.nlp.loader import resolve_model_name
from pipeline.running.core import Extractor
from tests.conftest import CORPUS

WORDS = ["Acme", "FILED", "12,500", "Patents", "AND", "THE", "Other", "%", "$", "Its", "3.2x"]
POS = ["PROPN", "VERB", "NUM", "NOUN", "CCONJ", "DET", "ADJ", "NOUN", "SYM", "PRON", "X"]


def test_every_lemma_is_the_rule_lemmatizers(extractor: Extractor) -> None:
    cached = extractor.nlp.get_pipe("ipclaims_lemmatizer")
    assert isinstance(cached, CachedLemmatizer)
    doc = cached(Doc(extractor.nlp.vocab, words=WORDS, pos=POS))
    expected = Doc(extractor.nlp.vocab, words=WORDS, pos=POS)
    for ours, theirs in zip(doc, expected, strict=True):
        assert ours.lemma_ == cached.lemmatizer.rule_lemmatize(theirs)[0], ours.text
    assert [t.lemma_ for t in doc][:4] == ["Acme", "file", "12,500", "patent"]


def test_parts_of_speech_without_rules_take_the_lower_case_word(extractor: Extractor) -> None:
    cached = extractor.nlp.get_pipe("ipclaims_lemmatizer")
    assert isinstance(cached, CachedLemmatizer)
    names = {NAMES[pos] for pos in cached.lower_case_pos}
    assert {"NUM", "SYM", "DET", "CCONJ"} <= names
    assert not names & {"NOUN", "VERB", "ADJ", "ADV", "PROPN", "PUNCT"}  # these have rules


@pytest.mark.model
def test_lemmas_of_corpus_words_are_those_of_the_models_own_lemmatizer(
    extractor: Extractor,
) -> None:
    # the model as spaCy ships it: its lemma index still lists, not sets
    plain = spacy.load(resolve_model_name(PipelineConfig()), exclude=["ner"])  # noqa: TID251
    own = plain.get_pipe("lemmatizer")
    assert isinstance(plain.get_pipe("lemmatizer").lookups.get_table("lemma_index")["noun"], list)
    cached = extractor.nlp.get_pipe("ipclaims_lemmatizer")
    assert isinstance(cached, CachedLemmatizer)
    text = (CORPUS / "articles" / "c_xiaomi_2023_update.txt").read_text(encoding="utf-8")
    checked = 0
    for token in plain(text):
        if token.pos_ in {"NOUN", "VERB", "ADJ", "ADV"}:
            assert cached.lemmatizer.rule_lemmatize(token) == own.rule_lemmatize(token), token
            checked += 1
    assert checked > 100
