"""One Event per real-world event: the parts its parties play, its mentions merged, its amount.

A news story tells a lawsuit in its headline, its lead and again further down. The builder in
`events.py` reads one event per sentence; here the sentences that tell the same event (same type,
same parties, no contradicting dates) become the `mentions` of one Event. Roles come from the
dependency parse with the table `events.json` roles ("Nokia sued HTC": plaintiff, defendant);
the amount is the first sum of money stated in the event's sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Token

from models import Claim, Event, Role
from models.vocab import EventType, PartyRole, is_currency
from pipeline.rules.tables import EventsTable, RoleRule


def stated_roles(
    words: Iterable[Token],
    event_type: EventType,
    table: EventsTable,
    name_of: Callable[[Token], str | None],
) -> dict[str, PartyRole]:
    """Party name -> role from the dependents of the clause's verb and of its trigger noun
    (`words`, tried in order) by the rules of the event's type ("granted Nokia a licence" makes
    a licensee, "granted Nokia an injunction" nothing); `name_of` gives the organisation a token
    names, if any."""
    roles: dict[str, PartyRole] = {}
    rules = table.roles.get(event_type, {})

    def assign(token: Token, role: PartyRole | None) -> None:
        if role is None:
            return
        for member in (token, *coordinated(token)):  # "against BlackBerry, HTC and ViewSonic"
            name = name_of(member)
            if name is not None:
                roles.setdefault(name, role)

    # "ordered Samsung to pay Apple": the verb the clause's verb governs has roles too
    words = [*words, *(c for w in words for c in w.children if c.dep_ == "xcomp")]
    for word in words:
        rule = rules.get(word.lemma_.lower())
        if rule is None:
            continue
        for child in word.children:
            assign_child(child, rule, assign)
        following = word.doc[word.i + 1] if word.i + 1 < len(word.doc) else None
        if rule.dative and following is not None and following.dep_ not in {"nsubj", "dobj"}:
            assign(following, rule.dative)  # "to pay Apple USD 1.05 billion", however parsed
        for noun in (c for c in word.children if c.dep_ in {"dobj", "attr"}):
            # "filed a lawsuit against HTC": the trigger noun's own dependents; "sold 500
            # patents to Intel": the verb's prepositions, attached to its object
            noun_rule = rules.get(noun.lemma_.lower())
            for child in noun.children:
                if noun_rule is not None:
                    assign_child(child, noun_rule, assign)
                elif child.dep_ == "prep":
                    assign_child(child, rule, assign)
    return roles


def assign_child(
    child: Token, rule: RoleRule, assign: Callable[[Token, PartyRole | None], None]
) -> None:
    """The role of one dependent under a rule."""
    dep = child.dep_
    if dep == "nsubj":
        assign(child, rule.subject)
    elif dep == "nsubjpass":
        assign(child, rule.object)  # "HTC was sued by Nokia"
    elif dep == "dobj":
        assign(child, rule.object)
    elif dep == "dative":  # "granted HTC a licence", "sold the patents to Intel"
        assign(child, rule.dative)
        for pobj in (c for c in child.children if c.dep_ == "pobj"):
            assign(pobj, rule.dative)
    elif dep == "poss":
        assign(child, rule.possessor)
    elif dep == "agent":
        for pobj in (c for c in child.children if c.dep_ == "pobj"):
            assign(pobj, rule.subject)
    elif dep == "prep" and child.lower_ in rule.preps:
        for pobj in (c for c in child.children if c.dep_ == "pobj"):
            assign(pobj, rule.preps[child.lower_])


def coordinated(token: Token) -> list[Token]:
    """The conjuncts of a token ("BlackBerry, HTC and ViewSonic")."""
    found: list[Token] = []
    frontier = [token]
    while frontier and len(found) < 20:
        current = frontier.pop()
        for child in current.children:
            if child.dep_ in {"conj", "appos"}:
                found.append(child)
                frontier.append(child)
    return found


def with_roles(event: Event, roles: dict[str, PartyRole]) -> Event:
    """The event with the stated roles of its own parties."""
    kept = [Role(party=p, role=roles[p]) for p in event.parties if p in roles]
    return event.model_copy(update={"roles": kept}) if kept else event


def merge_mentions(events: list[Event], title_end: int = 0) -> list[Event]:
    """Sentences that tell the same event become one Event with several mentions: the same type
    and parties (or two parties in common) with the same date; an undated or headline mention
    ("The settlement", "Apple sues Qualcomm") joins the dated account of its event, before or
    after it."""
    ordered = sorted(events, key=lambda e: e.start)
    retold = [e for e in ordered if is_retelling(e, ordered, title_end)]
    merged: list[Event] = []
    for event in (e for e in ordered if e not in retold):
        index = next((i for i, m in enumerate(merged) if same_event(m, event)), None)
        if index is None:
            merged.append(event)
        else:
            merged[index] = absorb(merged[index], event, title_end)
    for event in retold:
        index = next((i for i, m in enumerate(merged) if related(m, event)), None)
        if index is None:
            merged.append(event)
        else:
            merged[index] = absorb(merged[index], event, title_end)
    return sorted(merged, key=lambda e: e.start)


# A licence between the parties of a cross-licence, of the same date, is told of the same deal
# ("signed a cross-license agreement" ... "the sixth patent license agreement we have signed").
CROSS = frozenset({EventType.license, EventType.cross_license})


def same_kind(a: Event, b: Event) -> bool:
    """The same type, or a cross-licence and a licence that is undated or of its date (an
    undated cross-licence in a settlement is not the licence that expired years before)."""
    if a.type == b.type:
        return True
    if {a.type, b.type} != CROSS:
        return False
    licence, cross = (a, b) if a.type == EventType.license else (b, a)
    return licence.date is None or licence.date == cross.date


def related(a: Event, b: Event) -> bool:
    """The same kind, and the same parties or two in common."""
    shared = set(a.parties) & set(b.parties)
    return same_kind(a, b) and (shared == set(a.parties) | set(b.parties) or len(shared) >= 2)


def is_retelling(event: Event, events: list[Event], title_end: int) -> bool:
    """An undated or headline mention of an event that another sentence tells with a date (or,
    for a headline, tells in the body)."""
    headline = event.start < title_end
    if event.date is not None and not headline:
        return False
    return any(
        other is not event
        and related(other, event)
        and (other.date is not None or (headline and other.start >= title_end))
        for other in events
    )


def same_event(kept: Event, event: Event) -> bool:
    """Whether a later sentence tells the event already kept: related, and not dated otherwise."""
    return related(kept, event) and (event.date is None or kept.date == event.date)


def absorb(kept: Event, event: Event, title_end: int = 0) -> Event:
    """One event from two accounts: every mention, the parties and roles of both, the first
    date. Its text is its first dated sentence outside the headline, else its first sentence."""
    mentions = sorted(
        {m.start: m for m in (*event.mentions, *kept.mentions)}.values(), key=lambda m: m.start
    )
    parties = list(dict.fromkeys([*kept.parties, *event.parties]))
    roles = {r.party: r for r in (*event.roles, *kept.roles)}
    # a licence merged into a cross-licence keeps the cross-licence (same types: no effect)
    primary = min(
        (kept, event),
        key=lambda e: (
            e.type != EventType.cross_license,
            e.start < title_end,
            e.date is None,
            e.start,
        ),
    )
    return primary.model_copy(
        update={
            "parties": parties,
            "roles": [roles[p] for p in parties if p in roles],
            "date": primary.date or kept.date or event.date,
            "mentions": mentions,
        }
    )


def attach_amounts(events: list[Event], claims: list[Claim]) -> list[Event]:
    """Each event with the first sum of money stated in its sentences (damages, a licence fee,
    a price); a share or a count is not an amount."""
    money = sorted((c for c in claims if is_currency(c.unit)), key=lambda c: c.start)
    result = []
    for event in events:
        claim = next(
            (c for m in event.mentions for c in money if m.start <= c.start and c.end <= m.end),
            None,
        )
        if claim is not None:
            event = event.model_copy(
                update={
                    "amount": claim.value,
                    "currency": claim.unit,
                    "amount_claim_id": claim.claim_id,
                }
            )
        result.append(event)
    return result
