"""What the rule engine builds while it reads a text: a count expression found in the words, and an event
draft (mutable, with the sentence it came from) that becomes a :class:`arabert_ner.records.CasualtyEvent`."""
from __future__ import annotations

from dataclasses import dataclass, field

from arabert_ner.casualties.numbers import Count
from arabert_ner.records import CasualtyEvent, Place, Subset, TimeExpression


@dataclass
class EventDraft:
    """An event while the rules read it: mutable, with where it was found; :meth:`record` is what it says."""

    type: str
    count: int | None
    approximate: bool
    start: int
    end: int
    sentence: int = 0
    among: list[Subset] = field(default_factory=list)
    locations: list[Place] = field(default_factory=list)
    time: TimeExpression | None = None
    same_as: int | None = None
    back_reference: bool = False  # الضحايا الخمسة: a definite mention of a toll given before
    score: float | None = None

    def record(self, text: str) -> CasualtyEvent:
        return CasualtyEvent(self.type, self.count, self.approximate, text[self.start:self.end], self.start,
                             self.end, tuple(self.among), tuple(self.locations), self.time, self.same_as,
                             round(self.score, 4) if self.score is not None else None)


@dataclass
class CountExpression:
    first: int  # word index
    last: int  # word index, inclusive
    count: Count
    noun_type: str | None = None
    disease_noun: bool = False
    has_noun: bool = False  # a victim or casualty noun follows the number (3 أشخاص), not a bare number
    coordinated_only: bool = False  # وشرطي: a victim only when it continues the event before it
    partitive: bool = False  # تسعة من القتلى: a number of a toll named by its definite casualty noun
    first_mention: bool = False  # الرقيب المصاب: an event only if no earlier event of its type was given
    part_of_toll: bool = False  # أحدهم حالته حرجة: one of the toll just given, never a toll of its own
    named_list: bool = False  # استشهاد العريف أحمد ...، والجندي محمد: the next of a list of single victims
    described_to: int | None = None  # 37 ما بين رجال أمن ومواطنين: the last word of who they were, read as nothing else
