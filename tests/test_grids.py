"""Tables, lists and enumerations: the grid reader on its own (no model), then the claims of
the whole pipeline on ranking pages written by us, in every form the reader knows."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from pipeline.grids.cells import Role, number_of
from pipeline.grids.reader import find_grids
from pipeline.reading.clean import clean
from pipeline.rules.grid_table import GridRules
from pipeline.rules.loading import Rules, load_rules, read_table
from pipeline.running.core import Extractor

GRID_RULES = load_rules().grids

ROWS = [  # rank, company, grants 2023, change
    ("1", "IBM", "9,043", "-5%"),
    ("2", "Samsung Electronics Co., Ltd.", "6,165", "+2%"),
    ("3", "Canon Inc.", "3,547", "+1%"),
    ("4", "Tarnwick Optics KK", "2,904", "+8%"),
    ("Total", "", "21,659", ""),
]
INTRO = (
    "Top US patent recipients of 2023\n\n"
    "IBM again received more patents from the USPTO than any other company. "
    "The table below lists the largest recipients of US patent grants in 2023.\n\n"
)
OUTRO = "\nSamsung said its filings would stay at this level.\n"


def tab_table() -> str:
    lines = ["Rank\tCompany\tGrants\tChange"]
    lines += ["\t".join((r, c, g, ch)) for r, c, g, ch in ROWS if c]
    return INTRO + "\n".join(lines) + "\n" + OUTRO


def pipe_table() -> str:
    lines = ["| Rank | Company | Grants | Change |", "|---|---|---|---|"]
    lines += [f"| {r} | {c} | {g} | {ch} |" for r, c, g, ch in ROWS if c]
    return INTRO + "\n".join(lines) + "\n" + OUTRO


def flat_row() -> str:
    cells = " ".join(f"{r} {c} {g} {ch}" for r, c, g, ch in ROWS if c)
    return INTRO + f"Rank Company Grants Change {cells}\n" + OUTRO


def html_page() -> str:
    rows = "".join(
        f"<tr><td>{r}</td><td>{c}</td><td>{g}</td><td>{ch}</td></tr>" for r, c, g, ch in ROWS if c
    )
    paragraph = INTRO.split("\n\n")[1]
    return (
        "<!doctype html><html><head><title>Top US patent recipients of 2023</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/ip'>IP news</a> <a href='/about'>About us</a></nav>"
        f"<article><h1>Top US patent recipients of 2023</h1><p>{paragraph}</p>"
        "<table><tr><th>Rank</th><th>Company</th><th>Grants</th><th>Change</th></tr>"
        f"{rows}</table><p>{OUTRO.strip()}</p></article>"
        "<footer>Copyright 2024 Example Media</footer></body></html>"
    )


def grids_of(text: str, rules: Rules) -> list:
    cleaned = clean(text, rules)
    return find_grids(cleaned.lines, cleaned.blocks, GRID_RULES)


# -- the reader, without the model -------------------------------------------------------------
@pytest.mark.parametrize("make", [tab_table, pipe_table, flat_row], ids=["tab", "pipe", "flat"])
def test_grids_reads_columns_and_cells(make, rules: Rules) -> None:
    text = make()
    (grid,) = grids_of(text, rules)
    assert [c.role for c in grid.columns] == [Role.rank, Role.name, Role.count, Role.change]
    assert [c.header.text for c in grid.columns if c.header] == [
        "Rank", "Company", "Grants", "Change",
    ]  # fmt: skip
    names = [row.cells[1].text for row in grid.rows]
    assert names == ["IBM", "Samsung Electronics Co., Ltd.", "Canon Inc.", "Tarnwick Optics KK"]
    for row in grid.rows:  # every cell indexes the text it came from
        for cell in row.cells:
            assert cell is not None and text[cell.start : cell.end] == cell.text


def test_grids_flattened_rows_stop_before_the_next_sentence(rules: Rules) -> None:
    text = (
        "Rank Grants Assignee 1 8120 Acme Corp 2 5307 Borealis Electronics Co Ltd 3 4411 "
        "Kestrel KK. The list shows how far ahead the leader is.\n"
    )
    (grid,) = grids_of(text, rules)
    assert [row.cells[2].text for row in grid.rows] == [
        "Acme Corp", "Borealis Electronics Co Ltd", "Kestrel KK",
    ]  # fmt: skip
    assert grid.end < text.index("The list")


def test_grids_lists_pair_names_with_figures(rules: Rules) -> None:
    text = (
        "Largest 5G SEP holders:\n\n1. Huawei - 3,410\n2. ZTE: 2,905 families\n3. LG (2,640)\n\n"
        "Fastest growth:\n\n- Kestrel Display Inc., +412%\n- vivo, +64%\n"
    )
    numbered, bulleted = grids_of(text, rules)
    assert [(r.cells[0].text, r.cells[1].text, r.cells[2].text) for r in numbered.rows] == [
        ("1", "Huawei", "3,410"), ("2", "ZTE", "2,905"), ("3", "LG", "2,640"),
    ]  # fmt: skip
    assert numbered.rows[1].tail is not None and numbered.rows[1].tail.text == "families"
    assert [(r.cells[0], r.cells[1].text, r.cells[2].text) for r in bulleted.rows] == [
        (None, "Kestrel Display Inc.", "+412%"), (None, "vivo", "+64%"),
    ]  # fmt: skip


def test_grids_country_table_names_rows_by_its_only_word_column(rules: Rules) -> None:
    text = (
        "European patent applications by country of origin, 2024\n\n"
        "Country of origin     Rank   Applications      +/-    Share\n"
        "United States            1         47,930   -1,225    24.1%\n"
        "Germany                  2         25,033      +67    12.6%\n"
        "Japan                    3         21,510      -10    10.8%\n"
        "Total, all origins                199,264       +0    100.0%\n"
    )
    (grid,) = grids_of(text, rules)
    roles = [c.role for c in grid.columns]
    assert roles == [Role.name, Role.rank, Role.count, Role.change, Role.share]
    assert [r.cells[0].text for r in grid.rows] == ["United States", "Germany", "Japan"]


def test_grids_change_signs_notes_and_other_rows(rules: Rules) -> None:
    text = (
        "US patent grants by company, 2024\n\n"
        "Company                  Grants 2024        \u0394\n"
        "Samsung Electronics            6,377      +211\n"
        "Huawei Technologies            2,505\u00b9    \u2212640\n"
        "Kestrel Labs Inc.              1,186      +402\n"
        "All other applicants         176,940    \u22122,081\n"
    )
    (grid,) = grids_of(text, rules)
    assert [c.role for c in grid.columns] == [Role.name, Role.count, Role.change]
    assert not GRID_RULES.is_not_name("Kestrel Labs Inc.")
    assert GRID_RULES.is_not_name(grid.rows[-1].cells[0].text)


def test_grids_list_items_with_dashes_shares_and_totals(rules: Rules) -> None:
    text = (
        "Declared 5G families:\n\n- ZTE: 2,905 families (9.1%)\n"
        "- Fraunhofer-Gesellschaft \u2014 142 patents\n- All others: 10,132 families (31.7%)\n"
    )
    (grid,) = grids_of(text, rules)
    cells = [[c.text if c else None for c in r.cells] for r in grid.rows]
    assert cells == [
        [None, "ZTE", "2,905", "9.1%"],
        [None, "Fraunhofer-Gesellschaft", "142", None],
        [None, "All others", "10,132", "31.7%"],  # a row of the list that names no one
    ]
    assert grid.rows[0].tail is not None and grid.rows[0].tail.text == "families"


def test_grids_flattened_header_with_two_year_columns(rules: Rules) -> None:
    text = (
        "Rank Institution Patents 2023 Patents 2022 1 University of California 431 497 "
        "2 Stanford University 244 262 3 Tsinghua University 209 171\n"
    )
    (grid,) = grids_of(text, rules)
    assert [c.header.text for c in grid.columns if c.header] == [
        "Rank", "Institution", "Patents 2023", "Patents 2022",
    ]  # fmt: skip
    assert [r.cells[3].text for r in grid.rows] == ["497", "262", "171"]


def test_grids_list_item_with_a_bracketed_country(rules: Rules) -> None:
    text = (
        "Top PCT applicants of 2023:\n\n1) Huawei Technologies (China): 6,494 applications\n"
        "2) Samsung Electronics (Republic of Korea): 3,924 applications\n"
    )
    (grid,) = grids_of(text, rules)
    assert [(r.cells[0].text, r.cells[1].text) for r in grid.rows] == [
        ("1", "Huawei Technologies"), ("2", "Samsung Electronics"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "- Honor aims to hold more than 10,000 granted patents by the end of 2026\n"
        "- It plans to keep R&D investment above 10% of revenue each year\n",
        "- RMB 21.6 billion invested in R&D in 2022\n- RMB 18.8 billion in 2021\n",
        "- 2019: 3,548 U.S. patents\n- 2020: 3,420 U.S. patents\n",
        "Huawei filed 7,689 applications.  Samsung filed 4,387.\nZTE filed 2,000.\n",
    ],
    ids=["sentences-in-bullets", "money", "years", "prose-with-double-spaces"],
)
def test_grids_prose_is_not_a_grid(text: str, rules: Rules) -> None:
    assert grids_of(text, rules) == []


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("8,120", (8120.0, "exact", False)),
        ("23.4%", (23.4, "exact", True)),
        ("+412%", (412.0, "exact", True)),
        ("-67", (-67.0, "exact", False)),
        ("c. 3,000", (3000.0, "approx", False)),
        (">5,000", (5000.0, "more_than", False)),
        ("\u2212640", (-640.0, "exact", False)),  # a typeset minus
        ("2,505\u00b9", (2505.0, "exact", False)),  # a footnote mark
        (">90*", (90.0, "more_than", False)),
        ("Acme", None),
        ("3,410 families", None),
    ],
)
def test_grids_cell_numbers(cell: str, expected: tuple | None) -> None:
    assert number_of(cell, GRID_RULES) == expected


def test_grids_rule_table_is_typed() -> None:
    table = {k: v for k, v in read_table("grids.json").items() if not k.startswith("_")}
    with pytest.raises(ValidationError):
        GridRules.model_validate({**table, "rank_header": ["rank"]})  # a misspelt key
    with pytest.raises(ValidationError):
        bad = {**table["count_headers"], "grants": ["patent", "granted_patents", None]}
        GridRules.model_validate({**table, "count_headers": bad})  # a metric we do not know


# -- claims, with the model --------------------------------------------------------------------
def table_claims(extractor: Extractor, text: str, name: str) -> set[tuple]:
    document = extractor.extract(text, doc_id=name, path=name)
    assert document.status == "ok", document.error
    for claim in document.claims:
        assert document.claims and claim.value_text == claim.value_text.strip()
    return {
        (c.subject, c.metric.value, c.unit, c.value, c.as_of, c.period_start, c.period_end, c.geo)
        for c in document.claims
        if c.source.value == "table"
    }


@pytest.mark.model
def test_grids_html_text_and_flattened_tables_give_the_same_claims(extractor: Extractor) -> None:
    html = table_claims(extractor, html_page(), "page.html")
    assert html == table_claims(extractor, tab_table(), "table.txt")
    assert html == table_claims(extractor, pipe_table(), "table.md")
    assert html == table_claims(extractor, flat_row(), "flat.txt")
    assert ("Samsung", "patents", "patent", 6165.0, None, "2023", "2023", "United States") in html
    assert ("Tarnwick Optics", "rank", "rank", 4.0, None, "2023", "2023", "United States") in html
    assert ("Canon", "other", "percent", 1.0, None, "2023", "2023", "United States") in html
    assert len(html) == 12  # rank, grants and change of four rows; nothing from the header


@pytest.mark.model
def test_grids_claims_trace_to_cells_and_rows(extractor: Extractor) -> None:
    text = tab_table()
    document = extractor.extract(text, doc_id="t")
    table = [c for c in document.claims if c.source.value == "table"]
    assert table
    for claim in table:
        assert text[claim.start : claim.end] == claim.value_text
        assert claim.text in text and claim.value_text in claim.text  # the evidence is its row
    assert not [c for c in document.claims if c.unit in {"ibm", "samsung electronic", "canon"}]
    assert {c.subject for c in table} == {"IBM", "Samsung", "Canon", "Tarnwick Optics"}


@pytest.mark.model
def test_grids_prose_enumeration_gives_each_company_its_figure(extractor: Extractor) -> None:
    text = (
        "Huawei led the 5G declarations with 3,410 declarations, followed by ZTE with 2,905, "
        "LG (2,640) and Ericsson 2,210."
    )
    found = {
        c.value_text: (c.subject, c.metric.value, c.source.value)
        for c in extractor.extract(text).claims
    }
    assert found == {
        "3,410": ("Huawei", "standard_essential_patents", "list"),
        "2,905": ("ZTE", "standard_essential_patents", "list"),
        "2,640": ("LG", "standard_essential_patents", "list"),
        "2,210": ("Ericsson", "standard_essential_patents", "list"),
    }


@pytest.mark.model
def test_grids_respectively_pairs_names_and_figures(extractor: Extractor) -> None:
    text = "Samsung and Qualcomm filed 3,610 and 2,270 patent applications respectively in 2023."
    found = {
        c.value_text: (c.subject, c.metric.value, c.period_start)
        for c in extractor.extract(text).claims
    }
    assert found == {
        "3,610": ("Samsung", "patent_applications", "2023"),
        "2,270": ("Qualcomm", "patent_applications", "2023"),
    }


@pytest.mark.model
def test_grids_list_context_gives_unit_date_and_scope(extractor: Extractor) -> None:
    text = (
        "SEP report\n\nThe largest holders of declared 5G SEP families at the end of 2023:\n\n"
        "1. Huawei - 6,480\n2. Qualcomm - 4,950\n3. Samsung - 4,720\n"
    )
    claims = extractor.extract(text).claims
    counts = {c.subject: c for c in claims if c.metric.value != "rank"}
    assert set(counts) == {"Huawei", "Qualcomm", "Samsung"}
    huawei = counts["Huawei"]
    assert (huawei.value, huawei.unit, huawei.metric.value) == (
        6480.0, "patent family", "standard_essential_patents",
    )  # fmt: skip
    assert (huawei.as_of, huawei.scope, huawei.source.value) == ("2023-12-31", "5G", "list")
    ranks = sorted((c.value, c.subject) for c in claims if c.metric.value == "rank")
    assert ranks == [(1.0, "Huawei"), (2.0, "Qualcomm"), (3.0, "Samsung")]


@pytest.mark.model
def test_grids_rows_name_organisations_for_the_prose(extractor: Extractor) -> None:
    text = (
        "University patent ranking\n\nThe table below lists universities by US patents granted "
        "in 2023.\n\nRank\tUniversity\tGrants\n1\tAldermoor Institute of Technology\t494\n"
        "2\tUniversity of Westmarch\t361\n3\tKelbrook University\t347\n\n"
        "Aldermoor Institute of Technology received 494 US patents in 2023, more than any other "
        "university.\n"
    )
    claims = extractor.extract(text).claims
    prose = [c for c in claims if c.source.value == "sentence" and c.value == 494]
    assert [c.subject for c in prose] == ["Aldermoor Institute of Technology"]


def test_grids_snapshot_of_schema_has_source_and_page() -> None:
    from models import json_schema

    claim = json_schema()["$defs"]["Claim"]["properties"]
    assert set(json.loads(json.dumps(claim["source"]))) >= {"default"}
    assert "page" in claim


@pytest.mark.model
def test_grids_status_words_of_the_introduction_reach_every_cell(extractor: Extractor) -> None:
    text = (
        "University patents\n\nThe table below lists US patents granted to universities in 2023.\n\n"
        "Rank\tInstitution\tPatents\n1\tUniversity of California\t431\n"
        "2\tStanford University\t244\n3\tTsinghua University\t209\n"
    )
    document = extractor.extract(text, doc_id="u")
    counts = [
        c for c in document.claims if c.source.value == "table" and c.metric.value == "patents"
    ]
    assert [(c.subject, c.value, c.patent_status) for c in counts] == [
        ("University of California", 431, "granted"),
        ("Stanford University", 244, "granted"),
        ("Tsinghua University", 209, "granted"),
    ]


@pytest.mark.model
def test_grids_ranked_list_without_numbers_gives_ranks_by_position(extractor: Extractor) -> None:
    ranked = (
        "Generative AI leaders\n\nThe top ten applicants by generative AI patent families, "
        "2014-2023:\n\n- Tencent: 2,074 families\n- Kestrel Labs Inc.: 1,564 families\n"
        "- Baidu: 1,234 families\n"
    )
    document = extractor.extract(ranked, doc_id="r")
    ranks = [c for c in document.claims if c.metric.value == "rank"]
    assert [(c.subject, c.value, c.value_text, c.implied) for c in ranks] == [
        ("Tencent", 1, "Tencent", True),
        ("Kestrel Labs", 2, "Kestrel Labs Inc.", True),
        ("Baidu", 3, "Baidu", True),
    ]
    for claim in ranks:
        assert ranked[claim.start : claim.end] == claim.value_text
    unranked = ranked.replace("The top ten applicants by", "Large filers of")
    document = extractor.extract(unranked, doc_id="u")
    assert not [c for c in document.claims if c.metric.value == "rank"]
    assert not [c for c in document.claims if c.implied]


@pytest.mark.model
def test_grids_year_columns_date_their_cells_and_the_latest_dates_ranks(
    extractor: Extractor,
) -> None:
    text = (
        "US patent grants\n\nThe table below lists US patent grants in 2022 and 2023.\n\n"
        "Rank\tCompany\t2022\t2023\tChange\n1\tSamsung\t6,248\t6,165\t-83\n"
        "2\tKestrel Labs\t2,890\t3,166\t+276\n3\tBorealis Electronics\t2,441\t2,830\t+389\n"
    )
    document = extractor.extract(text, doc_id="y")
    table = {(c.subject, c.value_text): c for c in document.claims if c.source.value == "table"}
    assert table["Samsung", "6,248"].period_start == "2022"
    assert table["Samsung", "6,165"].period_start == "2023"
    assert table["Samsung", "-83"].period_start == "2023"
    assert table["Samsung", "-83"].metric.value == "other"
    assert (table["Samsung", "1"].period_start, table["Samsung", "1"].as_of) == ("2023", None)
    assert len(table) == 12


def test_grids_header_line_then_one_row_a_line_with_single_spaces(rules: Rules) -> None:
    text = (
        "Top recipients of 2014\n\nRank Company No. Patents\n1 Acme Corp (U.S.) 7,534\n"
        "2 Borealis Electronics (Korea) 4,952\n3 Kestrel KK (Japan) 4,055\n*Based on weekly counts.\n"
    )
    (grid,) = grids_of(text, rules)
    assert [c.role for c in grid.columns] == [Role.rank, Role.name, Role.count]
    assert [(r.cells[0].text, r.cells[2].text) for r in grid.rows] == [
        ("1", "7,534"), ("2", "4,952"), ("3", "4,055"),
    ]  # fmt: skip
    assert grid.end < text.index("*Based")


def test_grids_table_scraped_one_cell_a_line(rules: Rules) -> None:
    cells = ["Country", "Company/Org", "2021 Patents", "Change From 2020"]
    cells += ["U.S.", "Acme Corporation", "8,540", "-9%", "Japan", "Kestrel K.K.", "3,400", "-8%"]
    text = "Most new patents in 2021\n\n" + "".join(f"|{c}\n" for c in cells) + "Read more.\n"
    (grid,) = grids_of(text, rules)
    assert [c.role for c in grid.columns] == [Role.label, Role.name, Role.count, Role.change]
    assert [[c.text for c in r.cells if c] for r in grid.rows] == [
        ["U.S.", "Acme Corporation", "8,540", "-9%"], ["Japan", "Kestrel K.K.", "3,400", "-8%"],
    ]  # fmt: skip


@pytest.mark.model
def test_grids_enumerated_amounts_keep_their_own_currency(extractor: Extractor) -> None:
    text = (
        "R&D leaders\n\nThe table shows the 10 companies that invested most in R&D in 2020: "
        "Huawei (EUR 17.5bn), Microsoft (EUR 16.9bn) and Samsung (EUR 15.9bn).\n"
    )
    document = extractor.extract(text, doc_id="rd")
    amounts = [(c.subject, c.unit, c.metric.value) for c in document.claims if c.unit == "EUR"]
    assert amounts == [
        ("Huawei", "EUR", "rd_spend"), ("Microsoft", "EUR", "rd_spend"), ("Samsung", "EUR", "rd_spend"),
    ]  # fmt: skip


@pytest.mark.model
def test_grids_footnote_mark_after_a_name_is_not_part_of_it(extractor: Extractor) -> None:
    text = (
        "Top PCT applicants in 2023\n\n"
        "The table lists the largest applicants by published PCT applications.\n\n"
        "| Rank | Applicant | Filings |\n| --- | --- | --- |\n| 1 | Huawei | 6,494 |\n"
        "| 2 | Samsung | 3,924 |\n| 3 | Ericsson¹ | 1,863 |\n| 4 | Kestrel Networks² | 1,204 |\n\n"
        "¹ Telefonaktiebolaget LM Ericsson. ² Provisional count.\n"
    )
    claims = [c for c in extractor.extract(text, doc_id="t").claims if c.unit != "rank"]
    assert [(c.subject, c.value) for c in claims] == [
        ("Huawei", 6494),
        ("Samsung", 3924),
        ("Ericsson", 1863),
        ("Kestrel Networks", 1204),
    ]


def test_grids_lines_of_a_name_and_a_figure_without_marks_are_a_ranked_list(
    extractor: Extractor,
) -> None:
    text = (
        "Borealis leads new AI filings\n\n"
        "Top 8 applicants for machine-vision patents, 2018-2023\n\n"
        "Number of patent families\n"
        "Kestrel Systems 1,912\nNorvane Holdings 1,407\nSamsung Electronics 1,150\nSony 998\n"
        "LG Electronics 742\nHuawei 701\nCanon 655\nPhilips 520\n\n"
        "Source: survey\n"
    )
    claims = extractor.extract(text, doc_id="unmarked").claims
    counts = [(c.subject, c.value, c.unit) for c in claims if c.metric != "rank"]
    assert counts[:3] == [
        ("Kestrel Systems", 1912, "patent family"),
        ("Norvane Holdings", 1407, "patent family"),
        ("Samsung", 1150, "patent family"),
    ]
    assert len(counts) == 8
    assert {(c.period_start, c.period_end) for c in claims} == {("2018", "2023")}
    assert [c.value for c in claims if c.metric == "rank"] == [1, 2, 3, 4, 5, 6, 7, 8]
    # two such lines, or lines with words after the figure, are prose, not a list
    prose = "Kestrel Systems 1,912\nNorvane Holdings 1,407\n\nBoth grew in 2023."
    assert not [c for c in extractor.extract(prose, doc_id="two").claims if c.metric == "rank"]


def cell_paragraph_page(heading: str, rows: list[tuple[str, ...]], years: tuple[str, ...]) -> str:
    """A table scraped one cell a paragraph: the years over the columns (the empty corner cell
    dropped), then every row's label and figures, each cell between blank lines."""
    cells = [heading, *years] + [cell for row in rows for cell in row] + ["Source: annual report"]
    return (
        "Statistics of the year\n\nPublished June 4, 2024\n\n"
        "The office released its yearly figures on Tuesday.\n\n" + "\n\n".join(cells) + "\n"
    )


