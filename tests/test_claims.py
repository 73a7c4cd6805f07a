"""Claims: every case in tests/data/claims_cases.jsonl (a new rule adds a line, not a test)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.running.core import Extractor

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "claims_cases.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_claims_golden_sentences(case: dict[str, Any], extractor: Extractor) -> None:
    document = extractor.extract(case["text"], doc_id="case")
    found = {c.value_text: c.model_dump(mode="json") for c in document.claims}
    assert sorted(found) == sorted(e["value_text"] for e in case["claims"])
    for expected in case["claims"]:
        claim = found[expected["value_text"]]
        wrong = {k: (claim[k], v) for k, v in expected.items() if claim[k] != v}
        assert not wrong, f"{expected['value_text']}: (got, expected) {wrong}"


def test_claims_offsets_index_the_input(extractor: Extractor) -> None:
    text = "Acme’s “IP” report:\u00a0Acme held more than 1,000 imaging-related patents as of September 30, 2022."
    document = extractor.extract(text, doc_id="t")
    assert [text[c.start : c.end] for c in document.claims] == ["more than 1,000"]
    assert document.claims[0].text in text and document.claims[0].text.endswith(
        "September 30, 2022."
    )


def test_claims_repeated_figure_is_one_fact(extractor: Extractor) -> None:
    text = ("By the end of September 2022, Xiaomi had more than 29,000 patents.\n\n"
            "Xiaomi said it has more than 29,000 patents as of September 30, 2022.")  # fmt: skip
    document = extractor.extract(text, doc_id="t")
    assert len(document.claims) == 2 and len(document.facts) == 1
    assert document.facts[0].mentions == [c.claim_id for c in document.claims]


def test_claims_ids_are_stable(extractor: Extractor) -> None:
    text = "Xiaomi held more than 1,000 imaging-related patents as of September 30, 2022."
    first, second = extractor.extract(text, doc_id="a"), extractor.extract(text, doc_id="a")
    assert [c.claim_id for c in first.claims] == [c.claim_id for c in second.claims]
    assert first.claims[0].claim_id != extractor.extract(text, doc_id="b").claims[0].claim_id


def test_claims_subject_from_group_alias(extractor: Extractor) -> None:
    text = "Xiaomi Corporation releases IP white paper\n\nThe Group holds more than 700 patents in the field of smartphone charging."
    claim = extractor.extract(text, doc_id="t").claims[0]
    assert (claim.subject, claim.scope, claim.unit) == ("Xiaomi", "charging", "patent")


@pytest.mark.model
def test_claims_user_alias_file(tmp_path: Path) -> None:
    from pipeline.config import PipelineConfig

    aliases = tmp_path / "orgs.json"
    aliases.write_text(json.dumps([{"name": "Acme", "aliases": ["Acme Widgets Ltd.", "AWL"]}]))
    extractor = Extractor(PipelineConfig(aliases=aliases))
    document = extractor.extract("AWL holds 1,500 patents worldwide.", doc_id="t")
    assert document.subject == "Acme" and document.claims[0].subject == "Acme"


def test_claims_first_person_is_the_writer_outside_quotations(extractor: Extractor) -> None:
    text = (
        "Ericsson leads in granted 5G patents\n\n"
        "Ericsson is proud of its research. A new study by Borealis Consulting looked at 5G "
        "families. We invest over EUR 4 billion a year in R&D.\n\n"
        'Borealis Consulting said: "We reviewed more than 3,000 patents for the study."\n'
    )
    document = extractor.extract(text, doc_id="blog")
    subjects = {c.value_text: c.subject for c in document.claims}
    assert document.subject == "Ericsson"
    assert subjects["over EUR 4 billion"] == "Ericsson"  # the company whose page this is
    assert subjects["more than 3,000"] == "Borealis Consulting"  # the speaker of the quotation


def test_claims_the_two_patents_at_issue_are_counted(extractor: Extractor) -> None:
    """ "the two patents" states how many patents a case is about; "the two companies" only
    refers to companies named before."""
    text = (
        "Huawei and ZTE settled. The two companies said the two patents at issue in the case "
        "were licensed."
    )
    claims = extractor.extract(text, doc_id="group").claims
    assert [(c.value_text, c.unit) for c in claims] == [("two", "patent")]


def test_claims_case_numbers_are_not_counts(extractor: Extractor) -> None:
    text = (
        "Huawei asserted three patents against ZTE. The USPTO instituted review of U.S. Patent "
        "No. 9,254,338 B2 (subject of IPR2021-00881)."
    )
    claims = extractor.extract(text, doc_id="ids").claims
    assert [c.value_text for c in claims] == ["three"]


def test_claims_dots_between_thousands(extractor: Extractor) -> None:
    """ "30.000 patent families" is thirty thousand; "EUR 1.375 billion" and "2.125%" keep
    their decimals."""
    text = (
        "Nokia owns over 30.000 patent families. Its licensing revenue was EUR 1.375 billion, "
        "up 2.125%."
    )
    claims = {c.value_text: c.value for c in extractor.extract(text, doc_id="dots").claims}
    assert claims == {"over 30.000": 30000, "EUR 1.375 billion": 1375000000, "2.125%": 2.125}


@pytest.mark.parametrize(
    ("sentence", "value_text", "qualifier"),
    [
        ("Huawei sued Samsung over two patents.", "two", "exact"),
        ("Samsung complained to the ITC about five patents.", "five", "exact"),
        ("GlobalFoundries and TSMC clashed over 16 patents in Germany.", "16", "exact"),
        ("Nokia holds over 30,000 patents.", "over 30,000", "more_than"),
        ("Apple paid Qualcomm about USD 4.5 billion.", "about USD 4.5 billion", "approx"),
    ],
)
def test_claims_over_and_about_as_prepositions(
    sentence: str, value_text: str, qualifier: str, extractor: Extractor
) -> None:
    claims = extractor.extract(sentence, doc_id="prep").claims
    assert [(c.value_text, c.qualifier) for c in claims] == [(value_text, qualifier)]


def test_claims_currency_code_glued_to_the_amount(extractor: Extractor) -> None:
    text = "Huawei spent CNY131.7 billion on R&D, and Ericsson booked SEK2 billion of royalties."
    claims = extractor.extract(text, doc_id="glued").claims
    assert [(c.value_text, c.value, c.unit) for c in claims] == [
        ("CNY131.7 billion", 131_700_000_000, "CNY"),
        ("SEK2 billion", 2_000_000_000, "SEK"),
    ]


def test_claims_bare_changes_count_what_the_sentence_counted(extractor: Extractor) -> None:
    """ "(up by 1,332)" after "filings": a change in applications, not a stock of them; a
    particle ("set up nine institutes") is no change word."""
    text = (
        "Huawei had the largest increase in filings (up by 1,332), followed by Tencent (up 727). "
        "OPPO has set up nine research institutes."
    )
    claims = extractor.extract(text, doc_id="changes").claims
    assert [(c.value_text, c.unit, c.metric) for c in claims] == [
        ("1,332", "patent application", "other"),
        ("727", "patent application", "other"),
        ("nine", "research institute", "other"),
    ]


@pytest.mark.parametrize(
    ("sentence", "ranks"),
    [
        ("LG Energy Solution No.1, Samsung SDI No.2 in EV battery patents.", ["No.1", "No.2"]),
        ("Toyota moved up from second to first last year.", ["second", "first"]),
        ("GM dropped to sixth in 2020 from fourth a year earlier.", ["sixth", "fourth"]),
        ("Qualcomm was the second largest applicant, with 2,409 applications.", ["second"]),
        ("Microsoft held just under 6,000 families, rank six.", ["rank six"]),
        ("Nokia dropped the first lawsuit.", []),  # an ordinal after a verb is no rank
        (
            "Sony filed 449 applications (Sixteenth) and Canon 358 (twentieth).",
            ["Sixteenth", "twentieth"],
        ),  # an ordinal alone in brackets after a figure
        ("The second (and final) hearing is in May.", []),
    ],
)
def test_claims_ranks_as_news_writes_them(
    sentence: str, ranks: list[str], extractor: Extractor
) -> None:
    claims = extractor.extract(sentence, doc_id="ranks").claims
    assert [c.value_text for c in claims if c.metric == "rank"] == ranks


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("The ITC found that BOE had infringed three of Samsung Display's patents.", "three"),
        ("The investigation involves two of the twenty-four patents at issue.", "two"),
        ("More than 1,100 of its 5G families have been judged essential.", "More than 1,100"),
    ],
)
def test_claims_part_of_a_counted_whole(sentence: str, figure: str, extractor: Extractor) -> None:
    claims = {c.value_text: c for c in extractor.extract(sentence, doc_id="part").claims}
    assert claims[figure].unit in {"patent", "patent family"}


def test_claims_page_of_a_filing_counts_nothing(extractor: Extractor) -> None:
    text = "According to page 14 of InterDigital's Form 8-K filing, the deal closed."
    assert extractor.extract(text, doc_id="page").claims == []


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Massachusetts Institute of Technology came in 2nd with 278 patents.",
         "Massachusetts Institute of Technology"),
        ("Kestrel Display Technologies holds 1,370 display patents.",
         "Kestrel Display Technologies"),
        ("Arvion Technologies holds 640 patents.", "Arvion"),  # a brand alone drops the word
        ("Norvane Widgets Inc. holds 1,500 patents.", "Norvane Widgets"),  # a legal form goes
    ],
)  # fmt: skip
def test_claims_unknown_company_names_keep_their_words(
    sentence: str, subject: str, extractor: Extractor
) -> None:
    (claim, *_) = extractor.extract(sentence, doc_id="names").claims
    assert claim.subject == subject


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("A jury found that Lenovo owes $41 million in royalties to InterDigital.",
         "InterDigital"),  # the "to" object receives
        ("The jury ordered Lenovo to pay $41 million for infringing four InterDigital "
         "patents.", "InterDigital"),  # the payer is named; the other party is paid
        ("Lenovo was hit with a $41 million verdict in a InterDigital patent trial.",
         "InterDigital"),
        ("The court upheld a $41 million damages award to InterDigital.", "InterDigital"),
        ("Lenovo, Asus and Acer paid $41 million for 600 InterDigital "
         "patents.", "InterDigital"),  # the payers' conjuncts are payers too
        ("InterDigital claimed that Lenovo owed $41 million in unpaid royalties.",
         "Lenovo"),  # a party of a clause above is not named as the payee
        ("InterDigital was awarded $41 million after Lenovo lost the trial.",
         "InterDigital"),  # a passive's subject is the one paid
    ],
)  # fmt: skip
def test_claims_money_owed_goes_to_the_party_paid(
    sentence: str, subject: str, extractor: Extractor
) -> None:
    (claim,) = [c for c in extractor.extract(sentence, doc_id="paid").claims if c.unit == "USD"]
    assert claim.subject == subject


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Last year, Korean companies filed over half of all battery patents.", "South Korea"),
        ("US-based companies led all countries with 41,200 granted patents.", "United States"),
        ("Overall, EU-based firms raised R&D investment by 6.3%.", "European Union"),
        ("Taiwanese universities' patents rose 12 percent.", "Taiwan"),
        ("Japanese inventors filed 8,400 applications at the office.", "Japan"),
    ],
)  # fmt: skip
def test_claims_a_group_of_one_countrys_organisations_is_that_country(
    sentence: str, subject: str, extractor: Extractor
) -> None:
    """A national total has the country as subject, however the group is named."""
    (claim, *_) = extractor.extract(sentence, doc_id="group").claims
    assert claim.subject == subject


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Ericsson filed 900 applications. The USPTO issued 224,505 utility patents in 2011.",
         "USPTO"),
        ("Ericsson filed 900 applications. The EPO received 152,700 applications in 2015.", "EPO"),
        ("Ericsson filed 900 applications. The USPTO granted Nokia 1,500 patents.", "Nokia"),
        ("Ericsson filed 900 applications. The EPO came second with 10,266 patents.", "Ericsson"),
        ("Ericsson filed 900 applications. The EPO says applications grew by 3.1 percent.",
         "EPO"),  # the office tells its own total
    ],
)  # fmt: skip
def test_claims_an_office_is_the_subject_of_its_own_totals(
    sentence: str, subject: str, extractor: Extractor
) -> None:
    """An office that issues, grants or receives is the subject of that total; one that is
    granted to somebody, or a name in a ranking, is not."""
    claim = extractor.extract(sentence, doc_id="office").claims[-1]
    assert claim.subject == subject


def test_claims_a_semicolon_list_of_names_and_figures(extractor: Extractor) -> None:
    """ "Verizon (VZ), 42; Apple (AAPL), 41; Huawei, 32": each figure is its company's, a stock
    ticker between them or not."""
    text = "Google (GOOG) was hit with 43 suits last year; Verizon (VZ), 42; Apple (AAPL), 41; Huawei, 32."
    claims = extractor.extract(text, doc_id="semicolons").claims
    assert [(c.value_text, c.subject, c.unit) for c in claims] == [
        ("43", "Google", "lawsuit"),
        ("42", "Verizon", "lawsuit"),
        ("41", "Apple", "lawsuit"),
        ("32", "Huawei", "lawsuit"),
    ]


def test_claims_a_place_that_goes_to_a_company_is_its_rank(extractor: Extractor) -> None:
    """ "First place went to IBM", "second place fell to Canon": the organisation "to" names."""
    text = (
        "Samsung filed 6,000 applications. First place went to IBM, and second place fell to Canon."
    )
    ranks = [(c.value_text, c.subject) for c in extractor.extract(text, doc_id="place").claims]
    assert ("First", "IBM") in ranks and ("second", "Canon") in ranks


def test_claims_a_parent_and_its_subsidiary_stay_apart(extractor: Extractor) -> None:
    """The text's own company: Alphabet, the parent, is not Google, its subsidiary."""
    text = (
        "Alphabet, the parent company of Google, spent EUR 23 billion on research. "
        "Google received 870 patents."
    )
    claims = extractor.extract(text, doc_id="parent").claims
    assert [(c.value_text, c.subject) for c in claims] == [
        ("EUR 23 billion", "Alphabet"),
        ("870", "Google"),
    ]


