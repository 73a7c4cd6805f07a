"""A cached stand-in for the model's rule lemmatizer: the same lemmas at a fraction of the cost.

spaCy's rule lemmatizer already caches by (word, POS, morphology), but it reaches its cache
through a Token object, a MorphAnalysis and a string-store write for every token: about 5% of
ipclaims' time. Here the cache key comes from one array read per document and the lemmas go
back in one array write; only a word never seen with that POS and morphology asks the
original lemmatizer, so the lemmas are identical. Words of a part of speech that the rule
tables do not cover (numbers, symbols, punctuation) take their lower case, as the rule
lemmatizer gives them, without asking it: every new figure of a page is such a word.
"""

from __future__ import annotations

from typing import cast

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from thinc.types import Ints2d


class CachedLemmatizer:
    """Set LEMMA from a (ORTH, POS, MORPH) cache filled by the model's own lemmatizer."""

    MAX_ENTRIES = 500_000  # bounded: a batch of millions of articles keeps a flat memory

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        index_as_sets(lemmatizer)
        self.cache: dict[tuple[int, int, int], int] = {}
        self.lower_case_pos = lower_case_pos(lemmatizer)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if len(self.cache) > self.MAX_ENTRIES:
            self.cache.clear()
            self.lemmatizer.cache.clear()
        strings = doc.vocab.strings
        cache = self.cache
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma == 0:  # not already set by the tag mapper's word rules
                key = (orth, pos, morph)
                lemma = cache.get(key)
                if lemma is None:
                    if pos in self.lower_case_pos:
                        lemma = strings.add(strings[orth].lower())
                    else:
                        lemma = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                    cache[key] = lemma
            lemmas.append(lemma)
        doc.from_array([LEMMA], cast(Ints2d, numpy.array(lemmas, dtype="uint64").reshape(-1, 1)))
        return doc


def index_as_sets(lemmatizer: Lemmatizer) -> None:
    """The rule lemmatizer asks "is this form a known word?" of a list of 57,000 nouns (0.1 ms
    a question); the same words as a set answer alike at once."""
    if not lemmatizer.lookups.has_table("lemma_index"):
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


def lower_case_pos(lemmatizer: Lemmatizer) -> frozenset[int]:
    """The parts of speech whose lemma the rule lemmatizer always gives as the lower-cased word:
    none of its tables covers them (proper nouns keep their case; an unset POS warns)."""
    if lemmatizer.mode != "rule":
        return frozenset()
    tables = [
        lemmatizer.lookups.get_table(name, {})
        for name in ("lemma_index", "lemma_exc", "lemma_rules")
    ]
    return frozenset(
        pos_id
        for name, pos_id in POS_IDS.items()
        if name.isupper()
        and name.lower() not in {"", "propn"}
        and (name.lower() in {"space", "eol"} or not any(t.get(name.lower()) for t in tables))
    )


@Language.factory(
    "ipclaims_lemmatizer",
    assigns=["token.lemma"],
    requires=["token.pos", "token.morph"],
)
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    """Factory: wraps the pipeline's `lemmatizer` (add this before removing that)."""
    return CachedLemmatizer(cast(Lemmatizer, nlp.get_pipe("lemmatizer")))