def test_grids_table_scraped_one_cell_a_paragraph_with_years_over_the_columns(
    rules: Rules,
) -> None:
    text = cell_paragraph_page(
        "Patent applications by applicant",
        [("Hyundai Motor", "2,450", "2,921"), ("Kestrel Networks", "1,210", "1,388")],
        ("2022", "2023"),
    )
    (grid,) = grids_of(text, rules)
    assert grid.caption is not None and grid.caption.text == "Patent applications by applicant"
    assert [c.role for c in grid.columns] == [Role.name, Role.count, Role.count]
    assert [c.header.text for c in grid.columns if c.header] == ["", "2022", "2023"]
    assert [[c.text for c in r.cells if c] for r in grid.rows] == [
        ["Hyundai Motor", "2,450", "2,921"], ["Kestrel Networks", "1,210", "1,388"],
    ]  # fmt: skip
    assert grid.end < text.index("Source:")


def test_grids_short_paragraphs_without_regular_figures_are_no_table(rules: Rules) -> None:
    paragraphs = ["Overview", "Our approach", "2023", "Licensing", "Litigation", "12 cases"]
    paragraphs += ["Outlook", "Contacts", "Press office", "2024"]
    text = "Annual review\n\n" + "\n\n".join(paragraphs) + "\n"
    assert grids_of(text, rules) == []