def test_claims_a_rank_in_brackets_is_the_rank_of_the_figure_before(
    extractor: Extractor,
) -> None:
    """ "China: 143.7% (First)": the rank is the row's, a country's as much as a company's."""
    text = "Growth of applications in 2005\nChina: 143.7% (First)\nKorea: 133.6% (Second)"
    claims = extractor.extract(text, doc_id="ranked-rows").claims
    assert [(c.value_text, c.subject) for c in claims if c.unit == "rank"] == [
        ("First", "China"),
        ("Second", "South Korea"),
    ]


def test_claims_items_of_an_enumeration_in_brackets(extractor: Extractor) -> None:
    """ "followed by AUO (228, up 3 percent) and Nanya (219, down 12 percent)": each bracket is
    one company's, its bare count counts what the first figure counts (not the percentage
    between them), and a bare count after "filed" counts applications."""
    text = (
        "TSMC filed 1,000 applications, followed by AUO Corp. (228, up 3 percent) and Nanya "
        "Technology Corp. (219, down 12 percent). Samsung filed 1,974 during the year."
    )
    claims = extractor.extract(text, doc_id="brackets").claims
    assert [(c.value_text, c.subject, c.unit) for c in claims] == [
        ("1,000", "TSMC", "patent application"),
        ("228", "AUO", "patent application"),
        ("3 percent", "AUO", "percent"),
        ("219", "Nanya", "patent application"),
        ("12 percent", "Nanya", "percent"),
        ("1,974", "Samsung", "patent application"),
    ]


