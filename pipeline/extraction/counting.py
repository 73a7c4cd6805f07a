"""What a figure counts: the noun phrase after it (or the subject of "the number of X was"),
its unit and metric, rankings, and the figures that are not claims (years, model numbers,
addresses, "the two companies")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from models.vocab import PATENT_METRICS
from pipeline.extraction import normalise
from pipeline.extraction.syntax import (
    counted_by_container,
    counted_by_copula,
    declared_essential,
    phrase_after,
    up,
)
from pipeline.nlp.sentences import text_of
from pipeline.rules.loading import Rules

_MODEL_CODE = re.compile(r"^[A-Z]{1,3}\d{1,3}$")  # "G10" in "EliteBook 840 G10"


@dataclass(frozen=True)
class Counted:
    """What a quantity counts: the phrase as written, its head and the normalised unit/metric."""

    tokens: tuple[Token, ...]
    unit: str
    metric: str


class CountReader:
    """Reads what each quantity of a sentence counts."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def compared(self, quantity: Span, sentence: Span) -> bool:
        """A figure after "compared with", "up from", "versus": it counts what the figure
        before it in the sentence counts ("672 invention disclosures, compared with 604")."""
        doc = sentence.doc
        start = quantity.start
        if (
            start > sentence.start
            and doc[start - 1].lower_ == "the"
            and not quantity._.ipclaims_ordinal  # "from the 25th to the 20th": ranks
        ):
            start -= 1  # "compared with the 2,980 from Samsung"
        before = doc[max(sentence.start, start - 2) : start].text.lower()
        return any(
            before == cue or before.endswith(" " + cue)
            for cue in self.rules.counting.comparison_cues
        )

    def counted(self, quantity: Span, sentence: Span) -> Counted | None:
        """The counted phrase and its unit/metric; None for non-claims."""
        doc = quantity.doc
        core: Span = quantity._.ipclaims_core
        before = doc[quantity.start - 1] if quantity.start > sentence.start else None
        glued = quantity.end < sentence.end and not quantity[-1].whitespace_
        if quantity._.ipclaims_ordinal:  # "second-largest holder", "the second largest applicant"
            superlative = quantity.end + (1 if glued and doc[quantity.end].text == "-" else 0)
            if superlative < sentence.end and doc[superlative].tag_ == "JJS":
                return self.ranking(quantity, sentence, skip=superlative - quantity.end + 1)
        if quantity._.ipclaims_ordinal and self.rank_compound(quantity, sentence):
            # "second-placed Samsung", "the third-ranked applicant": the rank of what follows
            return Counted((), "rank", "rank")
        if glued and (doc[quantity.end].text == "-" or doc[quantity.end].is_alpha):
            return None  # "10-year", "1-inch", "200MP", "45W", "6nm", "first-come": not a count
        if before is not None and before.lower_ == "per":
            return None  # "13.3 patents per 10,000 people": the base of a rate, no one's count
        if self.names_a_street_or_model(quantity, sentence) or self.measures_a_market(quantity):
            return None
        if (
            quantity._.ipclaims_ordinal
            and not quantity._.ipclaims_rank_marker
            and before is not None
            and (before.lower_ == "the" or before.tag_ in {"PRP$", "POS"})
        ):
            # "the sixth patent license agreement we have signed", "its fourth licensing
            # agreement": six and four licences, not ranks (but not "A first licensee")
            phrase = self.head_of(quantity, phrase_after(quantity.end, sentence))
            unit = normalise.unit_and_metric(phrase, self.rules)
            head = normalise.head_lemma(phrase[-1], self.rules) if phrase else ""
            if unit is not None and head in self.rules.counting.ordinal_counts:
                return Counted((), *unit)  # not "Avanci's first licensee": a rank
        if quantity._.ipclaims_ordinal or quantity._.ipclaims_rank_marker:
            return self.ranking(quantity, sentence)
        if self.ranked_at(quantity, sentence):
            return Counted((), "rank", "rank")  # "is ranked 44", "ranked at 59 with 42 patents"
        if quantity._.ipclaims_currency:
            metric = normalise.money_metric(text_of(sentence), self.rules)
            currency_tokens = tuple(
                t for t in quantity if t.lower_ in self.rules.numbers.currencies or t.text == "$"
            )
            return Counted(currency_tokens, quantity._.ipclaims_currency, metric)
        if quantity._.ipclaims_percent:
            tail = (
                quantity.end + 1
                if quantity.end < sentence.end and doc[quantity.end].lower_ == "of"
                else quantity.end
            )
            while (
                tail != quantity.end
                and tail < sentence.end
                and (doc[tail].pos_ in {"DET", "PRON"} or doc[tail].shape_ == "dddd")
            ):
                tail += 1  # "of all 5G SEP families", "of its revenue", "of the 2023 income"
            phrase = phrase_after(tail, sentence) if tail != quantity.end else []
            if self.is_change(quantity, sentence):  # "a 2 percent increase", "down 1 percent"
                return Counted(tuple(phrase), "percent", "other")
            return Counted(
                tuple(phrase), "percent", normalise.percent_metric(text_of(sentence), self.rules)
            )
        if self.looks_like_year_or_model(quantity, core, before):
            return None
        group = self.is_reference_to_group(quantity, core, before)
        start = self.past_from_to(quantity, sentence, before)
        if start + 1 < sentence.end and doc[start].lower_ == "of":
            start = self.after_partitive(start + 1, sentence)
        phrase = self.head_of(quantity, phrase_after(start, sentence))
        if not (phrase and phrase[0].i == start):
            phrase = counted_by_copula(quantity, self.rules.counting)
        if not phrase:
            phrase = counted_by_container(quantity, self.rules.counting)
        if not phrase:
            phrase = self.granted_before(quantity, sentence)
        if phrase and self.names_an_entity(phrase[-1]):
            # A name is never what is counted: "The number of U.S. patents in 2016: 505 - MIT"
            # counts the patents named before the figure; "with 17,200, China's CATL" nothing.
            phrase = self.unit_before(quantity, sentence)
        unit = normalise.unit_and_metric(phrase, self.rules)
        if self.change_before(quantity, sentence):
            # "Huawei's filings rose (up by 1,332)", "fell by 1,157": a change, not a count; it
            # is a change in what the sentence counted before the figure if it names nothing
            if not unit:
                phrase = self.unit_before(quantity, sentence)
                unit = normalise.unit_and_metric(phrase, self.rules)
            return (
                Counted(tuple(phrase), *self.compound_unit(phrase, (unit[0], "other")))
                if unit
                else None
            )
        if not unit:
            return None
        counted = Counted(tuple(phrase), *self.compound_unit(phrase, unit))
        if group and counted.metric not in PATENT_METRICS:
            return None  # "the two companies"; but "the two patents at issue" are counted
        if counted.metric == "patents" and declared_essential(phrase[-1]):
            return Counted(counted.tokens, counted.unit, "standard_essential_patents")
        if counted.metric == "patents" and self.filed_for(phrase[-1]):
            return Counted(counted.tokens, "patent application", "patent_applications")
        return counted

    def filed_bare(self, quantity: Span) -> bool:
        """ "Siemens filed 1,974 during the year": a bare number that a filing verb takes as
        its object counts patent applications."""
        root = quantity.root
        return root.dep_ == "dobj" and root.head.lemma_.lower() in self.rules.counting.filing_verbs

    def filed_for(self, noun: Token) -> bool:
        """ "filed 1,184 patents", "applied for 300 patents", "applications for 1,184 patents":
        the patents counted are applications."""
        table = self.rules.counting
        head = noun.head
        if noun.dep_ == "dobj" and head.lemma_.lower() in table.filing_verbs:
            return True
        return (
            noun.dep_ == "pobj"
            and head.lower_ == "for"
            and (
                head.head.lemma_.lower() in table.filing_verbs
                or head.head.lower_ in table.filing_nouns
            )
        )

    def granted_before(self, quantity: Span, sentence: Span) -> list[Token]:
        """ "Out of its 70,000 patents, more than 6,000 were granted in China", "98 patents were
        filed and 15 were issued": a bare number that was granted counts the patents the
        sentence named before it."""
        root = quantity.root
        granted = self.rules.flows.patent_status["granted"]
        if root.dep_ != "nsubjpass" or root.head.lower_ not in granted:
            return []
        patents = [t for t in sentence if t.i < quantity.start and t.lemma_.lower() == "patent"]
        return patents[-1:]

    @staticmethod
    def past_from_to(quantity: Span, sentence: Span, before: Token | None) -> int:
        """Where the counted phrase of a figure starts: "from 12,531 to 12,263 applications"
        counts, for 12,531, what 12,263 counts; else right after the figure."""
        doc = quantity.doc
        start = quantity.end
        if before is None or before.lower_ != "from" or start + 1 >= sentence.end:
            return start
        if doc[start].lower_ != "to" or not doc[start + 1].like_num:
            return start
        end = start + 1
        while end < sentence.end and (doc[end].like_num or doc[end].text == ","):
            end += 1
        return end

    def unit_before(self, quantity: Span, sentence: Span) -> list[Token]:
        """The last known unit noun before a figure in its sentence, as a one-word phrase."""
        for token in reversed(sentence.doc[sentence.start : quantity.start]):
            if (
                token.pos_ == "NOUN"
                and normalise.head_lemma(token, self.rules) in self.rules.units_single
            ):
                return [token]
        return []

    def names_an_entity(self, head: Token) -> bool:
        """A head noun that is part of a company's, place's or person's name, not a unit."""
        return (
            head.ent_type_ in {"ORG", "GPE", "NORP", "PERSON", "LOC", "FAC"}
            and normalise.head_lemma(head, self.rules) not in self.rules.units_single
        )

    def is_change(self, quantity: Span, sentence: Span) -> bool:
        """A percentage that is a change, not a share: a change word right after it ("a 2
        percent increase", "44 percent more patents") or right before it ("up 8%", "fell by 4%"),
        or a sign ("(-0.4%)", "(+18%)")."""
        doc = quantity.doc
        if quantity.end < sentence.end and doc[quantity.end].lower_ == "of":
            return False  # "(made up) about 15% of its revenue": a share of something
        if quantity.text[0] in "+-−":
            return True
        words = self.rules.counting.change_words
        after = doc[quantity.end : min(sentence.end, quantity.end + 2)]
        before = doc[max(sentence.start, quantity.start - 2) : quantity.start]
        return any(t.lemma_.lower() in words or t.lower_ in words for t in [*after, *before])

    @staticmethod
    def after_partitive(start: int, sentence: Span) -> int:
        """Where the counted noun of "N of ..." starts: after a determiner or pronoun ("5,500 of
        those families", "4,000 of its patent families"), a second number ("two of the
        twenty-four patents") or an owner ("three of Samsung Display's patents"); else "of"
        itself, as "N of" without those counts nothing."""
        doc = sentence.doc
        i = start
        if doc[i].pos_ in {"DET", "PRON"}:
            i += 1
        elif doc[i].pos_ == "PROPN":
            while i < sentence.end and doc[i].pos_ == "PROPN":
                i += 1
            if i + 1 >= sentence.end or doc[i].tag_ != "POS" or doc[i + 1].tag_ != "NNS":
                return start - 1  # not "page 14 of InterDigital's Form 8-K"
            return i + 1
        else:
            return start - 1
        j = i  # a number in words or digits, "twenty-four" too (not "5G")
        while j < sentence.end and (
            doc[j].is_digit
            or (doc[j].is_alpha and doc[j].like_num)
            or (doc[j].text == "-" and j > i and doc[j - 1].like_num)
        ):
            j += 1
        return j if j > i and j < sentence.end and doc[j].tag_ == "NNS" else i

    def names_a_group(self, quantity: Span, sentence: Span) -> bool:
        """ "The top three companies had similar profiles", "sought by the top 10 drug
        companies", "Among the top 50 applicants, Huawei ...": "the top N" names a group that no
        one is ranked into, unlike "ranked among the top 10", "was in the top five"."""
        doc = quantity.doc
        words = [t for t in doc[sentence.start : quantity.start] if not t.is_space]
        if all(t.tag_ in {"POS", "NNP", "NN", "DT"} for t in words) and (
            not words or words[-1].tag_ == "POS"
        ):
            # a caption or headline that opens with it: "Top 20 patent-producing universities
            # in the world:", "World's Top 20 Patent-Producing Universities In 2016"
            return True
        if (
            words
            and words[-1].tag_ == "POS"
            and any(t.lower_ in {"no.", "no"} and t.i + 1 < quantity.start for t in words)
        ):
            return True  # "ranked No. 1 among the world's top 100 universities"
        if not words or doc[quantity.start - 1].lower_ != "the":
            return False
        head = quantity.root
        while head.dep_ in {"nummod", "amod", "compound", "quantmod"} and head.head != head:
            head = head.head
        if head.dep_ in {"nsubj", "nsubjpass"}:
            return True
        if head.dep_ == "pobj" and head.head.lower_ == "by":
            return True
        if head.dep_ == "dobj" and head.head.lemma_.lower() in self.rules.counting.list_verbs:
            return True  # "has compiled the top 10 patent sales of 2012": the list itself
        owner = head
        while owner.dep_ == "pobj" and owner.head.dep_ == "prep" and owner.head.head.pos_ == "NOUN":
            owner = owner.head.head  # "the rest of the top ten list", "16 companies in the top 50"
        if owner is not head and owner.dep_ in {"nsubj", "nsubjpass"} and owner.ent_type_ != "ORG":
            return True
        first = next((t for t in sentence if not t.is_space), None)
        fronted = first is not None and first.pos_ == "ADP" and first.i < quantity.start
        comma = next((t.i for t in sentence if t.text == ","), sentence.end)
        return fronted and quantity.end <= comma  # a fronted phrase: "On the list of the top 200"

    def change_before(self, quantity: Span, sentence: Span) -> bool:
        """A bare figure right after a change word: "up 727", "fell by 1,157"."""
        doc = quantity.doc
        before = list(doc[max(sentence.start, quantity.start - 2) : quantity.start])
        if before and before[-1].lower_ == "by":
            before = before[:-1]
        words = self.rules.counting.change_words
        return (
            bool(before)
            and before[-1].dep_ != "prt"  # "set up nine institutes"
            and (before[-1].lemma_.lower() in words or before[-1].lower_ in words)
        )

    def compound_unit(self, phrase: list[Token], unit: tuple[str, str]) -> tuple[str, str]:
        """For `other` units keep a noun compound: "research institute", "R&D centre"."""
        name, metric = unit
        if metric != "other" or len(phrase) < 2 or "-" in name or " " in name:
            return unit  # a unit of several words ("trade mark application") is whole already
        modifier = phrase[-2]
        if (
            modifier.pos_ in {"NOUN", "PROPN"}
            and modifier.dep_ in {"compound", "nmod"}
            and (modifier.is_alpha or modifier.ent_type_ == "IPTERM")
        ):
            return f"{modifier.lower_} {name}", metric
        return unit

    def head_of(self, quantity: Span, phrase: list[Token]) -> list[Token]:
        """Cut the phrase at its head: the last known unit noun, else the parser's head."""
        known = [
            i
            for i, t in enumerate(phrase)
            if normalise.head_lemma(t, self.rules) in self.rules.units_single
        ]
        if known:
            return phrase[: known[-1] + 1]
        return phrase

    def is_reference_to_group(self, quantity: Span, core: Span, before: Token | None) -> bool:
        """ "the two companies", "its three brands": a small number word that refers, not counts."""
        if before is None or quantity._.ipclaims_qualifier != "exact" or len(core) != 1:
            return False
        small_word = core.text.isalpha() and (quantity._.ipclaims_value or 0) < 20
        return small_word and (
            before.lower_ in self.rules.counting.group_determiners or before.tag_ == "POS"
        )

    def ranked_at(self, quantity: Span, sentence: Span) -> bool:
        """A bare number right after "ranked" (or "ranked at") with no noun after it: a rank."""
        doc, i = quantity.doc, quantity.start - 1
        if i > sentence.start and doc[i].lower_ == "at":
            i -= 1
        after = doc[quantity.end] if quantity.end < sentence.end else None
        return (
            i >= sentence.start
            and doc[i].lower_ in self.rules.counting.cardinal_rank_verbs
            and len(quantity) == 1
            and (after is None or after.pos_ not in {"NOUN", "PROPN", "NUM"})
        )

    def names_a_reference(self, quantity: Span) -> bool:
        """A number that names a part of the document ("FIG. 1", "Table 3", "Figure 2 shows",
        "Article 68"), or a patent by its number ("U.S. patent 8,992,608"); not "could claim
        9.96 million yen", where the word is a verb."""
        doc, i = quantity.doc, quantity.start - 1
        if i > 0 and doc[i].text in {".", "("}:  # "FIG. 1": the abbreviation's stop split off;
            i -= 1  # "patents (8,213,870; 8,238,832)": the numbers in brackets
        if i < 0 or doc[i].pos_ not in {"NOUN", "PROPN"}:
            return False
        word, table = doc[i].lower_, self.rules.counting
        if word in table.reference_nouns or f"{word}." in table.reference_nouns:
            return True
        identifier = word in table.identifier_nouns or f"{word}." in table.identifier_nouns
        return identifier and (quantity._.ipclaims_value or 0) >= 1_000_000

    def outside_the_top(self, quantity: Span) -> bool:
        """ "did not figure in the top 50", "fell out of the top 10", "outside the top 20",
        "failed to make the top 10": the organisation is ranked beyond the top N."""
        table = self.rules.counting
        doc = quantity.doc
        before = f" {doc[max(0, quantity.start - 4) : quantity.start].text.lower()} "
        if any(f" {words} " in before for words in table.outside_words):
            return True  # "fell out of the top 10", not "rounded out the top five"
        heads = up(quantity.root)  # the clause's verb, else the top of a verbless headline
        verb = next((t for t in heads if t.pos_ in {"VERB", "AUX"}), heads[-1])
        chain = [verb, *(v for v in (verb.head,) if verb.dep_ == "xcomp")]
        return any(
            v.lemma_.lower() in table.missing_verbs or any(c.dep_ == "neg" for c in v.children)
            for v in chain
        )

    def prices_a_product(self, quantity: Span) -> bool:
        """An amount that is the price of a product, as royalty examples give it ("a $200
        multi-mode device", "a smartphone that costs $500"): no organisation's figure."""
        if not quantity._.ipclaims_currency:
            return False
        table = self.rules.counting
        head = quantity.root.head
        while head.dep_ in {"amod", "compound"} and head.head.i != head.i:
            head = head.head  # "$200 multi-mode device": up to the noun
        return (
            quantity.root.dep_ in {"nummod", "compound", "amod"}
            and head.lemma_.lower() in table.price_nouns
        ) or (
            quantity.root.dep_ in {"dobj", "attr", "npadvmod"}
            and head.lemma_.lower() in table.price_verbs
        )

    def names_a_street_or_model(self, quantity: Span, sentence: Span) -> bool:
        """An address ("5775 Morehouse Drive", "No. 33 Haitian Second Road", "108 Yeoui-daero")
        or a model code after the number ("EliteBook 840 G10")."""
        doc = quantity.doc
        following = doc[quantity.end : min(len(doc), quantity.end + 4)]
        if following and _MODEL_CODE.match(following[0].text):
            return True
        streets = self.rules.geo.street_words
        for token in following:
            if token.is_punct and token.text != "-":
                return False
            if token.lower_ in streets and (
                token.text[:1].isupper() or (token.i > 0 and doc[token.i - 1].text == "-")
            ):
                return True
        return False

    def measures_a_market(self, quantity: Span) -> bool:
        """A figure of a market, not of an organisation: its verb's subject is the market ("the
        global SEP licensing market is worth about $20 billion") or its size ("the size of the
        EV battery market will reach $34.7 billion"), owned by no one ("Xiaomi's market" is
        Xiaomi's)."""
        table = self.rules.counting
        subject = next(  # the subject of the first verb above that has one ("is expected to reach")
            (
                c
                for t in up(quantity.root)
                if t.pos_ in {"VERB", "AUX"}
                for c in t.children
                if c.dep_ in {"nsubj", "nsubjpass"}
            ),
            None,
        )
        if subject is None:
            return False
        lemma = subject.lemma_.lower()
        market = lemma in table.market_words or (
            lemma in table.market_measures
            and any(
                p.lower_ == "of" and any(o.lemma_.lower() in table.market_words for o in p.children)
                for p in subject.children
            )
        )
        owned = any(  # "Xiaomi's market", "the licensing business of Nokia"
            t.ent_type_ == "ORG" or t.dep_ == "poss" for t in subject.subtree if t != subject
        )
        return market and not owned

    def looks_like_year_or_model(self, quantity: Span, core: Span, before: Token | None) -> bool:
        """A bare year, a model number ("Phone 3", "Android 14") or "one" used as a pronoun."""
        text = core.text
        bare = quantity._.ipclaims_qualifier == "exact" and len(core) == 1
        if bare and text.isdigit() and len(text) == 4 and 1950 <= int(text) <= 2100:
            return True
        if bare and text.lower() == "one":
            return True
        if (
            before is not None
            and before.text == "-"
            and before.i > 0
            and not before.nbor(-1).whitespace_
            and before.nbor(-1).text[-1:].isalnum()
        ):
            return True  # "S7-1500", "V2343-2" (not a list dash after a line break)
        if (
            before is not None
            and before.text == ":"
            and before.i > 0
            and before.nbor(-1).text.isupper()
        ):
            return True  # a stock code: "(TWSE: 2454)"
        if (
            before is not None
            and before.text in {"'", "\u2018", "\u2019"}
            and not before.whitespace_
        ):
            return True  # a patent by its last digits: "the '373 patent"
        doc = quantity.doc
        months = self.rules.dates.months
        after = doc[quantity.end] if quantity.end < len(doc) else None
        if (
            bare
            and text.isdigit()
            and int(text) <= 31
            and (
                (after is not None and after.lower_.rstrip(".") in months)
                or (before is not None and before.lower_.rstrip(".") in months and before.is_title)
            )
        ):
            return True  # a day without its year: "on 3 May", "on May 3"
        inside_name = quantity[0].ent_iob_ == "I" and quantity[0].ent_type_ == "ORG"
        return bool(  # "Phone 3"; "the iPhone 4" that the model reads as one name
            bare
            and before is not None
            and before.pos_ == "PROPN"
            and (before.ent_type_ != "ORG" or inside_name)
        )

    def rank_compound(self, quantity: Span, sentence: Span) -> bool:
        """An ordinal hyphenated to a rank verb: "second-placed", "third-ranked", "fifth-ranking"."""
        doc = quantity.doc
        verb = quantity.end + 1
        return (
            verb < sentence.end
            and not quantity[-1].whitespace_
            and doc[quantity.end].text == "-"
            and not doc[quantity.end].whitespace_
            and doc[verb].lower_ in self.rules.counting.rank_participles
        )

    @staticmethod
    def bracketed_after_figure(quantity: Span, sentence: Span) -> bool:
        """ "Sony: 449 cases (Sixteenth)", "Korea: 133.6% (Second)": an ordinal alone in the
        brackets after a figure is the rank of that figure's row."""
        doc = quantity.doc
        opened, closed = quantity.start - 1, quantity.end
        if opened <= sentence.start or closed >= sentence.end:
            return False
        if doc[opened].text != "(" or doc[closed].text != ")":
            return False
        before = doc[max(sentence.start, opened - 3) : opened]
        return any(t.like_num or t.text == "%" for t in before)

    def ranking(self, quantity: Span, sentence: Span, skip: int = 0) -> Counted | None:
        """ "ranked 13th in 5G self-declared patent families": rank 13 in that phrase."""
        doc = quantity.doc
        following_word = doc[quantity.end] if quantity.end < sentence.end else None
        if (
            following_word is not None
            and following_word.lemma_.lower()
            in self.rules.duration_heads | set(self.rules.counting.rank_series)
        ):
            return None  # "for the 29th year", "the 29th consecutive year": a count of years
        if doc[quantity.start].lower_ == "top" and self.names_a_group(quantity, sentence):
            return None
        rank_nouns = set(self.rules.counting.rank_nouns)
        verbs = set(self.rules.counting.rank_verbs) | rank_nouns
        window = doc[max(sentence.start, quantity.start - 4) : quantity.start]
        earlier = doc[sentence.start : quantity.start]
        context = {t.lower_ for t in window} | {t.lemma_.lower() for t in window}
        after = doc[quantity.end : min(sentence.end, quantity.end + 2)]
        following = doc[quantity.end] if quantity.end < sentence.end else None
        # "OPPO ranks sixth and vivo eighth": a later ordinal in a sentence that ranks.
        gapped = any(t.lemma_.lower() in verbs for t in earlier) and (
            following is None
            or following.pos_ not in {"NOUN", "PROPN"}
            or following.lower_ in rank_nouns
        )
        if (quantity._.ipclaims_value or 0) > 10_000:
            return None  # "U.S. Patent No. 7,523,373": a patent number, not a rank
        marked = quantity._.ipclaims_rank_marker or skip > 0
        moves = self.rules.counting.rank_moves
        prep = quantity.start - 1
        if prep > sentence.start and doc[prep].lower_ == "the":
            prep -= 1  # "ascended from the 25th to the 20th"
        moved = (  # "moved up from second to first", "dropped to sixth in 2020 from fourth"
            prep >= sentence.start
            and doc[prep].lower_ in {"to", "from"}
            and any(t.lemma_.lower() in moves for t in earlier)
        )
        if not (
            marked
            or moved
            or context & verbs
            or gapped
            or any(t.lower_ in self.rules.counting.rank_places for t in after)
            or self.bracketed_after_figure(quantity, sentence)
        ):
            return None
        i = quantity.end + skip
        while i < sentence.end and doc[i].lower_ in {*self.rules.counting.rank_skip, ","}:
            i += 1
        if i < sentence.end and doc[i].lower_ in self.rules.counting.rank_preps:
            phrase = phrase_after(i + 1, sentence)
        else:
            phrase = phrase_after(i, sentence)
        return Counted(tuple(phrase), "rank", "rank")
