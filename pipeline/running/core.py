"""Core: the one place that knows the order of the stages.

bytes -> inputs.decode -> clean.clean -> nlp (our components) -> claims -> facts -> Document.
Any failure of one document becomes a Document with status error/skipped; callers go on.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc

from models import Claim, Document, Event, Status
from pipeline.config import PipelineConfig
from pipeline.errors import Errors
from pipeline.extraction.claim_dates import DocContext
from pipeline.extraction.claims import ClaimBuilder
from pipeline.extraction.confidence import calibrated
from pipeline.extraction.event_mentions import attach_amounts
from pipeline.extraction.events import EventBuilder
from pipeline.extraction.facts import merge_facts
from pipeline.extraction.orgs import GRID_NAMES, alias_index, company_names
from pipeline.extraction.people import find_people
from pipeline.extraction.subjects import FOCUS_HINTS, SubjectResolver, main_subject
from pipeline.grids.cells import Grid
from pipeline.grids.claims import GridClaimBuilder
from pipeline.grids.context import INTRO_CHARS
from pipeline.grids.reader import find_grids
from pipeline.nlp.blas import OneBlasThread
from pipeline.nlp.loader import POST_NER, NerSelector, add_entities, load_nlp
from pipeline.nlp.sentences import TEXT_KEY
from pipeline.reading.clean import BlockKind, CleanText, clean, mask
from pipeline.reading.inputs import InputError, RawText, decode, read_bytes
from pipeline.reading.language import build_detector, foreign_language
from pipeline.reading.prefilter import cue_pattern, focus_hints, mask_non_candidates
from pipeline.rules.loading import Rules, load_rules

log = logging.getLogger(__name__)


def page_at(offset: int, page_starts: tuple[int, ...]) -> int:
    """1-based page of a character offset into a PDF's text."""
    return max(1, bisect.bisect_right(page_starts, offset))


def with_pages(
    claims: list[Claim], events: list[Event], page_starts: tuple[int, ...]
) -> tuple[list[Claim], list[Event]]:
    """Claims and events (and each event's mentions) with the page they are on."""
    paged_claims = [c.model_copy(update={"page": page_at(c.start, page_starts)}) for c in claims]
    paged_events = [
        e.model_copy(
            update={
                "page": page_at(e.start, page_starts),
                "mentions": [
                    m.model_copy(update={"page": page_at(m.start, page_starts)}) for m in e.mentions
                ],
            }
        )
        for e in events
    ]
    return paged_claims, paged_events


class DocumentTimeout(Exception):
    """A document (or batch) took longer than the configured time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout after `seconds` (SIGALRM; main thread of a process only). It
    interrupts Python code; a C loop is interrupted when it next returns to Python."""
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Prepared:
    """A document decoded, cleaned and with its tables and lists found, ready for spaCy."""

    source: Source
    raw: RawText
    cleaned: CleanText
    grids: tuple[Grid, ...] = ()


@dataclass(frozen=True)
class Source:
    """One input to extract from: its id, a display path and its bytes (or the error reading them)."""

    doc_id: str
    path: str
    data: bytes | None = None
    error: InputError | None = None