def test_claims_national_totals_of_applicants_from_a_country(extractor: Extractor) -> None:
    text = "Huawei filed 3,442 applications. Applicants from China increased 18.7 per cent."
    claims = extractor.extract(text, doc_id="national").claims
    assert [(c.value_text, c.subject) for c in claims] == [
        ("3,442", "Huawei"),
        ("18.7 per cent", "China"),
    ]


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("The number of U.S. patents in 2016: 162 - University of Michigan, United States",
         "University of Michigan"),
        ("With 505 patents issued last year, the University of California ranked No. 1.",
         "University of California"),
        ("Stanford University came third with 244 patents.", "Stanford University"),
        ("Purdue Research Foundation received 114 patents.", "Purdue Research Foundation"),
    ],
)  # fmt: skip
def test_claims_universities_are_subjects(
    sentence: str, subject: str, extractor: Extractor
) -> None:
    claims = extractor.extract(sentence, doc_id="uni").claims
    assert claims and {c.subject for c in claims} == {subject}
    assert all(c.unit in {"patent", "rank"} for c in claims)


def test_claims_bare_figure_after_with_counts_what_came_before(extractor: Extractor) -> None:
    text = (
        "IBM topped the list with 9,435 US patents. LG came in third with 5,112, up 4 percent. "
        "A year before, Ford led the industry with 2,468."
    )
    claims = {c.value_text: c for c in extractor.extract(text, doc_id="with").claims}
    assert (claims["5,112"].unit, claims["5,112"].subject) == ("patent", "LG")
    assert (claims["2,468"].unit, claims["2,468"].subject) == ("patent", "Ford")