@pytest.mark.model
def test_grids_rows_that_name_a_measure_are_the_owner_s_figures_in_its_scale(
    extractor: Extractor,
) -> None:
    """Office statistics: years in the columns, measures in the rows ("Number of patent
    registrations"); the figures are the office's, in the scale the caption states."""
    text = cell_paragraph_page(
        "Japan Patent Office statistics (thousands)",
        [("Patent applications", "289.5", "300.1"), ("Number of registrations", "201.4", "209.4")],
        ("2022", "2023"),
    ).replace("The office", "The JPO")
    document = extractor.extract(text, doc_id="jpo")
    table = [c for c in document.claims if c.source.value == "table"]
    assert [(c.value_text, c.value, c.unit, c.period_start, c.geo) for c in table] == [
        ("289.5", 289500, "patent application", "2022", "Japan"),
        ("300.1", 300100, "patent application", "2023", "Japan"),
        ("201.4", 201400, "patent", "2022", "Japan"),
        ("209.4", 209400, "patent", "2023", "Japan"),
    ]
    assert {c.subject for c in table} == {"JPO"}
    assert {c.patent_status for c in table if c.unit == "patent"} == {"granted"}


def test_grids_scale_marks_of_captions_and_labels() -> None:
    assert GRID_RULES.scale_in("Registrations (thousands)") == 1000
    assert GRID_RULES.scale_in("Applications", "Revenue (in millions)") == 1_000_000
    assert GRID_RULES.scale_in("Thousands of patents were filed") == 1  # no mark: no scale


