"""Plain values passed between the stages: read -> nlp -> link -> rdf -> store."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

# The entity classes of the contract (local names in the kg: namespace).
STATE = "State"
TERRITORY = "Territory"
INTERNATIONAL_ORG = "InternationalOrganization"
GOVERNMENT_BODY = "GovernmentBody"
MEDIA_ORG = "MediaOrganization"
ORGANIZATION = "Organization"
PERSON = "Person"
OFFICIAL = "Official"
SANCTIONS_REGIME = "SanctionsRegime"
ENTITY_CLASSES = (STATE, TERRITORY, INTERNATIONAL_ORG, GOVERNMENT_BODY, MEDIA_ORG, ORGANIZATION,
                  PERSON, OFFICIAL, SANCTIONS_REGIME)


@dataclass
class Article:
    """One news article as read and cleaned from its input, before any language processing."""

    id: str
    body: str
    title: str = ""
    published: str | None = None  # ISO 8601 date or date-time, only when the input gives it
    url: str | None = None
    publisher: str | None = None  # the outlet or wire that published it
    authors: list[str] = field(default_factory=list)  # reporters of the byline (editors excluded)
    editors: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)  # photo captions, kept apart from the story
    dateline: str | None = None  # place named in the dateline ("WASHINGTON")
    language: str | None = None
    source_path: str | None = None
    source_line: int | None = None

    @property
    def text(self) -> str:
        """What the language pipeline reads: the headline, a blank line, the story.

        Character offsets of mentions and evidence refer to this string."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.id, self.title, self.body, self.published or "", self.url or "",
                     self.publisher or "", "|".join(self.authors)):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """One stretch of the article's text that names an entity."""

    text: str
    start: int
    end: int
    sentence: int  # index into ArticleGraph.sentences


@dataclass
class Entity:
    """A resolved entity: one node of the graph, keyed by a path under the resources namespace."""

    key: str  # e.g. "state/RUS", "body/rus/ministry-of-foreign-affairs", "person/mark-lowcock"
    cls: str  # one of ENTITY_CLASSES
    label: str
    aliases: set[str] = field(default_factory=set)
    iso3: str | None = None
    kind: str | None = None  # narrower class of a government body (Ministry, Agency, ...)
    part_of: list[str] = field(default_factory=list)  # keys of its state and parent body (bodies, territories)
    member_of: list[str] = field(default_factory=list)  # keys (officials)
    role: str | None = None  # title as written (officials)
    imposed_by: list[str] = field(default_factory=list)  # keys (sanctions regimes)
    targets: list[str] = field(default_factory=list)  # keys (sanctions regimes)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Quantity:
    """An amount as the text gives it: a number or a range, with a unit or currency and a period."""

    text: str
    value: float | None = None
    min_value: float | None = None
    max_value: float | None = None
    unit: str | None = None
    currency: str | None = None  # ISO 4217
    period: str | None = None  # ISO 8601 duration ("P1Y")


@dataclass
class Event:
    """A reported event: who did what to whom, when, how sure the report is, and who says so."""

    key: str
    cls: str  # narrower class of kg:Event ("SanctionsImposition", "Accusation", ...)
    cameo: str  # CAMEO code: three digits where the text tells, else the root
    actors: list[str]
    targets: list[str]
    trigger: str
    evidence: str  # the sentence that reports it (the first, when several do)
    mentions: list[Mention] = field(default_factory=list)  # each trigger, with offsets and sentence
    modality: str = "Asserted"
    date: str | None = None  # xsd:date, resolved against the article's date
    date_text: str | None = None
    date_precision: str | None = None  # day | month | year
    attributed_to: list[str] = field(default_factory=list)  # keys of the source the claim rests on
    citing: list[str] = field(default_factory=list)  # keys of whom that source cites
    source_text: str | None = None  # the source as written ("U.S. officials", "sources")
    quantities: list[Quantity] = field(default_factory=list)


@dataclass
class Statement:
    """A direct quotation: the words inside the quotation marks and who said them."""

    key: str
    speakers: list[str]  # keys: the person (named or not) and, where known, their body
    speaker_text: str
    quote: str
    evidence: str  # the sentences holding the quotation
    mentions: list[Mention] = field(default_factory=list)  # the quotation's span, mark to mark
    attributed_to: list[str] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)


@dataclass
class ArticleGraph:
    """Everything extracted from one article, ready to be written as its named graph."""

    article: Article
    entities: list[Entity]  # those the article mentions
    sentences: list[Sentence]
    pipeline: str  # name and version of the spaCy pipeline that produced it
    context: list[Entity] = field(default_factory=list)  # named by a fact, not by the text (a body's state)
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    publisher: str | None = None  # key of the publisher entity
    authors: list[str] = field(default_factory=list)  # keys of the author persons
