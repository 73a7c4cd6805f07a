"""Language: English articles are processed; others are skipped with their language named.

lingua (offline, deterministic, rule + n-gram models) looks at the start of the article's main
text; short texts are not judged (too little evidence), so a 2-line English note still passes.
"""

from __future__ import annotations

import re

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from pipeline.rules.tables import SentencesTable

# Languages IP press text commonly arrives in; restricting the set makes detection fast and sure.
CANDIDATES = (
    Language.ENGLISH, Language.CHINESE, Language.JAPANESE, Language.KOREAN, Language.GERMAN,
    Language.FRENCH, Language.SPANISH, Language.PORTUGUESE, Language.ITALIAN, Language.DUTCH,
    Language.SWEDISH, Language.FINNISH, Language.RUSSIAN, Language.POLISH, Language.TURKISH,
    Language.ARABIC, Language.HINDI, Language.VIETNAMESE, Language.INDONESIAN,
)  # fmt: skip
SAMPLE_CHARS = 1000  # enough to tell languages apart; lingua's time grows with the sample
MIN_LETTERS = 80
_WORD = re.compile(r"[^\W\d_]+")


class LanguageJudge:
    """Function words first (most pages are plainly English: no detector needed), then a fast
    detector, and an accurate one that must confirm a non-English verdict: the fast
    (low-accuracy) mode calls a short English paragraph full of company names German."""

    def __init__(self, table: SentencesTable | None = None) -> None:
        self.table = table
        self.english_words = frozenset(table.english_words) if table else frozenset()
        self.foreign_words = frozenset(table.foreign_words) if table else frozenset()
        self._fast: LanguageDetector | None = None  # built on the first unclear text
        self._accurate: LanguageDetector | None = None  # built on the first non-English verdict

    def plainly_english(self, sample: str) -> bool:
        """Many English function words and hardly any of other languages."""
        if self.table is None:
            return False
        words = _WORD.findall(sample.lower())
        if not words:
            return False
        english = sum(word in self.english_words for word in words) / len(words)
        foreign = sum(word in self.foreign_words for word in words) / len(words)
        return english >= self.table.english_share and foreign <= self.table.foreign_share

    @property
    def fast(self) -> LanguageDetector:
        if self._fast is None:
            self._fast = (
                LanguageDetectorBuilder.from_languages(*CANDIDATES).with_low_accuracy_mode().build()
            )
        return self._fast

    @property
    def accurate(self) -> LanguageDetector:
        if self._accurate is None:
            self._accurate = LanguageDetectorBuilder.from_languages(*CANDIDATES).build()
        return self._accurate


def build_detector(table: SentencesTable | None = None) -> LanguageJudge:
    """One judge per Extractor; its models load on first use."""
    return LanguageJudge(table)


def foreign_language(judge: LanguageJudge, text: str) -> str | None:
    """ISO 639-1 code of a non-English text, or None for English or too little text to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS or judge.plainly_english(sample):
        return None
    language = judge.fast.detect_language_of(sample)
    if language is None or language == Language.ENGLISH:
        return None
    language = judge.accurate.detect_language_of(sample)  # rare: only to confirm
    if language is None or language == Language.ENGLISH:
        return None
    return language.iso_code_639_1.name.lower()
