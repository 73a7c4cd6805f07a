"""Language: English articles are processed; others are skipped with their language named.

lingua (offline, deterministic, rule + n-gram models) looks at the start of the article's main
text; short texts are not judged (too little evidence), so a 2-line English note still passes.
"""

from __future__ import annotations

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# Languages IP press text commonly arrives in; restricting the set makes detection fast and sure.
CANDIDATES = (
    Language.ENGLISH, Language.CHINESE, Language.JAPANESE, Language.KOREAN, Language.GERMAN,
    Language.FRENCH, Language.SPANISH, Language.PORTUGUESE, Language.ITALIAN, Language.DUTCH,
    Language.SWEDISH, Language.FINNISH, Language.RUSSIAN, Language.POLISH, Language.TURKISH,
    Language.ARABIC, Language.HINDI, Language.VIETNAMESE, Language.INDONESIAN,
)  # fmt: skip
SAMPLE_CHARS = 1000  # enough to tell languages apart; lingua's time grows with the sample
MIN_LETTERS = 80


def build_detector() -> LanguageDetector:
    """One detector per Extractor; its models load on first use."""
    return LanguageDetectorBuilder.from_languages(*CANDIDATES).with_low_accuracy_mode().build()


def foreign_language(detector: LanguageDetector, text: str) -> str | None:
    """ISO 639-1 code of a non-English text, or None for English or too little text to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return None
    language = detector.detect_language_of(sample)
    if language is None or language == Language.ENGLISH:
        return None
    return language.iso_code_639_1.name.lower()