class Extractor:
    """Loads the model once; extracts Documents from texts, bytes or files.

    >>> extractor = Extractor()
    >>> document = extractor.extract("Xiaomi held more than 1,000 imaging patents.", doc_id="x")
    """

    def __init__(self, config: PipelineConfig | None = None, nlp: Language | None = None) -> None:
        self.config = config or PipelineConfig()
        self.rules: Rules = load_rules(self.config.aliases)
        self.nlp = nlp if nlp is not None else load_nlp(self.config, self.rules)
        self.one_blas_thread = OneBlasThread(self.config.blas_matmul)
        self.grid_rules = self.rules.grids
        self.builder = ClaimBuilder(self.rules, self.grid_rules)
        self.grid_builder = GridClaimBuilder(self.rules, self.grid_rules)
        self.event_builder = EventBuilder.from_rules(self.rules)
        self.cue = cue_pattern(self.rules)
        self.abbreviations = frozenset(self.rules.sentences.abbreviations)
        self.company_names = company_names(self.rules)
        self.aliases = alias_index(self.rules)
        self.ner_selector = NerSelector(self.nlp, self.rules)
        self.language_detector = build_detector(self.rules.sentences)

    # -- public API ------------------------------------------------------------------------
    def extract(self, text: str, doc_id: str = "text", path: str | None = None) -> Document:
        """Extract from a text already decoded."""
        data = text.encode("utf-8", errors="replace")  # a lone surrogate becomes "?"
        return next(self.extract_sources([Source(doc_id, path or doc_id, data)]))

    def extract_file(self, path: Path, doc_id: str | None = None) -> Document:
        """Extract from a file; unreadable or unsuitable files give an error/skipped Document."""
        return next(self.extract_sources([self.source(path, doc_id or str(path))]))

    def source(self, path: Path, doc_id: str) -> Source:
        """Read a file into a Source, keeping a read error as data rather than raising."""
        try:
            return Source(doc_id, str(path), read_bytes(path, self.config.max_bytes))
        except InputError as error:
            return Source(doc_id, str(path), error=error)

    def extract_sources(self, sources: Iterable[Source]) -> Iterator[Document]:
        """Extract from many sources, batching the spaCy work; yields in input order."""
        prepared = (self._prepare(source) for source in sources)
        ready: list[Prepared | Document] = []
        for item in prepared:
            ready.append(item)
            if len(ready) >= self.config.batch_size:
                yield from self._run(ready)
                ready = []
        yield from self._run(ready)

    # -- stages ------------------------------------------------------------------------------
    def _prepare(self, source: Source) -> Prepared | Document:
        """Decode and clean; failures become finished Documents."""
        if source.error is not None:
            return self._failed(source, source.error.status, str(source.error))
        assert source.data is not None
        try:
            raw = decode(source.data, source.path, self.config.max_pages, self.config.ocr)
        except InputError as error:
            return self._failed(source, error.status, str(error))
        cleaned = clean(raw.text, self.rules)
        if self.config.detect_language:
            language = foreign_language(self.language_detector, cleaned.text.strip())
            if language is not None:
                return self._failed(source, "skipped", Errors.E011.format(language=language), raw)
        grids = tuple(find_grids(cleaned.lines, cleaned.blocks, self.grid_rules))
        if grids:  # the rows are read by the grid reader; the parser sees captions and prose only
            rows = [span for grid in grids for row in grid.rows for span in row.masked()]
            rows += [(c.header.start, c.header.end) for g in grids for c in g.columns if c.header]
            cleaned = CleanText(mask(cleaned.text, rows), cleaned.blocks, cleaned.lines)
        return Prepared(source, raw, cleaned, grids)

    def _run(self, items: list[Prepared | Document]) -> Iterator[Document]:
        """Annotate a batch under one time limit; if it runs out or fails, redo the batch one
        document at a time so that only the bad document becomes an error record."""
        pending = [item for item in items if not isinstance(item, Document)]
        limit = self.config.time_limit
        try:
            with time_limit(limit * max(1, len(pending))):
                results = self._finish(pending)
        except Exception:  # includes DocumentTimeout
            results = [self._finish_alone(item, limit) for item in pending]
        finished = iter(results)
        for item in items:
            yield item if isinstance(item, Document) else next(finished)

    def _finish_alone(self, item: Prepared, limit: float) -> Document:
        source, raw = item.source, item.raw
        try:
            with time_limit(limit):
                return self._finish([item])[0]
        except DocumentTimeout:
            return self._failed(source, "error", Errors.E012.format(seconds=limit), raw)
        except Exception as exc:
            log.exception("extraction failed for %s", source.path)
            reason = Errors.E007.format(reason=f"{type(exc).__name__}: {exc}")
            return self._failed(source, "error", reason, raw)

    def _finish(self, pending: list[Prepared]) -> list[Document]:
        docs = [self._make_doc(item.cleaned, item.raw.published, item.grids) for item in pending]
        results = []
        for item, doc in zip(pending, self.annotate(docs), strict=True):
            source, raw = item.source, item.raw
            try:
                results.append(self._assemble(item, doc))
            except DocumentTimeout:
                raise
            except Exception as exc:  # one bad document must not stop a batch
                log.exception("extraction failed for %s", source.path)
                reason = Errors.E007.format(reason=f"{type(exc).__name__}: {exc}")
                results.append(self._failed(source, "error", reason, raw))
        return results

    def annotate(self, docs: list[Doc]) -> list[Doc]:
        """Run the pipeline over a batch, its matrix products on one BLAS thread."""
        with self.one_blas_thread():
            return self._annotate(docs)

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        """With selective NER, `ner` sees only the sentences that name someone our tables do
        not know (it is 40% of the model's time)."""
        size = self.config.batch_size
        if not self.config.selective_ner:
            return list(self.nlp.pipe(docs, batch_size=size))
        docs = list(self.nlp.pipe(docs, batch_size=size, disable=["ner", *POST_NER]))
        wanted = [
            (doc, text) for doc in docs if (text := self.ner_selector.text_for(doc)) is not None
        ]
        ner = cast(EntityRecognizer, self.nlp.get_pipe("ner"))
        found = ner.pipe((self.nlp.make_doc(text) for _, text in wanted), batch_size=size)
        for (doc, _), found_doc in zip(wanted, found, strict=True):
            add_entities(doc, found_doc)
        for name in POST_NER:
            component = self.nlp.get_pipe(name)
            docs = [component(doc) for doc in docs]
        return docs

    def _make_doc(
        self, cleaned: CleanText, published: str | None = None, grids: tuple[Grid, ...] = ()
    ) -> Doc:
        text = cleaned.text
        # What introduces a table (its caption, the paragraph before it) stays for the taggers.
        keep = tuple(
            (max(0, g.start - INTRO_CHARS), g.caption.end if g.caption else g.start) for g in grids
        )
        hints: list[tuple[int, str]] = []
        if self.config.prefilter:
            text, blanked = mask_non_candidates(
                text, cleaned.blocks, self.cue, self.abbreviations, keep
            )
            hints = focus_hints(cleaned.text, blanked, self.company_names, self.aliases)
        doc = self.nlp.make_doc(text)
        doc.user_data[TEXT_KEY] = text  # spaCy keeps the text exactly; `doc.text` rebuilds it
        doc._.ipclaims_published = self.config.published or published
        if grids:
            doc.user_data[GRID_NAMES] = self.grid_builder.names(grids)
        doc.user_data[FOCUS_HINTS] = hints
        return doc

    def _assemble(self, item: Prepared, doc: Doc) -> Document:
        source, raw, cleaned = item.source, item.raw, item.cleaned
        title_block = next((b for b in cleaned.blocks if b.kind is not BlockKind.boilerplate), None)
        title = None
        title_end = 0
        if title_block is not None and title_block.kind is BlockKind.heading:
            title = raw.text[title_block.start : title_block.end].strip().lstrip("#").strip()
            title_end = title_block.end
        main = main_subject(doc, title_end, self.rules)
        subjects = SubjectResolver(main=main, rules=self.rules)
        subjects.index(doc)
        ctx = DocContext.create(source.doc_id, raw.text, cleaned.blocks)
        claims = self.builder.build(doc, ctx, subjects)
        if item.grids:
            report_years = self.builder.dater.report_years(doc, ctx)
            claims = self.grid_builder.build(
                claims,
                list(item.grids),
                doc,
                raw.text,
                source.doc_id,
                title_end,
                main,
                report_years,
            )
        if self.config.calibrate_confidence:
            claims = calibrated(claims, self.rules)
        events = self.event_builder.build(doc, source.doc_id, raw.text, subjects, title_end)
        events = attach_amounts(events, claims)
        if raw.page_starts:  # a PDF: the page of every figure and event
            claims, events = with_pages(claims, events, raw.page_starts)
        people = find_people(doc, self.rules, subjects)
        published = doc._.ipclaims_published
        return Document.model_validate(
            {
                "doc_id": source.doc_id,
                "path": source.path,
                "sha256": raw.sha256,
                "status": "ok",
                "title": title,
                "published": str(published) if published else None,
                "subject": main,
                "encoding": raw.encoding,
                "n_chars": len(raw.text),
                "page_starts": list(raw.page_starts) or None,
                "n_claims": len(claims),
                "claims": claims,
                "facts": merge_facts(claims),
                "events": events,
                "people": people,
                "warnings": raw.warnings,
            },
            context={"text": raw.text},
        )

    @staticmethod
    def _failed(source: Source, status: str, message: str, raw: RawText | None = None) -> Document:
        sha = (
            raw.sha256
            if raw
            else (hashlib.sha256(source.data).hexdigest() if source.data is not None else None)
        )
        return Document(
            doc_id=source.doc_id, path=source.path, sha256=sha, status=Status(status), error=message
        )