# -- ranked lists and one-line rows of real ranking pages (texts written by us) ---------------
RANKED_FLAT = (
    "Fri, 3/6/2015\n\n"
    "Patent activity in display technology stayed strong this year.\n\n"
    "Table 1: Top Display Companies by Patents Issued - Year to Date 2015\n"
    "Company Patents Issued Average Score\n"
    "Samsung Display Co., Ltd. 512 98.4\n"
    "Kestrel Display Co., Ltd. 433 101.2\n"
    "BOE Technology Group Co., Ltd. 301 87.5\n"
    "Sharp Corp. 188 92.0\n\n"
    "The list shows the leaders.\n"
)


def test_grids_header_line_with_a_column_we_do_not_know_then_rows_of_a_name_and_figures(
    rules: Rules,
) -> None:
    [grid] = grids_of(RANKED_FLAT, rules)
    assert grid.form == "flat" and len(grid.rows) == 4
    assert [c.role for c in grid.columns] == [Role.name, Role.count, Role.label]
    assert [cell.text for cell in grid.rows[1].cells] == [
        "Kestrel Display Co., Ltd.",
        "433",
        "101.2",
    ]


@pytest.mark.model
def test_grids_top_companies_by_a_measure_are_ranked_by_position(extractor: Extractor) -> None:
    document = extractor.extract(RANKED_FLAT, doc_id="flat")
    got = {(c.subject, c.unit, c.value, c.implied) for c in document.claims}
    assert ("Kestrel Display", "rank", 2.0, True) in got
    assert ("Sharp", "rank", 4.0, True) in got
    assert ("Kestrel Display", "patent", 433.0, False) in got
    assert not any(c.value == 101.2 for c in document.claims)  # a column we cannot name
    grant = next(c for c in document.claims if c.value == 512)
    assert (grant.period_start, grant.period_end) == ("2015", "2015")  # "Year to Date 2015"


