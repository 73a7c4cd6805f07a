"""People: a named person and the role the text gives them, as document metadata.

"Wang Xiang, Partner and President of Xiaomi Corporation" -> Person(name, role, organisation).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from models import Person
from pipeline.extraction.orgs import SPANS_KEY as ORGS_KEY
from pipeline.extraction.subjects import SubjectResolver
from pipeline.nlp.sentences import sentence_of
from pipeline.rules.loading import Rules


def find_people(doc: Doc, rules: Rules, subjects: SubjectResolver) -> list[Person]:
    """People named with a title right after (", Partner and President of X") or before ("CEO X")."""
    titles = set(rules.people.person_titles)
    people: dict[str, Person] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON" or len(ent) < 2 or ent.text in people:
            continue
        role = role_after(ent, titles) or role_before(ent, titles)
        if role is None:
            continue
        people[ent.text] = Person(
            name=ent.text, role=role.text.strip(" ,"), organisation=organisation_of(role, subjects)
        )
    return list(people.values())


def role_after(ent: Span, titles: set[str]) -> Span | None:
    doc = ent.doc
    if ent.end >= len(doc) or doc[ent.end].text != ",":
        return None
    end = ent.end + 1
    while (
        end < sentence_of(ent).end
        and doc[end].text not in {",", ".", ";", "(", ")", '"'}
        and end - ent.end < 14
    ):
        end += 1
    role = doc[ent.end + 1 : end]
    return (
        role
        if role and role[0].lower_ in titles | {"the"} and any(t.lower_ in titles for t in role)
        else None
    )


def role_before(ent: Span, titles: set[str]) -> Span | None:
    doc = ent.doc
    start = ent.start
    while start > sentence_of(ent).start and doc[start - 1].lower_ in titles | {"&", "of", "ip"}:
        start -= 1
    role = doc[start : ent.start]
    return role if role and role[-1].lower_ in titles else None


def organisation_of(role: Span, subjects: SubjectResolver) -> str | None:
    """The organisation named inside the role phrase, resolved; else the document's subject."""
    for mention in role.doc.spans.get(ORGS_KEY, []):
        if role.start <= mention.start < role.end + 2:
            return subjects.resolve(mention)
    return subjects.main