@pytest.mark.parametrize(
    ("sentence", "ranks"),
    [
        ("Among the top 50 applicants, Huawei had the largest increase in filings.", []),
        ("The top three companies had similar patent filing profiles.", []),
        ("The families were sought by the top 10 drug companies in 2009.", []),
        ("Sony was among the top 10 applicants at the European Patent Office.", ["top 10"]),
        ("Canon has ranked among the top five in U.S. patent grants.", ["top five"]),
        # a caption or headline that opens with it names the group of a list
        ("World's Top 20 Patent-Producing Universities In 2016", []),
        ("Top 20 patent-producing universities in the world:", []),
        ("Top Ten U.S. Patent Recipients for 2014", []),
        # a rank stated in the sentence: the top N is the group it is ranked in
        (
            "Stanford University ranked No. 1 among the world's top 100 patent-producing "
            "universities.",
            ["No. 1"],
        ),
    ],
)
def test_claims_the_top_n_as_a_group_is_no_rank(
    sentence: str, ranks: list[str], extractor: Extractor
) -> None:
    claims = extractor.extract(sentence, doc_id="top").claims
    assert [c.value_text for c in claims if c.metric == "rank"] == ranks


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("ZTE filed 1,184 patents with the EPO in 2012.", "patent application"),
        ("ZTE applied for 1,184 patents in Europe in 2012.", "patent application"),
        ("ZTE filed applications for 1,184 patents in Europe in 2012.", "patent application"),
        ("ZTE was granted 3,000 patents in the US in 2020.", "patent"),
        ("ZTE received 2,100 patents from the USPTO in 2021.", "patent"),
    ],
)
def test_claims_patents_filed_for_are_applications(
    text: str, unit: str, extractor: Extractor
) -> None:
    assert [c.unit for c in extractor.extract(text, doc_id="t").claims] == [unit]