FIGURE_FIRST_LIST = (
    "Top recipients of Korean patents\n\n"
    "The following is a list of the top five recipients of\n"
    "patents granted by the Korean Intellectual Property Office in\n"
    "2019:\n"
    "- 4210 patents to Samsung Electronics, based in Suwon\n"
    "- 1987 patents to Kestrel Motors, based in Seoul\n"
    "- 988 patents to Tarnwick Chemical, based in Ulsan\n"
    "In\n2018:\n"
    "- Samsung Electronics\n- Kestrel Motors\n- Tarnwick Chemical\n"
)


@pytest.mark.model
def test_grids_list_items_that_open_with_the_figure_and_name_its_owner_after_it(
    extractor: Extractor,
) -> None:
    document = extractor.extract(FIGURE_FIRST_LIST, doc_id="list")
    got = {
        (c.subject, c.unit, c.value, c.period_start, c.as_of, c.value_text) for c in document.claims
    }
    assert ("Kestrel Motors", "patent", 1987.0, "2019", None, "1987") in got  # a count, not a year
    assert ("Tarnwick Chemical", "patent", 988.0, "2019", None, "988") in got
    assert ("Kestrel Motors", "rank", 2.0, "2019", None, "Kestrel Motors") in got
    # the bare names under "In 2018:" are not said to be ranked: no claims of their own
    assert len(document.claims) == 6


