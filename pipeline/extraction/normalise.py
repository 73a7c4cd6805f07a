"""Normalisation: surface words -> the contract's vocabulary, by table lookup only.

Pure functions over strings and token lists; every table lives in `pipeline/patterns/`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from spacy.tokens import Span, Token

from pipeline.rules.loading import Rules

_SPACED_HYPHEN = re.compile(r"\s*-\s*")


def head_lemma(token: Token, rules: Rules) -> str:
    """Singular, lower-case form of a noun ("families" -> "family", "SEPs" -> "sep")."""
    lower = token.lower_
    if lower in rules.plural_lemmas:
        return rules.plural_lemmas[lower]
    lemma = token.lemma_.lower() if token.lemma_ else lower
    if lemma == lower and lower.endswith("s") and not lower.endswith("ss") and len(lower) > 3:
        lemma = lower[:-1]  # the lemmatizer leaves unknown plurals ("SEPs") alone
    return lemma


def phrase_lemmas(tokens: Sequence[Token], rules: Rules) -> str:
    """Lemma string of a phrase with hyphens glued: "standard-essential patent"."""
    words = [
        head_lemma(t, rules) if i == len(tokens) - 1 else t.lower_ for i, t in enumerate(tokens)
    ]
    return _SPACED_HYPHEN.sub("-", " ".join(words))


def unit_and_metric(tokens: Sequence[Token], rules: Rules) -> tuple[str, str] | None:
    """Unit and metric of a counted phrase ending at its head noun; None for non-claims."""
    if not tokens:
        return None
    first = tokens[0]
    if first.i > 0 and first.nbor(-1).like_num:
        lemma = head_lemma(first, rules)
        if lemma in rules.not_counted or lemma in rules.duration_heads:
            return None  # "320 MHz channels", "10 Gbps": a specification; "a 12 year battle"
    lemmas = phrase_lemmas(tokens, rules)
    for key in sorted(rules.units_multiword, key=len, reverse=True):
        if lemmas == key or lemmas.endswith(" " + key) or lemmas.endswith("-" + key):
            return rules.units_multiword[key]
    head = head_lemma(tokens[-1], rules)
    if head in rules.units_single:
        return rules.units_single[head]
    if head in rules.not_counted or head in rules.duration_heads:
        return None
    if not head.isalpha() and "-" not in head:
        return None
    # A hyphenated head written as one word: "sub-segments" -> "sub-segment".
    index = len(tokens) - 1
    if index >= 2 and tokens[index - 1].text == "-" and not tokens[index - 2].whitespace_:
        head = f"{tokens[index - 2].lower_}-{head}"
    return head, "other"


def canonical_terms(spans: Iterable[Span]) -> list[str]:
    """Canonical technology names of TECH entities, in order, without repeats."""
    names: list[str] = []
    for span in spans:
        name = span.ent_id_ or span.text
        if name not in names:
            names.append(name)
    return names


def join_scope(names: list[str]) -> str | None:
    """ "software", "operating systems" -> "software and operating systems"."""
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


@lru_cache(maxsize=256)
def _phrase_pattern(phrases: tuple[str, ...], whole_words: bool = True) -> re.Pattern[str]:
    """One compiled alternation per cue list (the lists are few and fixed), for lower case."""
    alternatives = "|".join(re.escape(p.lower()) for p in sorted(phrases, key=len, reverse=True))
    if not whole_words:
        return re.compile(alternatives)
    return re.compile(rf"(?<![\w&])(?:{alternatives})(?![\w&])")


def contains_phrase(text: str, phrases: Iterable[str]) -> bool:
    """True if any phrase occurs in text as whole words (case-insensitive)."""
    phrases = tuple(phrases)
    if not phrases:
        return False
    return _phrase_pattern(phrases).search(text.lower()) is not None


def money_metric(sentence: str, rules: Rules) -> str:
    """rd_spend, revenue or other for an amount of money, from the words of its sentence."""
    if contains_phrase(sentence, rules.money.rd_cues):
        return "rd_spend"
    if contains_phrase(sentence, rules.money.revenue_cues):
        return "revenue"
    return "other"


def percent_metric(sentence: str, rules: Rules) -> str:
    """rd_spend for "x% of revenue on R&D", else share."""
    rd = contains_phrase(sentence, [c for c in rules.money.rd_cues if "r" in c])
    revenue = contains_phrase(sentence, rules.money.revenue_cues)
    return "rd_spend" if rd and revenue else "share"


def blank_rate_exclusions(text: str, rules: Rules) -> str:
    """Lower-case text with "a year earlier" and the like blanked, same length, so that a
    window cut from it cannot see "a year" alone."""
    lowered = text.lower()
    exclusions = tuple(rules.rates.exclusions)
    if not exclusions or len(lowered) != len(text):
        return lowered
    pattern = _phrase_pattern(exclusions, whole_words=False)
    return pattern.sub(lambda match: " " * len(match.group()), lowered)


def rate_of(text: str, rules: Rules) -> str | None:
    """year, quarter or month for rates ("per year", "annually") in text passed through
    blank_rate_exclusions (so "a year earlier" is not a rate)."""
    for rate in ("year", "quarter", "month"):
        if contains_phrase(text, getattr(rules.rates, rate)):
            return rate
    return None


def modality_of(words: Iterable[str], rules: Rules) -> str:
    """target ("aims to"), forecast ("will", "expects") or reported."""
    lowered = {w.lower() for w in words}
    if lowered & set(rules.modality.target):
        return "target"
    if lowered & set(rules.modality.forecast):
        return "forecast"
    return "reported"


def place_name(text: str, rules: Rules) -> str | None:
    """Canonical place name ("the US" -> "United States"); None for "worldwide", "global"."""
    name = text.strip()
    if name.lower() in rules.geo.geo_ignore:
        return None
    aliases: dict[str, str] = rules.geo.geo_aliases
    name = aliases.get(name, name)
    return aliases.get(name.removeprefix("the ").strip(), name.removeprefix("the ").strip())