def test_claims_a_pronoun_subject_of_a_copula_counts_nothing(extractor: Extractor) -> None:
    # "it was the largest filer of X": what the filer files is counted, never "it"
    text = (
        "Citing WIPO data, Ericsson said it was the largest filer of international patent "
        "applications in 2021, with 4,100 compared with the 3,200 of Nokia."
    )
    units = {c.unit for c in extractor.extract(text, doc_id="t").claims}
    assert "it" not in units and "patent application" in units


def test_claims_a_hyphenated_rank_is_the_rank_of_the_name_it_modifies(
    extractor: Extractor,
) -> None:
    text = (
        "Kestrel Systems led all filers in 2022 with 4,210 applications, compared with the 2,980 "
        "from second-placed Norvane Holdings. Acme received 1,500 patents, against 640 for "
        "third-ranked Borealis Electronics."
    )
    claims = {c.value_text: c for c in extractor.extract(text, doc_id="ranked").claims}
    assert (claims["second"].unit, claims["second"].value) == ("rank", 2)
    assert claims["second"].subject == claims["2,980"].subject != claims["4,210"].subject
    assert claims["2,980"].unit == claims["4,210"].unit == "patent application"
    assert (claims["third"].unit, claims["third"].value) == ("rank", 3)
    assert (claims["640"].unit, claims["640"].subject) == ("patent", claims["third"].subject)
    assert claims["1,500"].subject == "Acme"
    # a figure with its own verb keeps that verb's subject: the seller is no owner
    sold = extractor.extract("Sony bought 800 patents from IBM in 2021.", doc_id="from").claims
    assert [(c.value_text, c.subject) for c in sold] == [("800", "Sony")]