NUMBERED_NAMES = (
    "WIPO published its 2016 ranking of international applicants on Tuesday.\n\n"
    "The top 5 PCT applicants were reported as follows:\n"
    "1)   Chinese technology company Kestrel Networks Corporation (up by 40% since 2015)\n"
    "2)   Chinese telecommunications equipment company Huawei technologies\n"
    "3)   US chip company Qualcomm incorporated\n"
    "4)   Japanese electronics company Tarnwick Electric Corporation\n"
    "5)   South Korean electronics company, Samsung Electronics\n\n"
    "Steps to file an application:\n"
    "1. Prepare the claims\n2. Pay the fee\n3. File with the office\n"
)


@pytest.mark.model
def test_grids_numbered_names_under_a_ranking_take_their_numbers_as_ranks(
    extractor: Extractor,
) -> None:
    document = extractor.extract(NUMBERED_NAMES, doc_id="numbered")
    ranks = {(c.subject, c.value, c.value_text) for c in document.claims if c.unit == "rank"}
    assert ranks == {
        ("Kestrel Networks", 1.0, "1"),
        ("Huawei", 2.0, "2"),
        ("Qualcomm", 3.0, "3"),
        ("Tarnwick Electric", 4.0, "4"),
        ("Samsung", 5.0, "5"),
    }  # "Steps to file": a numbered list that ranks nothing
    growth = next(c for c in document.claims if c.value == 40)  # the item's own words are read
    assert (growth.subject, growth.unit) == ("Kestrel Networks", "percent")


OFFICE_CELL_LINES = (
    "Industrial Property at the KIPO: Statistics (2021)\n"
    "FIG. 1. Number of patent applications filed at the KIPO per calendar year. Since 2016, "
    "applications have risen by 9%.\n"
    "2016\n2017\n2018\n2019\n2020\n2021\n"
    "Decision to Grant Patent\n108,875\n120,662\n119,012\n125,795\n134,675\n145,882\n"
    "Number of FAs\n155,001\n160,809\n158,879\n161,236\n170,701\n177,293\n"
    "Applications Filed by Foreign Applicants (%)\n18.4\n18.7\n18.3\n18.3\n19.1\n20.3\n"
    "Table 1: Number of granted patents and first actions (FA) at the KIPO.\n"
)


def test_grids_table_scraped_one_cell_a_line_inside_one_paragraph(rules: Rules) -> None:
    [grid] = grids_of(OFFICE_CELL_LINES, rules)
    assert [c.header.text for c in grid.columns if c.header][1:] == [
        str(y) for y in range(2016, 2022)
    ]
    assert [cell.text for cell in grid.rows[0].cells][:2] == ["Decision to Grant Patent", "108,875"]


@pytest.mark.model
def test_grids_a_measure_row_under_years_alone_is_the_office_s_and_figure_numbers_are_no_claims(
    extractor: Extractor,
) -> None:
    document = extractor.extract(OFFICE_CELL_LINES, doc_id="kipo")
    grants = {
        (c.subject, c.unit, c.value, c.period_start) for c in document.claims if c.value > 1000
    }
    assert ("KIPO", "patent", 108875.0, "2016") in grants
    assert ("KIPO", "patent", 145882.0, "2021") in grants
    assert not any(c.value == 155001 for c in document.claims)  # "FAs": a measure we cannot name
    foreign = next(c for c in document.claims if c.value == 20.3)  # "(%)" in the row's label
    assert (foreign.unit, foreign.metric.value, foreign.subject) == ("percent", "share", "KIPO")
    assert not any(
        c.value == 1 for c in document.claims
    )  # "FIG. 1", "Table 1:" name parts of the page


OFFICE_YEAR_ROWS = (
    "Facts and figures: patents and designs at the KIPO: 2021\n\n"
    "The number of patent applications to the KIPO increased by 5% between 2020 and 2021.\n\n"
    "Table 1: Summary of registered rights\n"
    "Intellectual Property Right 2019 2020 2021 Change 2020 to 2021 (%)\n"
    "Patents applications [1] 218,975 226,759 237,998 2.1%\n"
    "Patents grants 125,795 134,675 145,882 8.3%\n"
    "Designs applications 65,039 67,583 65,723 -2.8%\n"
    "Source: KIPO\n"
)


def test_grids_header_of_a_label_and_years_then_rows_one_a_line(rules: Rules) -> None:
    [grid] = grids_of(OFFICE_YEAR_ROWS, rules)
    assert [c.role for c in grid.columns] == [Role.name, *[Role.count] * 3, Role.change]
    assert [c.text for c in grid.rows[2].cells] == [
        "Designs applications", "65,039", "67,583", "65,723", "-2.8%",
    ]  # fmt: skip


@pytest.mark.model
def test_grids_office_statistics_rows_name_applications_grants_and_designs(
    extractor: Extractor,
) -> None:
    document = extractor.extract(OFFICE_YEAR_ROWS, doc_id="kipo")
    got = {(c.subject, c.unit, c.value, c.period_start) for c in document.claims}
    assert ("KIPO", "patent application", 226759.0, "2020") in got  # "Patents applications"
    assert ("KIPO", "patent", 145882.0, "2021") in got
    assert ("KIPO", "design application", 65723.0, "2021") in got  # not patent applications


BAR_AFTER_CELLS = (
    "Table 2a. Top 4 patent assignees by number of transactions, January-February 2015\n"
    "# |\nAssignee entity |\nNumber of assignments transacted |\n"
    "1 |\nNational Science Foundation |\n134 |\n"
    "2 |\neBay Inc. |\n124 |\n"
    "3 |\nCanon Kabushiki Kaisha |\n77 |\n"
    "4 |\nDow Global Technologies LLC |\n61 |\n"
)


