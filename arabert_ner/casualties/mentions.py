"""How mentions relate: a count joined by و to the event before (مقتل 844 مدنيا و488 عسكريا), a list of
named single victims, a back-reference or a repeat of a toll given before (R8), and, once all events
are read, their places and time and the ``same_as`` links of repeats and updates (ارتفعت الحصيلة إلى).

A mixin of :class:`arabert_ner.casualties.engine.CasualtyExtractor` (reads ``self.lex`` and ``self.win``)."""
from __future__ import annotations

from arabert_ner.casualties.document import COMMAS, QUOTES, Document
from arabert_ner.casualties.drafts import CountExpression, EventDraft
from arabert_ner.casualties.lexicon import in_words
from arabert_ner.casualties.numbers import match_qualifier, number_word
from arabert_ner.text.arabic import strip_clitics

NAME_WORDS = 6  # words of a name between two single victims of a list


class MentionRules:
    """Links mentions: coordination, repeats, same_as, places and time (see the module docstring)."""

    def _coordinated(self, doc: "Document", expr: CountExpression, previous: EventDraft) -> bool:
        """The count continues the previous event's: joined by و or an additive link (إضافة إلى), with at most
        a few words between (an adjective or a name: مقتل 21 سائحا أجنبيا وشرطي تونسي, بمقتل 18 من عناصر تنظيم
        داعش و11 عراقيا)."""
        link = doc.phrase_ending_at(expr.first, 0, self.lex.additive_links)  # إضافة إلى ثلاثة
        if not link and not self._conjunction_before(doc, expr.first):
            return False
        if expr.named_list:
            return not link and self._named_list_item(doc, expr, previous)
        stop = expr.first - link if link else expr.first - 1 if doc.folded[expr.first - 1] == "و" else expr.first
        start = doc.word_at(previous.end - 1) + 1
        start += match_qualifier(doc.folded, start, self.lex.trailing_qualifiers) if start < stop else 0
        if start < stop and doc.words[stop - 1].text in COMMAS:
            stop -= 1  # مقتل 42 حوثيا على الأقل، و9 مقاتلين
        gap = [m for m in range(start, stop) if doc.words[m].text not in QUOTES]  # تنظيم «داعش» و13 عراقيا
        return (0 <= len(gap) <= self.win["coordination"]
                and all(any(ch.isalpha() for ch in doc.words[m].text) for m in gap)
                and not any(self._is_report_word(doc, m) for m in gap))

    def _named_list_item(self, doc: "Document", expr: CountExpression, previous: EventDraft) -> bool:
        """والجندي after a single victim and the name that follows it (استشهاد العريف أحمد جعفر المجيشي ،
        والجندي أول محمد): names and a comma between, no other lexicon word."""
        if previous.count != 1:
            return False
        start = doc.word_at(previous.end - 1) + 1
        stop = expr.first - 1 if doc.folded[expr.first - 1] == "و" else expr.first
        gap = [m for m in range(start, stop) if doc.words[m].text not in COMMAS
               and doc.folded[m] not in self.lex.victims_rank_qualifiers]
        return 0 < len(gap) <= NAME_WORDS and not any(self._is_lexicon_word(doc, m) for m in gap)

    def _is_back_reference(self, doc: "Document", expr: CountExpression) -> bool:
        """الضحايا الخمسة / القتلى الثلاثة: a definite noun with a definite number word after it."""
        return (expr.last == expr.first + 1 and doc.folded[expr.first].startswith("ال")
                and doc.folded[expr.last].startswith("ال") and number_word(doc.words[expr.last].text) is not None)

    @staticmethod
    def _victim_noun(doc: "Document", ev: EventDraft) -> str:
        return strip_clitics(doc.words[doc.word_at(max(ev.start, ev.end - 1))].text)[-1]

    def _another_single_victim(self, doc: "Document", ev: EventDraft, earlier_nouns: set[str]) -> bool:
        """A single indefinite victim (رجلا) whose noun no earlier single victim of its type had (جندي,
        ``earlier_nouns``): a second person, not the first one again."""
        word = doc.folded[doc.word_at(ev.start)]
        if word.lstrip("وبل").startswith("ال") or word.startswith("لل"):
            return False
        return self._victim_noun(doc, ev) not in earlier_nouns

    def _repeated_mention(self, doc: "Document", expr: CountExpression, seen_words: set[str]) -> bool:
        """A bare definite victim noun (الطفل) already reported by an earlier event of the document
        (``seen_words``: the last word of each earlier event's span)."""
        if expr.first != expr.last or not doc.folded[expr.first].lstrip("وبل").startswith("ال"):
            return False
        if number_word(doc.words[expr.first].text) is not None:
            return False
        return strip_clitics(doc.words[expr.first].text)[-1] in seen_words

    def _attach_context(self, doc: "Document", events: list[EventDraft]) -> None:
        for ev in events:
            # Places from the event's clause (مقتل 100 شخص في حلب، فيما قتل 4 في حمص: each its own), else
            # from a bounded window around it, never the whole sentence: in text without punctuation a
            # "sentence" is the document, and every event would get every place. Time from the window:
            # read from the clause it lowered the incident gold's exact-day accuracy (dev half 0.619 ->
            # 0.595; docs/results.md), so the first time expression around the event stays its time.
            first, last = doc.word_at(ev.start), doc.word_at(max(ev.start, ev.end - 1))
            a, b = doc.context_window(ev.sentence, first, last)
            ca, cb = doc.clause_window(a, b, first, last)
            ev.locations = doc.locations(ca, cb) or doc.locations(a, b)
            ev.time = doc.time(a, b)
        # Per type: events of earlier sentences (their indices) and the counts seen there, so each event
        # is linked in constant time; a 1 MB article has tens of thousands of events.
        by_type: dict[str, list[int]] = {}
        counts: dict[str, set[int]] = {}
        single_nouns: dict[str, set[str]] = {}  # the nouns of earlier single victims, per type
        pending: list[int] = []  # events of the current sentence, published when the sentence ends
        current = None
        for j, ev in enumerate(events):
            if ev.sentence != current:
                for i in pending:
                    by_type.setdefault(events[i].type, []).append(i)
                    if events[i].count is not None:
                        counts.setdefault(events[i].type, set()).add(events[i].count)
                    if events[i].count == 1:
                        single_nouns.setdefault(events[i].type, set()).add(self._victim_noun(doc, events[i]))
                pending, current = [], ev.sentence
            earlier = by_type.get(ev.type, [])
            here = [i for i in pending if events[i].type == ev.type]  # this sentence's, before ev
            pending.append(j)
            if not earlier and not here:
                continue
            a, _ = doc.sentences[ev.sentence]
            first = doc.word_at(ev.start)
            # An update cue in the clause before the count: ارتفعت الحصيلة إلى, وبلغت حصيلة القتلى; it
            # may follow the first mention in the same sentence (وكانت الحصيلة السابقة ...)
            after = doc.word_at(max(events[here[-1]].end - 1, 0)) + 1 if here else a
            updated = any(in_words(f, self.lex.update_cues)
                          for f in doc.folded[max(a, after, first - self.win["update_cue"]):first])
            repeated = bool(earlier) and ev.count is not None and ev.count in counts.get(ev.type, ())
            if repeated and ev.count == 1 and self._another_single_victim(doc, ev, single_nouns.get(ev.type, set())):
                repeated = False  # مقتل أربعة مدنيين وجندي ... وقال الانفصاليون إن رجلا قتل: another man
            # the same figure again after a speech verb in one sentence: أصيب 5 أشخاص، وأوضح ... إصابة خمسة
            quoted = next((i for i in reversed(here) if events[i].count is not None and events[i].count == ev.count
                           and any(f in self.lex.speech_verbs for f in doc.folded[doc.word_at(events[i].end - 1) + 1:first])),
                          None)
            if quoted is not None:
                updated, here = True, here[:here.index(quoted) + 1]
            if (updated and here) or (earlier and (updated or repeated or ev.back_reference)):
                if updated and here:
                    root = here[-1]
                elif repeated and not ev.back_reference:
                    # a repeat is of the toll it repeats, not the latest (Lafayette's 2 after Aurora's 12)
                    root = next(i for i in reversed(earlier) if events[i].count == ev.count)
                else:
                    root = earlier[-1]
                while events[root].same_as is not None:
                    root = events[root].same_as
                ev.same_as = root