def test_claims_a_move_from_the_nth_to_the_mth_is_two_ranks(extractor: Extractor) -> None:
    text = (
        "Borealis Electronics received 1,413 US patents in 2017, up 63 percent, and ascended "
        "from the 40th to the 21st among all recipients."
    )
    claims = {c.value_text: c for c in extractor.extract(text, doc_id="moves").claims}
    assert (claims["40th"].unit, claims["40th"].value) == ("rank", 40)
    assert (claims["21st"].unit, claims["21st"].value) == ("rank", 21)
    assert claims["63 percent"].unit == "percent"


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Acme infringed two patents owned by Norvane Holdings Inc, a jury found.", "Norvane"),
        ("One of the three patents asserted by Nokia against Acme was found invalid.", "Nokia"),
        ("Acme Corp later bought 3,000 patents granted to IBM between 2001 and 2010.", "IBM"),
        ("The ITC banned imports of five Apple products after a complaint by Samsung.", "Apple"),
        # the clause's own subject when the counted noun names no owner
        ("Google acquired 17,000 patents from Motorola in 2012.", "Google"),
    ],
)
def test_claims_the_counted_nouns_own_phrase_names_its_owner(
    text: str, owner: str, extractor: Extractor
) -> None:
    assert [c.subject for c in extractor.extract(text, doc_id="owner").claims][:1] == [owner]


def test_claims_a_bare_number_that_was_granted_counts_the_patents_named_before(
    extractor: Extractor,
) -> None:
    """ "more than 6,000 were granted in China": patents, as the sentence named them; a bare
    number that was granted nothing named is no claim."""
    text = (
        "Out of Kestrel's 70,000 patents, more than 6,000 were granted in China and close to "
        "3,000 were granted in Japan.\n\nAbout 40 were issued to the team last year."
    )
    claims = {c.value_text: c for c in extractor.extract(text, doc_id="g").claims}
    assert sorted(claims) == ["70,000", "close to 3,000", "more than 6,000"]
    assert claims["more than 6,000"].unit == "patent" and claims["more than 6,000"].geo == "China"


@pytest.mark.parametrize(
    "text",
    [
        "The rest of the top ten list includes Kestrel's program control units.",
        "In fact, 16 companies in the top 50 produced fewer patents than last year, Acme said.",
    ],
)
def test_claims_a_top_n_inside_the_subject_is_the_list_not_a_rank(
    text: str, extractor: Extractor
) -> None:
    claims = extractor.extract(text, doc_id="top").claims
    assert not [c for c in claims if c.metric == "rank"]


def test_claims_a_signed_percentage_is_a_change(extractor: Extractor) -> None:
    """ "(-0.4% compared to 2022)", "(+0.7%)": changes with their sign, metric other."""
    text = "In 2023, Kestrel filed 2,152 applications at the EPO (-0.4% compared to 2022)."
    claims = {c.value_text: c for c in extractor.extract(text, doc_id="s").claims}
    assert (claims["-0.4%"].value, claims["-0.4%"].metric) == (-0.4, "other")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kestrel filed 430 applications in the first half of the year.", ["430"]),
        ("The court found that Acme's U.S. patent 8,992,608 is valid.", []),
        ("Acme asserted the same 11 patents (8,213,870; 8,238,832) against Kestrel.", ["11"]),
        (
            "The court ruled that Samsung could claim 9.96 million yen from Apple.",
            ["9.96 million yen"],
        ),
    ],
)
def test_claims_patent_numbers_and_the_half_of_a_year_are_no_figures(
    text: str, expected: list[str], extractor: Extractor
) -> None:
    assert [c.value_text for c in extractor.extract(text, doc_id="n").claims] == expected


def test_claims_a_number_right_after_ranked_is_a_rank(extractor: Extractor) -> None:
    text = (
        "Kestrel University has 53 patents and is ranked 44. Borealis University is ranked at 59 "
        "with 42 patents. Acme ranked 44 universities by licensing income."
    )
    claims = {(c.value_text, c.subject): c.unit for c in extractor.extract(text, doc_id="r").claims}
    assert claims[("44", "Kestrel University")] == "rank"
    assert claims[("59", "Borealis University")] == "rank"
    assert claims.get(("44", "Acme")) != "rank"  # 44 universities are counted, not a place


def test_claims_half_a_million_and_the_base_of_a_rate(extractor: Extractor) -> None:
    text = (
        "Kestrel holds over half a million patents in this area. Its density reached 13.3 "
        "patents per 10,000 people."
    )
    claims = {c.value_text: c for c in extractor.extract(text, doc_id="h").claims}
    assert claims["over half a million"].value == 500_000
    assert "10,000" not in claims  # the base of a rate is no one's count