def test_grids_cells_one_a_line_with_the_bar_after_them_and_the_widest_regular_rows(
    rules: Rules,
) -> None:
    [grid] = grids_of(BAR_AFTER_CELLS, rules)
    assert [c.role for c in grid.columns] == [Role.rank, Role.name, Role.count]  # not 2 columns
    assert len(grid.rows) == 4
    assert [cell.text for cell in grid.rows[1].cells] == ["2", "eBay Inc.", "124"]


@pytest.mark.model
def test_grids_assignment_counts_of_a_ranked_table(extractor: Extractor) -> None:
    document = extractor.extract(BAR_AFTER_CELLS, doc_id="bars")
    got = {(c.subject, c.unit, c.value) for c in document.claims}
    assert ("eBay", "assignment", 124.0) in got and ("eBay", "rank", 2.0) in got
    assert ("Canon", "assignment", 77.0) in got


def test_grids_list_item_names_with_a_place_in_brackets_keep_the_list_going(rules: Rules) -> None:
    text = (
        "The list of top corporate patent grantees follows:\n\n"
        "  1. Kestrel Technologies Co., Ltd. 4525\n"
        "  2. Tencent Technology (Shenzhen) Co., Ltd. 2169\n"
        "  3. Lenovo (Beijing) Co. Ltd. 1709\n"
        "  4. Qualcomm Technologies Inc. 1592\n"
    )
    [grid] = grids_of(text, rules)
    assert [row.cells[1].text for row in grid.rows][1:3] == [
        "Tencent Technology (Shenzhen) Co., Ltd.", "Lenovo (Beijing) Co. Ltd.",
    ]  # fmt: skip
    assert [row.cells[2].text for row in grid.rows] == ["4525", "2169", "1709", "1592"]


YEAR_ROWS = (
    "Kestrel Optics ranks sixth in US patents\n\n"
    "TOKYO, February 7, 2024 - Kestrel Optics ranked sixth for the number of US patents awarded "
    "in 2023.\n\n"
    "|Kestrel Optics US patent rankings 2021 - 2023\n|Year\n|Overall ranking\n|No. of patents\n"
    "|2023\n|6th\n|2,410\n|2022\n|5th\n|2,655\n|2021\n|4th\n|2,802\n\n"
    "Kestrel Optics makes cameras and medical scanners.\n"
)


def test_grids_a_column_of_years_and_one_of_ordinals(rules: Rules) -> None:
    """One organisation's figures by year, one cell a line: the years name the rows, the
    ordinals are ranks (not a table five cells wide read out of step)."""
    (grid,) = grids_of(YEAR_ROWS, rules)
    assert [c.role for c in grid.columns] == [Role.year, Role.rank, Role.count]
    assert [c.text for c in grid.rows[0].cells if c] == ["2023", "6th", "2,410"]


@pytest.mark.model
def test_grids_year_rows_are_the_figures_of_the_title_organisation(extractor: Extractor) -> None:
    document = extractor.extract(YEAR_ROWS, doc_id="years")
    table = {
        (c.value_text, c.unit, c.period_start, c.value)
        for c in document.claims
        if c.source.value == "table"
    }
    assert table == {
        ("6th", "rank", "2023", 6.0), ("2,410", "patent", "2023", 2410.0),
        ("5th", "rank", "2022", 5.0), ("2,655", "patent", "2022", 2655.0),
        ("4th", "rank", "2021", 4.0), ("2,802", "patent", "2021", 2802.0),
    }  # fmt: skip
    assert {c.subject for c in document.claims if c.source.value == "table"} == {
        document.claims[0].subject
    }


MONEY_ROWS = (
    "Kestrel results\n\nTable 1 - Summary of Kestrel results 2016-2019\n\n"
    "(EUR m) 2016 2017 2018 2019\n"
    "Net sales 23,614 23,147 22,563 23,315\n"
    "Licensing revenues 1,053 1,602 1,501 1,459\n"
    "Patents filed 1,300 1,310 1,290 1,305\n\n"
    "Source: Kestrel annual reports\n"
)


@pytest.mark.model
def test_grids_a_currency_in_the_corner_makes_the_rows_amounts(extractor: Extractor) -> None:
    """A company's results by year under "(EUR m)": net sales and licensing revenues in euros,
    scaled to units; a row that counts patents stays a count."""
    document = extractor.extract(MONEY_ROWS, doc_id="money")
    table = {
        (c.value_text, c.unit, c.metric.value, c.value, c.period_start)
        for c in document.claims
        if c.source.value == "table"
    }
    assert ("23,614", "EUR", "revenue", 23_614_000_000, "2016") in table
    assert ("1,459", "EUR", "revenue", 1_459_000_000, "2019") in table
    patents = {(v, u) for v, u, _, value, _ in table if value == 1300}
    assert patents == {("1,300", "patent")}  # counted, not scaled to euros


INLINE_LIST = (
    "Top universities granted US patents in 2016\n\n"
    "The top 10 universities include: 1) Kestrel University: 201 patents; 2) Borealis "
    "Institute of Technology: 168; 3) Tarnwick University: 162. The top 10 non-US universities "
    "include: 1) Halden University; 2) Korea Institute of Science and Technology; 3) Ostrava "
    "University; and 4) National Kestrel University. Halden said 3) was a typo.\n"
)


def test_grids_numbered_items_inside_a_paragraph(rules: Rules) -> None:
    """Items "1) Name: figure;" inside a paragraph, numbered on; names alone under a lead-in
    that ranks them."""
    counted, named = grids_of(INLINE_LIST, rules)
    assert [[c.text for c in row.cells if c] for row in counted.rows] == [
        ["1", "Kestrel University", "201"],
        ["2", "Borealis Institute of Technology", "168"],
        ["3", "Tarnwick University", "162"],
    ]
    assert [row.cells[1].text for row in named.rows if row.cells[1]] == [
        "Halden University", "Korea Institute of Science and Technology", "Ostrava University",
        "National Kestrel University",
    ]  # fmt: skip


