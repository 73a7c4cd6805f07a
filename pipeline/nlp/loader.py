"""The spaCy pipeline: the only place that loads a model, and where our components are added.

Order: tokenizer (numbers split from short suffixes: "29k", "3bn") -> segmenter (blocks and
headings start sentences) -> tagger/parser -> known names and technology terms (entity rulers,
before `ner` so that "5G" is never CARDINAL 5 and "Xiaomi" never PERSON) -> ner -> orgs ->
dates -> quantities.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from typing import Any, cast

import numpy
import spacy
from spacy.attrs import ENT_TYPE, IS_ALPHA, ORTH, POS
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    registry,
)

from pipeline.config import DEFAULT_MODELS, PipelineConfig
from pipeline.errors import Errors

# Importing registers our factories with spaCy.
from pipeline.extraction import (
    dates,  # noqa: F401
    events,  # noqa: F401
    numbers,  # noqa: F401
    orgs,  # noqa: F401
)
from pipeline.nlp import (
    lemmas,  # noqa: F401
    tagmap,  # noqa: F401
)
from pipeline.nlp.blas import model_ops
from pipeline.nlp.sentences import doc_text
from pipeline.reading.clean import keep_only, segment_starts
from pipeline.rules.loading import Rules, read_patterns

log = logging.getLogger(__name__)
# Our components after `ner`, in order (the one place that says it; core runs them itself when
# NER is selective).
POST_NER = ("ipclaims_orgs", "ipclaims_dates", "ipclaims_quantities", "ipclaims_events")
# A number followed by letters other than an ordinal suffix: "29k", "2.3bn", "5,000mAh", "47.2MP".
NUMBER_LETTER_SUFFIX = r"(?<=[0-9])(?!(?:st|nd|rd|th|s)$)[A-Za-z]+$"
# Dollar prefixes glued to the amount: "NT$97.8", "HK$2", "US$4.5".
# "end-2020", "mid-2021": the year split from its period word, so the date tagger sees it
YEAR_AFTER_PERIOD_WORD = r"(?<=[Ee]nd|[Mm]id)-(?=(?:19|20)[0-9][0-9]\b)"
# Ranges written without spaces: "$2-$3", "EUR 1.4bn-1.5bn", "€1.4bn-€1.5bn". The tokenizer
# does not split the pieces between infixes again, so the scale, the dash and the currency
# sign are infixes of their own.
RANGE_INFIXES = [
    r"(?<=[0-9])(?:bn|mn|tn|[bmk])(?=-[$€£]?[0-9])",  # "1.4bn-": the scale before the dash
    r"(?<=[0-9])-(?=[$€£][0-9])",  # "2-$3"
    r"(?<=[0-9]bn|[0-9]mn|[0-9]tn)-(?=[$€£]?[0-9])",  # "1.4bn-1.5"
    r"(?<=[0-9][bmk])-(?=[$€£]?[0-9])",  # "2m-3"
    r"(?<=[0-9]-)[$€£](?=[0-9])",  # "-$3": the sign after the dash
    r"(?<=bn-|mn-|tn-)[$€£](?=[0-9])",  # "1.4bn-€1.5bn"
]
CURRENCY_PREFIX = r"(?:NT|US|HK|S|A|C|R)\$"
# A full stop after "5G", "29k", "3GPP" ends the sentence (spaCy keeps "5G." as an abbreviation).
PERIOD_AFTER_NUMBER_WORD = [
    r"(?<=\d[A-Za-z])\.$",
    r"(?<=\d[A-Za-z]{2})\.$",
    r"(?<=\d[A-Za-z]{3})\.$",
]


def resolve_model_name(config: PipelineConfig) -> str:
    """The configured model, else the first installed of DEFAULT_MODELS."""
    if config.model:
        return config.model
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(Errors.E008.format(names=", ".join(DEFAULT_MODELS)))


@Language.component("ipclaims_segmenter", assigns=["token.is_sent_start"])
def segment(doc: Doc) -> Doc:
    """Start a sentence at every block and at lines that cannot continue the previous one."""
    for offset in segment_starts(doc_text(doc)):
        span = doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


def build_tokenizer(nlp: Language, currency_codes: list[str], base: Tokenizer | None) -> Tokenizer:
    """The English tokenizer with our affixes; its special cases and URL rules come from `base`
    (a model's own saved tokenizer) or else from the language defaults."""
    defaults = nlp.Defaults
    suffixes = [
        *PERIOD_AFTER_NUMBER_WORD,
        r"(?<=&[A-Za-z])\.$",
        *(defaults.suffixes or []),
        NUMBER_LETTER_SUFFIX,
    ]
    # "SEK2 billion", "CNY131.7 billion", "EUR3.1bn": a currency code glued to its amount
    glued_code = r"(?:" + "|".join(currency_codes) + r")(?=[0-9])"
    # "No.1", "No.2": the rank marker glued to its number
    prefixes = [CURRENCY_PREFIX, glued_code, r"No\.(?=[0-9])", *(defaults.prefixes or [])]
    return Tokenizer(
        nlp.vocab,
        rules=base.rules if base is not None else defaults.tokenizer_exceptions,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(
            [YEAR_AFTER_PERIOD_WORD, *RANGE_INFIXES, *(defaults.infixes or [])]
        ).finditer,
        token_match=base.token_match if base is not None else defaults.token_match,
        url_match=base.url_match if base is not None else defaults.url_match,
        faster_heuristics=base.faster_heuristics if base is not None else True,
    )


@registry.tokenizers("ipclaims.Tokenizer.v1")  # type: ignore[untyped-decorator]
def tokenizer_factory(currency_codes: list[str]) -> Callable[[Language], Tokenizer]:
    """Our tokenizer as the model's own: spaCy then builds one tokenizer at start-up, not the
    default one (its thousands of special cases, 0.1 s) and ours after it."""

    def create(nlp: Language) -> Tokenizer:
        return build_tokenizer(nlp, currency_codes, base=None)

    return create


def load_nlp(config: PipelineConfig, rules: Rules) -> Language:
    """Load the spaCy model once and add the ipclaims components."""
    name = resolve_model_name(config)
    codes = sorted(c.upper() for c in rules.numbers.currencies if c.isalpha() and len(c) == 3)
    try:
        with model_ops(config.blas_matmul):
            if name in DEFAULT_MODELS:
                # The default models' saved tokenizer is the English default (tests/test_numbers.py
                # checks), so ours replaces it in the config and it is not read from disk.
                tokenizer = {"@tokenizers": "ipclaims.Tokenizer.v1", "currency_codes": codes}
                nlp = spacy.load(
                    name, exclude=["senter", "tokenizer"], config={"nlp": {"tokenizer": tokenizer}}
                )
            else:
                nlp = spacy.load(name, exclude=["senter"])
                nlp.tokenizer = build_tokenizer(nlp, codes, base=cast(Tokenizer, nlp.tokenizer))
    except OSError as exc:
        raise RuntimeError(Errors.E008.format(names=name)) from exc
    log.info("loaded spaCy model %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    nlp.max_length = max(
        nlp.max_length, config.max_bytes + 1
    )  # text is never longer than its bytes
    nlp.add_pipe("ipclaims_segmenter", before="parser")
    if config.fast_tags and "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe("ipclaims_tag_mapper", after="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    if config.fast_tags and "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("ipclaims_lemmatizer", after="lemmatizer")
        nlp.remove_pipe("lemmatizer")
    names = cast(EntityRuler, nlp.add_pipe(
        "entity_ruler", name="ipclaims_names", before="ner",
        config={"phrase_matcher_attr": "ORTH", "validate": True},
    ))  # fmt: skip
    with nlp.select_pipes(enable=[]):  # patterns only need the tokenizer
        names.add_patterns(
            [
                {"label": "ORG", "pattern": alias, "id": org.name}
                for org in rules.organisations
                for alias in org.aliases
            ]
        )
    with nlp.select_pipes(enable=[]):  # places: geo without the statistical NER
        names.add_patterns(with_capitals(read_patterns("places.jsonl")))
    terms = cast(EntityRuler, nlp.add_pipe(
        "entity_ruler", name="ipclaims_terms", before="ner",
        config={"phrase_matcher_attr": "LOWER", "validate": True},
    ))  # fmt: skip
    with nlp.select_pipes(enable=[]):
        terms.add_patterns(list(rules.term_patterns))
    aliases = str(config.aliases) if config.aliases else None
    for name in POST_NER:
        nlp.add_pipe(name, config={"aliases": aliases} if name == "ipclaims_orgs" else {})
    return nlp


def with_capitals(patterns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Phrase patterns and their forms in capitals: datelines write cities so ("SHENZHEN,
    China, March 3"), and a known place needs no statistical NER."""
    capitals = [
        {**p, "pattern": p["pattern"].upper()}
        for p in patterns
        if isinstance(p["pattern"], str) and p["pattern"].upper() != p["pattern"]
    ]
    return [*patterns, *capitals]


# Capitalised words that are not names ("the Group", "Monday").
class NerSelector:
    """Finds the sentences that need the statistical NER: those with a proper noun that our
    rulers do not know (a person, an unlisted company or place)."""

    # The NER's own tok2vec sees 4 tokens either side (depth 4, window 1), so 4 is enough: on
    # every corpus folder, real pages included, it changes 2 claims of 1,900 and 1 event from 6
    # (a product no longer read as a party); 2 loses entities.
    WINDOW = 4

    def __init__(self, nlp: Language, rules: Rules) -> None:
        # Currency codes ("EUR", "SEK") are tagged PROPN but the quantity rules read them.
        not_names = rules.not_name_words | {code.upper() for code in rules.numbers.currencies}
        self.not_names = numpy.array(
            sorted(nlp.vocab.strings.add(word) for word in not_names), dtype=numpy.uint64
        )
        self.propn = nlp.vocab.strings.add("PROPN")

    def unknown_names(self, doc: Doc) -> list[int]:
        """Positions of alphabetic proper nouns outside every entity, read from token arrays
        (a Matcher would build a Python Token for every token of the page)."""
        pos, ent_type, is_alpha, orth = doc.to_array([POS, ENT_TYPE, IS_ALPHA, ORTH]).T
        unknown = (pos == self.propn) & (ent_type == 0) & (is_alpha == 1)
        unknown &= ~numpy.isin(orth, self.not_names)
        found: list[int] = numpy.flatnonzero(unknown).tolist()
        return found

    def text_for(self, doc: Doc) -> str | None:
        """The doc's text blanked except for a window of WINDOW tokens around each unknown proper
        noun (offsets kept); None if there is none. NER decides from local context, so a window
        is enough, and a 50k-word sentence with one name costs a window, not the sentence."""
        if not len(doc):
            return None
        keep: list[tuple[int, int]] = []
        for start in self.unknown_names(doc):
            low, high = max(0, start - self.WINDOW), min(len(doc), start + self.WINDOW + 1)
            if keep and low <= keep[-1][1]:
                keep[-1] = (keep[-1][0], high)
            else:
                keep.append((low, high))
        if not keep:
            return None
        kept = [(doc[low].idx, doc[high - 1].idx + len(doc[high - 1])) for low, high in keep]
        return keep_only(doc_text(doc), kept)


def add_entities(doc: Doc, found: Doc) -> None:
    """Copy NER entities found on a blanked copy of the text into doc, without overriding ours."""
    taken = {t.i for ent in doc.ents for t in ent}
    spans = []
    for ent in found.ents:
        span = doc.char_span(ent.start_char, ent.end_char, label=ent.label_)
        if span is not None and not any(t.i in taken for t in span):
            spans.append(span)
            taken.update(t.i for t in span)
    doc.set_ents(spans, default="unmodified")
