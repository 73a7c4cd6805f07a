"""One pydantic model per rule table in `pipeline/patterns/`.

Every model forbids unknown keys, and vocabularies are typed against `models/vocab.py`, so a
misspelt key, a metric or event type the schema does not know, or an event priority list that
misses a type fails when the tables load (at start-up), with the file and the key in the message,
never as one error record per document later.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.vocab import EventType, Metric, PartyRole, Qualifier

DateRole = Literal["as_of", "on", "end", "in", "since", "from", "compared"]


class Table(BaseModel):
    """A rule table: unknown keys are errors; `_doc` (the table's own description) is allowed."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    doc: str = Field(default="", alias="_doc")


class NotCounted(Table):
    """Heads that make a number something other than a count."""

    duration: list[str]
    spec: list[str]
    other: list[str]


class UnitsTable(Table):
    """units.json: head of the counted phrase -> (unit, metric)."""

    multiword: dict[str, tuple[str, Metric]]
    single: dict[str, tuple[str, Metric]]
    plural_lemmas: dict[str, str]
    not_counted: NotCounted


class QualifiersTable(Table):
    """qualifiers.json: words before and after a number and the qualifier they give."""

    before: dict[str, Qualifier]
    after: dict[str, Qualifier]
    prepositions: list[str]
    topic_verbs: list[str]


class NumbersTable(Table):
    """numbers.json: number words, multipliers, ordinals, fractions and currencies."""

    units: dict[str, int]
    scales: dict[str, int]
    ordinals: dict[str, int]
    fractions: dict[str, int | float]
    currencies: dict[str, str]
    currency_adjectives: list[str]
    """ "14.05 billion Swiss francs": the country between an amount and its currency."""
    # "74 cents per share": a hundredth of the currency
    subunits: dict[str, str]
    tens: list[str]
    ones: list[str]
    percent_words: list[str]
    article_scales: list[str]


class DatesTable(Table):
    """dates.json: phrases before a date and the role they give it, calendar words, back-refs."""

    cues: dict[str, DateRole]
    months: dict[str, int]
    quarters: dict[str, int]
    halves: dict[str, int]
    months_to_date: dict[str, int]
    """ "the first nine months of 2023": the number words of a year's opening months."""
    relative: dict[str, int | Literal["now"]]
    relative_days: dict[str, int]
    """Days, weeks and months counted from the dateline ("yesterday", "last month"); a weekday
    ("on Thursday") is the last such day on or before it."""
    relative_weeks: dict[str, int]
    relative_months: dict[str, int]
    weekdays: dict[str, int]
    relative_to_previous: list[str]
    # "the second quarter of this year": the year's word -> offset from the dateline's year,
    # or "story" for the last year stated ("of the year")
    quarter_years: dict[str, int | str]
    # "that year", "the same quarter": words a date phrase may end in without a digit
    period_words: list[str]
    period_back_refs: list[str]
    year_range: tuple[int, int]
    year_back_refs: list[str]
    dateline_cues: list[str]
    dateline_window: int = Field(gt=0)
    range_links: list[str]
    report_words: list[str]
    """Words of a headline or lead about a yearly report ("patents", "applicants", "R&D"):
    its year is the year of the counts that follow (ClaimDater.topic_years)."""
    numeric_order: dict[str, Literal["month_first", "day_first"]]
    """ "02/10/2024" (US pages: February 10) and "10.02.2024" (European: the same day), by
    separator; a first number above 12 is always the day."""


class RoleRule(Table):
    """The parts that a verb's or a trigger noun's dependents play in an event: "Nokia sued
    HTC" (subject plaintiff, object defendant), "granted HTC a licence" (dative licensee),
    "a suit against HTC" (preposition), "Nokia's suit" (possessor). A passive subject takes the
    object's part and a "by" agent the subject's."""

    subject: PartyRole | None = None
    object: PartyRole | None = None
    dative: PartyRole | None = None
    possessor: PartyRole | None = None
    preps: dict[str, PartyRole] = Field(default_factory=dict)


class EventsTable(Table):
    """events.json: trigger words per event type, and the words that find parties and dates."""

    triggers: dict[EventType, list[str]]
    priority: list[EventType]
    generic_list_preps: list[str]
    group_references: list[str]
    # "Huawei filed the lawsuits in May 2016": a trigger noun with one of these refers back
    definite_determiners: list[str]
    not_parties: list[str]
    # "according to ROL Group data": a source the text cites, never a party
    attribution_words: list[str]
    # "confirmed to Light Reading that it is suing ...": whom a statement is made to is no party
    statement_verbs: list[str]
    background_preps: list[str]
    hypothetical_marks: list[str]
    """A trigger whose clause opens with one of these is a condition ("unless it is reversed")."""
    # "the period of dispute", "the threat of litigation": a trigger these own is no event
    background_owners: list[str]
    agreement_heads: list[str]
    earlier_date_refs: list[str]
    passive_rulings: list[str]
    """ "Oppo was fined for violating Nokia's IP": court verbs whose passive is a ruling."""
    licensed_uses: list[str]
    """ "a deal to use the patents": verbs of using IP that a grant of use makes a licence."""
    use_grants: list[str]
    """... the nouns that grant the use ("deal", "right")."""
    allegation_verbs: list[str]
    """ "Nokia alleged that Apple infringed two patents": verbs whose claim of infringement is a
    lawsuit, ..."""
    infringing_verbs: list[str]
    """... and the verbs of that claim ("infringe", "copy"; "use" with IP as its object)."""
    terms_adverbs: list[str]
    """ "wherein", "whereby": what they open tells an event's terms, not a report's content."""
    reporting_verbs: list[str]
    court_verbs: list[str]
    future_marks: frozenset[str]
    agreement_phrases: list[str]
    """ "reached an agreement": with a dispute word in the sentence, its settlement."""
    dispute_words: frozenset[str]
    """ "will", "may": a court verb with one of them tells what a court may do, not a ruling."""
    court_words: list[str]
    court_nouns: list[str]
    """Nouns that are a ruling only when a court makes or owns them ("the court's decision")."""
    irregular_forms: dict[str, list[str]]
    counterparty_preps: list[str]
    offset_numbers: dict[str, int]
    needs_object: dict[str, list[str]]
    """Trigger verbs that are events only with one of these objects ("sold 500 patents", not
    "sells its phones")."""
    hypothetical_modals: list[str]
    """An infinitive of purpose ("agreed to pay BMS $625 million to settle") takes the parties
    of the clause it serves, unless a modal makes that clause hypothetical ("how much Samsung
    would pay Ericsson to license its patents")."""
    request_words: list[str]
    """A ruling word that a party seeks or requests ("requests for permanent injunctions", "the
    suit seeks an injunction") is part of its lawsuit, not a ruling."""
    patent_agreements: list[str]
    """A patent agreement or deal is a licence, unless its sentence tells another event ("signed
    a patent agreement, resolving all litigation" is the settlement)."""
    damage_words: list[str]
    """A passive ruling ("was ordered to pay") whose sentence names no IP but damages or
    royalties ("ordered to pay Kestrel $30 million in damages") is a ruling too."""
    ip_words: list[str]
    """An acquisition is an IP event only in a sentence with one of these ("bought 500
    patents", "sold its stake", "its modem unit"), not a company takeover ("Freescale bought
    SigmaTel")."""
    roles: dict[EventType, dict[str, RoleRule]]
    """Per event type, the parts that the dependents of a verb or trigger noun play."""
    one_per_counterparty: list[EventType]
    """Types where one party acting on several others is one event per counterparty."""
    affiliate_words: list[str]
    """ "sued Lenovo and its subsidiary Motorola": a company with its own affiliate is one party."""
    joint_words: list[str]
    """Words that make such a sentence one joint event ("joined the pool")."""
    ending_verbs: list[str]
    """Verbs that end a dispute they take as object: "resolved a legal dispute" settles it."""
    agreeing_verbs: list[str]
    """ "agreed to end all pending legal proceedings": the ending verb under one of these settles."""
    agreed_endings: list[str]
    """ "an agreement to dismiss all litigation": verbs that settle only under an agreement."""

    @model_validator(mode="after")
    def _covers_every_type(self) -> EventsTable:
        every = set(EventType)
        if set(self.triggers) != every:
            missing = sorted(every - set(self.triggers))
            raise ValueError(f"triggers: no trigger words for {missing}")
        if sorted(self.priority) != sorted(every):
            raise ValueError(f"priority must list every event type once: {sorted(map(str, every))}")
        return self


class BoilerplateTable(Table):
    """boilerplate.json: lines that mark page furniture rather than article text."""

    teaser_markers: list[str]
    tail_headings: list[str]
    furniture_lines: list[str]
    furniture_prefixes: list[str]
    furniture_counts: list[str]
    menu_separators: list[str]
    menu_min_items: int
    menu_max_words: int

    @cached_property
    def line_prefixes(self) -> tuple[str, ...]:
        """The furniture prefixes, stripped, for one `str.startswith` per line."""
        return tuple(prefix.strip() for prefix in self.furniture_prefixes)

    @cached_property
    def whole_lines(self) -> frozenset[str]:
        """Furniture lines and tail headings, looked up by hash."""
        return frozenset([*self.furniture_lines, *self.tail_headings])


class OrganisationEntry(BaseModel):
    """One organisation of orgs.json (or of a user's --aliases file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    aliases: list[str] = []
    kind: Literal["company", "body"] = "company"


class OrgsTable(Table):
    """orgs.json: canonical organisations and the words around organisation names."""

    organisations: list[OrganisationEntry]
    main_subject_refs: list[str]
    descriptor_heads: list[str]
    legal_suffixes: list[str]
    name_words: list[str]
    """Company words that stay in an unknown company's name ("Kestrel Display Technologies"),
    unlike legal forms (Inc, Ltd), which go."""
    name_words_alone: list[str]
    """Name words that end a name only when no noun follows them: "Sol IP sued BYD", not
    "Acme Widgets IP update"."""
    institution_patterns: list[list[dict[str, Any]]]
    """Token patterns of universities and research foundations."""
    not_organisations: list[str]
    body_words: list[str]
    pronouns: list[str]
    first_person: list[str]
    not_name_words: list[str]
    document_words: list[str]
    """Words after a name that name a document ("JPO Annual Report 2024"), not the organisation."""


class ModalityTable(Table):
    """modality.json: words near a figure's verb that make it a forecast or a target."""

    forecast: list[str]
    target: list[str]


class RatesTable(Table):
    """rates.json: "per year", "each quarter" next to a figure, and phrases that only look so."""

    year: list[str]
    quarter: list[str]
    month: list[str]
    exclusions: list[str]


class MoneyTable(Table):
    """money.json: words that make an amount or a percentage R&D spending or revenue."""

    rd_cues: list[str]
    revenue_cues: list[str]
    row_words: frozenset[str]

    def names_an_amount(self, label: str) -> bool:
        """A table row label that names an amount of money: "Net sales", "R&D expenses"."""
        lower = label.lower()
        return bool(set(re.findall(r"[a-z&]+", lower)) & self.row_words) or any(
            cue in lower for cue in self.rd_cues
        )


class FlowsTable(Table):
    """flows.json: what makes a figure a flow over a period (filed, received, "patent
    recipients") rather than a stock held at a date, and the words of each patent status."""

    flow_context: list[str]
    flow_nouns: list[str]
    flow_units: frozenset[str]
    """Units counted over a period wherever they stand ("assignment", "design registration")."""
    flow_verbs: list[str]
    topic_flow_metrics: list[str]  # counts that are flows when the report is about a flow
    stock_verbs: frozenset[str]
    """Lemmas that make a count a holding in any report ("holds more than 90,000 patents")."""
    patent_status: dict[str, list[str]]


class GeoTable(Table):
    """geo.json: where a figure is limited to a place, and what is not a place."""

    geo_preps: list[str]
    patent_offices: dict[str, str]
    geo_aliases: dict[str, str]
    counting_offices: frozenset[str]
    """Patent offices whose own totals are theirs ("the USPTO issued 224,505 patents")."""
    office_verbs: frozenset[str]
    """What such an office does with its totals: issue, grant, receive, publish ..."""
    demonyms: dict[str, str]
    """ "Chinese", "US" (in "US-based") -> the country a group of organisations is from."""
    group_nouns: frozenset[str]
    geo_ignore: list[str]
    street_words: list[str]


class CountingTable(Table):
    """counting.json: how a figure finds what it counts, its rank and its scope."""

    rank_verbs: list[str]
    rank_nouns: list[str]
    rank_places: list[str]
    reference_nouns: frozenset[str]
    identifier_nouns: frozenset[str]
    list_verbs: frozenset[str]
    cardinal_rank_verbs: frozenset[str]
    outside_words: frozenset[str]
    missing_verbs: frozenset[str]
    price_nouns: frozenset[str]
    price_verbs: frozenset[str]
    rank_skip: list[str]
    rank_preps: list[str]
    rank_series: list[str]
    rank_moves: list[str]
    """Verbs of moving in a ranking: "dropped to sixth from fourth"."""
    comparison_cues: list[str]
    rank_participles: list[str]
    """ "second-placed", "third-ranked": an ordinal hyphenated to one is a rank."""
    compared_preps: list[str]
    """ "compared with the 3,093 from Samsung", "against 900 for Ericsson": a bare figure ..."""
    owner_preps: list[str]
    """... whose own preposition names its owner."""
    owned_by: list[str]
    """ "two patents owned by VLSI", "asserted by X": lemmas of participles whose agent owns."""
    granted_to: list[str]
    """ "3,000 patents granted to IBM": lemmas whose "to" object owns."""
    scope_preps: list[str]
    scope_verbs: list[str]
    example_preps: list[str]
    copulas: list[str]
    aggregates: list[str]
    containers: list[str]
    group_determiners: list[str]
    payment_verbs: list[str]
    place_verbs: list[str]
    """ "First place went to IBM": the rank is the organisation's that "to" names."""
    award_nouns: list[str]
    """ "a $20.3 million verdict against Medtronic", "a $8 million payment to Novellus": nouns of
    an amount one party owes another; "against" names the payer, "to" the payee."""
    order_verbs: list[str]
    """ "ordered Qualcomm to pay": their object is the payer of the amount."""
    struck_verbs: list[str]
    """ "Micron hit with a $445 million verdict": their subject is the payer."""
    change_words: list[str]
    # nouns an ordinal counts ("the sixth license agreement we have signed": six licences)
    ordinal_counts: list[str]
    filing_verbs: list[str]
    """ "filed 1,184 patents", "applied for 300 patents": patent applications, not patents."""
    filing_nouns: list[str]
    """ "applications for 1,184 patents": patent applications too."""
    projection_nouns: list[str]
    """ "within its guidance of 125 million to 145 million": a bare figure of a projection counts
    what the figure before it counts."""
    market_words: list[str]
    """ "the global EV battery market is worth $34.7 billion": a market's figure, no claim ..."""
    market_measures: list[str]
    """... also as "the size of the ... market"."""


class PeopleTable(Table):
    """people.json: titles of people and the verbs organisations do."""

    person_titles: list[str]
    org_verbs: list[str]


class SentencesTable(Table):
    """sentences.json: abbreviations that do not end a sentence, titles that keep a sentence
    for the parser."""

    abbreviations: list[str]
    prefilter_titles: list[str]
    english_words: list[str]
    """Function words that make up a large share of any English text and little of others."""
    english_share: float = Field(gt=0, lt=1)
    foreign_words: list[str]
    """Function words of the other languages we meet (der, les, los, het, och...)."""
    foreign_share: float = Field(gt=0, lt=1)


class ConfidenceTable(Table):
    """confidence.json: (source, raw score) -> calibrated confidence, fitted on real pages."""

    buckets: dict[str, float]

    @model_validator(mode="after")
    def _probabilities(self) -> ConfidenceTable:
        bad = {k: v for k, v in self.buckets.items() if not 0.0 <= v <= 1.0}
        if bad:
            raise ValueError(f"confidences must lie in [0, 1]: {bad}")
        return self


class ConflictsTable(Table):
    """conflicts.json: how far an approximate figure reaches when figures are compared."""

    approx_tolerance: float = Field(ge=0.0, lt=1.0)


class PdfTable(Table):
    """pdf.json: how the text layer of a PDF is read into paragraphs, tables and pages."""

    ligatures: dict[str, str]
    line_end_hyphens: list[str]
    """What PDFium reports for a hyphen that breaks a word at a line end (a soft hyphen)."""
    margin_share: float = Field(gt=0.0, lt=0.5)
    """Share of the page height at the top and at the bottom where headers and footers live."""
    repeat_share: float = Field(gt=0.0, le=1.0)
    """A margin line on at least this share of the pages (digits aside) is page furniture."""
    page_number_words: list[str]
    paragraph_gap: float = Field(gt=0.0)
    """A gap between two lines over this many line heights ends a paragraph."""
    short_line_share: float = Field(gt=0.0, le=1.0)
    """A line ending a sentence short of this share of its column's width ends a paragraph."""
    broken_line_share: float = Field(gt=0.0, le=1.0)
    """Any line ending short of this share of its column's width ends there (a list item, a
    teaser); longer lines are wrapped prose and joined."""
    cell_gap: float = Field(gt=0.0)
    """A gap between two pieces of one line over this many line heights separates cells."""
    column_width_share: float = Field(gt=0.0, le=1.0)
    """Text columns: the median line fills at least this share of the column's width."""


TABLES: dict[str, type[Table]] = {
    "units.json": UnitsTable,
    "qualifiers.json": QualifiersTable,
    "numbers.json": NumbersTable,
    "dates.json": DatesTable,
    "events.json": EventsTable,
    "boilerplate.json": BoilerplateTable,
    "orgs.json": OrgsTable,
    "modality.json": ModalityTable,
    "rates.json": RatesTable,
    "money.json": MoneyTable,
    "flows.json": FlowsTable,
    "geo.json": GeoTable,
    "counting.json": CountingTable,
    "people.json": PeopleTable,
    "sentences.json": SentencesTable,
    "confidence.json": ConfidenceTable,
    "conflicts.json": ConflictsTable,
    "pdf.json": PdfTable,
}