@pytest.mark.model
def test_grids_an_inline_list_gives_ranks_and_counts_of_what_its_first_item_counts(
    extractor: Extractor,
) -> None:
    claims = extractor.extract(INLINE_LIST, doc_id="inline").claims
    got = {(c.subject, c.unit, c.value) for c in claims if c.source.value == "list"}
    assert ("Borealis Institute of Technology", "patent", 168.0) in got
    assert ("Borealis Institute of Technology", "rank", 2.0) in got
    assert ("National Kestrel University", "rank", 4.0) in got
    assert not [
        c for c in claims if c.source.value == "sentence" and c.unit == "patent" and c.value < 10
    ]


@pytest.mark.model
def test_grids_a_list_its_introduction_leaves_undated_takes_the_title_date(
    extractor: Extractor,
) -> None:
    """ "Top universities granted US patents in 2016" over a list whose lead-in states no date:
    the ranks are of 2016."""
    claims = extractor.extract(INLINE_LIST, doc_id="inline").claims
    ranks = {c.period_start for c in claims if c.source.value == "list" and c.unit == "rank"}
    assert ranks == {"2016"}


REPORT_LIST = (
    "Wednesday, 7 June 2024\n\n"
    "The patent office issued more utility patents to universities in 2023 than ever, and "
    "the annual report lists the ten that received the most.\n\n"
    "Here is the list:\n\n"
    "1) Kestrel University: 412 patents\n"
    "2) Borealis Institute of Technology: 305\n"
    "3) Tarnwick College: 187\n"
)


@pytest.mark.model
def test_grids_a_list_nothing_dates_takes_the_year_the_report_is_about(
    extractor: Extractor,
) -> None:
    """A list under a lead that reports on one year's grants, with a dateline for a title and
    an undated lead-in: its ranks and counts are that year's, not the dateline's."""
    claims = extractor.extract(REPORT_LIST, doc_id="report-list").claims
    listed = [c for c in claims if c.source.value == "list"]
    assert {(c.unit, c.value) for c in listed} >= {("rank", 1), ("patent", 412), ("patent", 305)}
    assert {(c.period_start, c.period_end, c.as_of) for c in listed} == {("2023", "2023", None)}


SPACED_YEARS = (
    "Ranking of Operating Companies by Number of NPE Lawsuits\n\n"
    "No. Company Name 2019 2020 2021 Total\n"
    "1 Kestrel 8 13 20 41\n"
    "2 Borealis Networks 3 12 23 38\n"
    "2 Tarnwick - 19 19 38\n"
    "4 Arvion 5 10 11 26\n"
    "Source: our count\n"
)


@pytest.mark.model
def test_grids_a_spaced_table_of_ranked_rows_by_year_and_their_total(
    extractor: Extractor,
) -> None:
    """ "No. Company Name 2019 2020 2021 Total" with one row a line and single spaces: each
    year's count is that year's, the total and the rank are of the whole span; a tie repeats
    a rank and a dash is an empty cell."""
    claims = extractor.extract(SPACED_YEARS, doc_id="spaced").claims
    got = {
        (c.subject, c.unit, c.value, c.period_start, c.period_end)
        for c in claims
        if c.source.value == "table"
    }
    assert ("Kestrel", "lawsuit", 13, "2020", "2020") in got
    assert ("Kestrel", "lawsuit", 41, "2019", "2021") in got
    assert ("Kestrel", "rank", 1, "2019", "2021") in got
    assert ("Borealis Networks", "rank", 2, "2019", "2021") in got
    assert ("Tarnwick", "rank", 2, "2019", "2021") in got
    assert ("Tarnwick", "lawsuit", 19, "2020", "2020") in got
    assert ("Arvion", "lawsuit", 26, "2019", "2021") in got
    assert len([c for c in claims if c.subject == "Tarnwick"]) == 4  # no claim for the dash


TWO_YEARS_INTRO = (
    "In 2019, drug makers spent about a quarter of their revenue on research. In 2021, the "
    "largest research spenders invested closer to one-fifth of revenue, according to our "
    "ranking of research budgets:\n"
    "Companies | R&D Spend | R&D as a percentage of revenue |\n"
    "1. Kestrel Pharma | $13,829,000,000 | 17.0% |\n"
    "2. Tarnwick & Co. | $12,245,000,000 | 25.1% |\n"
)


@pytest.mark.model
def test_grids_an_introduction_of_two_years_dates_the_table_by_the_latest(
    extractor: Extractor,
) -> None:
    """A table reports the newest figures; the earlier year of its introduction is compared."""
    claims = extractor.extract(TWO_YEARS_INTRO, doc_id="two-years").claims
    tabled = [c for c in claims if c.source.value == "table"]
    assert tabled and {(c.period_start, c.period_end) for c in tabled} == {("2021", "2021")}


MONEY_CELLS = (
    "Top R&D spenders of 2021\n\n"
    "Companies | R&D Spend | R&D as a percentage of revenue |\n"
    "1. Kestrel Pharma | $13,829,000,000 | 17.0% |\n"
    "2. Borealis Pharmaceuticals (division of Borealis Group) | $13,342,082,240 | 27.1% |\n"
    "3. Tarnwick & Co. | $12,245,000,000 | 25.1% |\n"
    "Top R&D spenders ranked by overall spending.\n"
)


@pytest.mark.model
def test_grids_money_cells_and_ranks_written_in_the_name_cell(extractor: Extractor) -> None:
    """ "$13,829,000,000" under "R&D Spend" is R&D spending in USD; "1. Kestrel Pharma" is the
    rank and the name; "R&D as a percentage of revenue" is R&D spending too; "Tarnwick & Co."
    keeps its form."""
    claims = extractor.extract(MONEY_CELLS, doc_id="money").claims
    got = {
        (c.subject, c.unit, c.metric.value, c.value) for c in claims if c.source.value == "table"
    }
    assert ("Kestrel Pharma", "USD", "rd_spend", 13_829_000_000) in got
    assert ("Kestrel Pharma", "rank", "rank", 1) in got
    assert ("Borealis Pharmaceuticals", "percent", "rd_spend", 27.1) in got
    assert ("Tarnwick & Co.", "rank", "rank", 3) in got
