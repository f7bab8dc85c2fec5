"""Breakdowns of a toll (rule R3): a count after a subset marker (بينهم 28 عسكريا, من بين الجرحى), N منهم, a
list after هم, parts that add up to the toll in the next sentences; a subset is never an event of its own
unless it has no toll (R6). Also one vague count shared by both types (عشرات القتلى والجرحى, R2).

A mixin of :class:`arabert_ner.casualties.engine.CasualtyExtractor` (reads ``self.lex`` and ``self.win``)."""
from __future__ import annotations

from itertools import chain

from arabert_ner.casualties.document import CLAUSE_MARKS, COMMAS, OPENERS, Document
from arabert_ner.casualties.drafts import CountExpression, EventDraft
from arabert_ner.casualties.lexicon import in_words
from arabert_ner.casualties.numbers import number_word
from arabert_ner.casualties.victims import dual_value, in_set, noun_in
from arabert_ner.records import Subset
from arabert_ner.text.arabic import fold


class SubsetRules:
    """Breakdowns of a toll and shared vague counts (see the module docstring)."""

    def _subset_parent(self, doc: "Document", expr: CountExpression, a: int, b: int, sentence_events: list[EventDraft],
                       events: list[EventDraft], last_subset: int | None) -> tuple[bool, EventDraft | None]:
        """Whether the count is a breakdown of an event given before, and of which one (None: of no event
        in reach, so it is dropped): بينهم 28 عسكريا, 3 منهم بحالة حرجة, تسعة من القتلى, and a count
        coordinated with a subset (بينهم 47 امرأة و33 طفلا)."""
        latest = sentence_events[-1] if sentence_events else None
        if expr.part_of_toll:
            own = self._own_type_before(doc, expr.first, a)
            if own is not None and (latest is None or latest.type != own):
                return False, None  # وقتل أحدهم: one of a group, killed; an event of its own
            dual = doc.folded[expr.first] in self.lex.victims_one_of_them_duals
            # a listed victim (بينهم نساء وجندي) is a part as it stands; أحدهم only with a victim's state after it
            stated = expr.has_noun or any(
                in_words(doc.words[m].text, self.lex.state_words) or self.lex.any_type("case_words", doc.words[m].text)
                or self._is_report_word(doc, m) for m in range(expr.first + 1, min(b, expr.first + 4)))
            if stated and latest is not None and (latest.count == 2 if dual else latest.count is None or latest.count > 2):
                return True, latest  # أربعة جرحى أحدهم بحالة الخطر, رجلي شرطة أحدهما إصابته بالغة (not انفجارين، أحدهما)
            return True, None  # no toll in its sentence: one of people, not of a toll
        marker_type = self._marker_type(doc, expr.first, a)
        if marker_type is not None:
            # من بين الجرحى شقيق: the latest toll of the marker's type is the parent; with none, its own (R6)
            parent = _latest_of_type(marker_type, sentence_events, events)
            if parent is None or not self._fits(expr, parent):
                expr.noun_type = expr.noun_type or marker_type
                return False, None
            return True, parent
        _, among_type = self._among_after(doc, expr.last + 1, b, expr.first)
        if among_type is not None and expr.count.value is not None:
            # قتل 10 أشخاص ... وأضاف أن اثنين من الأطفال من بين القتلى: one of the toll given before; with
            # no larger toll of that type before, a toll of its own (the type comes from the noun)
            parent = _latest_of_type(among_type, sentence_events, events)
            if parent is not None and parent.count is not None and parent.count > expr.count.value:
                return True, parent
        if latest is None and events and events[-1].sentence >= doc.sentence_of(doc.words[a].start) - 1:
            latest = events[-1]  # استشهاد ثلاثة من جنودها. وهم الشهيد ...: the toll of the sentence before
        if self._subset_marker_before(doc, expr.first, a) or expr.first - 1 > a and self._is_report_word(
                doc, expr.first - 1) and self._subset_marker_before(doc, expr.first - 1, a):  # منها جثث 30 قائدا
            latest = self._typed_parent(expr, latest, sentence_events, events)
            if latest is None:  # no toll before: منها 493 (حالة) وفاة after infections is a toll of its own
                return not self._death_or_injury_word(doc, expr, b), None
            return (True, latest) if self._fits(expr, latest) else (False, None)
        nxt = expr.last + 1
        if latest is not None and nxt < b and doc.folded[nxt] in self.lex.subset_after and self._fits(expr, latest):
            own = self._own_type_after(doc, nxt + 1, b) or self._own_type_before(doc, expr.first, a)
            if own is None or own == latest.type:
                return True, latest
            expr.noun_type = expr.noun_type or own  # كثيرين منهم قتلى, وأصيب العشرات منهم: an event of its own
            return False, None
        if expr.partitive and expr.count.value is not None:
            parent = _latest_of_type(expr.noun_type, sentence_events, events)
            if parent is not None:
                return True, parent
        if last_subset is not None and self._conjunction_before(doc, expr.first) \
                and (latest is None or expr.noun_type in (None, latest.type)) \
                and not (latest is not None and expr.noun_type is not None and self._same_noun_as(doc, expr, latest)):
            # 6 قتلى بينهم 4 أطفال، و5 قتلى في مدينة الباب: a count with the toll's own casualty noun after a
            # part is the next toll, not a part of this one
            if self._continues_list(doc, expr, last_subset, latest is not None):
                return True, latest
        return False, None

    def _death_or_injury_word(self, doc: "Document", expr: CountExpression, b: int) -> bool:
        """The count is told as deaths or injuries: such a word right after it (493 حالة وفاة) or as its
        noun (493 وفاة); a victim noun alone (منهم 3 جرحى after arrests) is not enough (R6 was tried)."""
        return self._own_type_after(doc, expr.last + 1, b) is not None or self.lex.any_type(
            "case_words", doc.words[expr.last].text)

    def _own_type_after(self, doc: "Document", k: int, b: int) -> str | None:
        """The type a casualty noun or a report word right after N منهم gives the count (كثيرين منهم قتلى)."""
        if k >= b:
            return None
        w = doc.words[k].text
        return self._noun_type(w) or self.lex.type_by("report_after", w)

    def _own_type_before(self, doc: "Document", first: int, a: int) -> str | None:
        """The type of a report verb right before N منهم (قتل اثنان ... وأصيب العشرات منهم)."""
        return self.lex.type_by("report_before", doc.words[first - 1].text) if first - 1 >= a else None

    def _victim_word(self, word: str) -> bool:
        """A victim noun or group noun (أفراد, عناصر, جنود), without its clitics."""
        return noun_in(word, self.lex.victims_plural) or fold(word) in self.lex.victims_group_nouns

    @staticmethod
    def _typed_parent(expr: CountExpression, latest: EventDraft | None, sentence_events: list[EventDraft],
                      events: list[EventDraft]) -> EventDraft | None:
        """A part named by a type of its own belongs to the latest toll of that type (وفاة 21 حالة وإصابة 66
        شخصا، بينهم 15 حالة وفاة و40 مصابا), unless it is that toll again (50 حالة، سجلت منهم 9 حالات
        وفيات after 9 killed)."""
        if latest is None or expr.noun_type in (None, latest.type):
            return latest
        own = _latest_of_type(expr.noun_type, sentence_events, [])  # of its own sentence: not across a حادث منفصل
        if own is not None and (own.count is None or expr.count.value is None or expr.count.value < own.count):
            return own
        return latest

    def _continues_list(self, doc: "Document", expr: CountExpression, last_subset: int, has_toll: bool) -> bool:
        """The count joins the list of parts ending at word ``last_subset``: within windows.subset_list
        words, with no report word between (with a toll, حالة وفاة is a part's own words: 15 حالة وفاة و40
        مصابا; without one, وفاة reports what follows: نقل 66 شخصا، بينهم 15 حالة وفاة و40 مصابا)."""
        gap = range(last_subset + 1, expr.first)
        cased = has_toll and in_words(doc.words[last_subset].text, self.lex.case_nouns)
        return len(gap) <= self.win["subset_list"] and not any(
            self._is_report_word(doc, m) and not (cased and m == last_subset + 1) for m in gap)

    @staticmethod
    def _same_noun_as(doc: "Document", expr: CountExpression, toll: EventDraft) -> bool:
        """The count's last word is the toll's last word (5 قتلى after 6 قتلى)."""
        return doc.folded[expr.last] == doc.folded[doc.word_at(toll.end - 1)]

    @staticmethod
    def _fits(expr: CountExpression, parent: EventDraft) -> bool:
        """A part is never larger than its toll (مصرع شخص وإصابة 4 آخرين منهم: the 4 are not of the 1)."""
        return parent.count is None or expr.count.value is None or expr.count.value <= parent.count

    def _marker_type(self, doc: "Document", first: int, a: int) -> str | None:
        """The type of a subset marker ending in a casualty noun right before word ``first`` (بين الجرحى)."""
        for marker in self.lex.subset_markers:
            n = len(marker)
            if n > 1 and first - n >= a and tuple(doc.folded[first - n:first]) == marker:
                return self._noun_type(doc.words[first - 1].text)
        return None

    def _subset_marker_before(self, doc: "Document", first: int, a: int) -> bool:
        if first - 1 >= a and doc.words[first - 1].text in OPENERS and self._after_marker(
                doc, first, a, self.lex.subset_markers):
            return True  # بين القتلى «خمسة من القوات
        for marker in self.lex.subset_markers:
            n = len(marker)
            if first - n >= a and tuple(doc.folded[first - n:first]) == marker:
                # 10 منهم وثلاثة: منهم closes the count before it and opens nothing; توفي منها 471: the
                # report word's own count (the pronoun stands between them, report_gap_pronouns)
                return not (n == 1 and first - 2 >= a and (number_word(doc.words[first - 2].text) is not None or (
                    marker[0] in self.lex.report_gap_pronouns and self._is_report_word(doc, first - 2))))
            # و-prefixed: ومنهم, وبينهم
            if first - n >= a and n == 1 and doc.folded[first - 1] == "و" + marker[0]:
                return True
        return False

    def _after_marker(self, doc: "Document", first: int, a: int, markers) -> bool:
        """One of the phrases ``markers`` ends right before word ``first`` (an opening quote may follow it)."""
        k = first - 1 if first - 1 >= a and doc.words[first - 1].text in OPENERS else first
        return doc.phrase_ending_at(k, a, markers) > 0

    def _reported_before(self, doc: "Document", ev: EventDraft) -> bool:
        """A report word right before the event's first word (قتل جندي, استشهد|3 أشخاص)."""
        k = doc.word_at(ev.start)
        return k > 0 and self.lex.any_type("report_before", doc.words[k - 1].text)

    def _breakdowns(self, doc: "Document", events: list[EventDraft]) -> list[EventDraft]:
        """R3 without a marker: the events of one later sentence (within windows.breakdown_sentences)
        that are of a toll's type, each smaller, and add up to it exactly, are its parts (قتل ثلاثة أشخاص
        ... إن امرأتين وطفلا قتلوا). After a toll of several attacks (aggregate_events), the smaller
        figures of the next sentence are its parts even when they do not add up to it."""
        reach = self.win["breakdown_sentences"]
        by_sentence: dict[int, list[int]] = {}  # linear in the events: a 1 MB article has tens of thousands
        for j, e in enumerate(events):
            by_sentence.setdefault(e.sentence, []).append(j)
        drop: set[int] = set()
        aggregate: dict[int, list[int]] = {}
        for parent in events:
            if not parent.count or parent.among:
                continue
            parts = [j for j in by_sentence.get(parent.sentence + 1, ())
                     if events[j].type == parent.type and j not in drop and events[j].count]
            if parts and self._aggregate_toll(doc, parent, aggregate) and not self._tells_another(doc, parent.sentence + 1):
                if all(events[j].count < parent.count for j in parts) \
                        and sum(events[j].count for j in parts) <= parent.count:
                    parent.among.extend(_as_subset(doc, events[j]) for j in parts)
                    drop.update(parts)
                    continue
            for s in range(parent.sentence, parent.sentence + reach + 1):
                parts = [j for j in by_sentence.get(s, ()) if events[j].type == parent.type and j not in drop
                         and events[j].start >= parent.end]
                if s > parent.sentence and any(self._reported_before(doc, events[j]) for j in parts):
                    continue  # قتل جندي واستشهد3 أشخاص: counts with report verbs of their own are events
                if len(parts) > 1 and self._tells_another(doc, s):
                    continue  # ... وقتل شخصان وأصيب ثالث في حادث آخر
                counts = [events[j].count for j in parts]
                if len(parts) > 1 and None not in counts and all(c < parent.count for c in counts) \
                        and sum(counts) == parent.count:
                    parent.among.extend(_as_subset(doc, events[j]) for j in parts)
                    drop.update(parts)
                    break
        return [e for j, e in enumerate(events) if j not in drop]

    def _summed_parts(self, doc: "Document", events: list[EventDraft], loose: list[CountExpression]) -> list[EventDraft]:
        """R3 for a breakdown right after a toll in its sentence, with no marker: counts read as no event of
        their own (``loose``), each opening a part (``_opens_part``), that add up, with the toll's parts of
        its sentence read so far, to the toll exactly, and no further count joined after them (قتل 23 شخصا
        ...، 17 منهم بسقوط مروحية ... وستة آخرون في هجوم انتحاري; مقتل 8، اثنين بموقع بحلحلان و6 كانوا على
        متن عربة; not قتل 10 أشخاص، 4 في بغداد و6 في الموصل و3 في البصرة)."""
        free: dict[int, list[CountExpression]] = {}
        for expr in loose:
            free.setdefault(doc.sentence_of(doc.words[expr.first].start), []).append(expr)
        later = {n: events[n + 1].start for n in range(len(events) - 1)
                 if events[n + 1].sentence == events[n].sentence}  # each event's next one in its sentence
        for n, parent in enumerate(events):
            counts = [x.count for x in parent.among]
            if parent.sentence not in free or not parent.count or parent.count < 2 or None in counts \
                    or sum(counts) >= parent.count:
                continue
            a, b = doc.sentences[parent.sentence]
            if any(not a <= doc.word_at(x.start) < b for x in parent.among):
                continue  # it has parts in a later sentence (_breakdowns)
            end, stop = doc.word_at(parent.end - 1), later.get(n)
            items: list[tuple[int, int, int, CountExpression | None]] = sorted(
                [(doc.word_at(x.start), doc.word_at(x.end - 1), x.count, None) for x in parent.among]
                + [(x.first, x.last, x.count.value, x) for x in free[parent.sentence]
                   if x.first > end and (stop is None or doc.words[x.last].end <= stop)], key=lambda t: t[0])
            if not items or items[0][0] - end - 1 > self.win["sum_reach"]:
                continue
            run, total = self._part_run(doc, items, parent.count, b)
            new = [x for _, _, _, x in run if x is not None]
            if total == parent.count and new and len(run) == len(new) + len(parent.among) and not any(
                    doc.folded[m] in self.lex.clause_openers for m in range(end + 1, run[-1][0])):
                # every part read before is in the run; not after a new clause (بلغ عددهم 20 شخصا، بينما بلغ
                # عددهم في حماة 13 شخصا، وسبعة في ريف دمشق)
                parent.among.extend(self._span_record(doc, x) for x in new)
                parent.among.sort(key=lambda x: x.start)
        return events

    def _part_run(self, doc: "Document", items: list, toll: int, b: int) -> tuple[list, int]:
        """The parts from the first item on, one after another within windows.sum_gap words, each smaller
        than the toll, each new one opening a part; their sum, or -1 when one more part follows the run."""
        run: list = []
        total = 0
        for item in items:
            if run and item[0] - run[-1][1] - 1 > self.win["sum_gap"] or item[2] >= toll \
                    or item[3] is not None and not self._opens_part(doc, item[3], b, first=not run):
                break
            if total >= toll:
                return run, -1  # 4 في بغداد و6 في الموصل و3 في البصرة: a list of more than the toll
            run.append(item)
            total += item[2]
        return run, total

    def _opens_part(self, doc: "Document", expr: CountExpression, b: int, first: bool) -> bool:
        """The count opens a part of a toll: the first after a comma, a colon, a bracket, هم or منهم, or right
        before منها (قتلوا، 12 جنديا; أربعة أشخاص (3 سعوديين ومقيم); استشهاد 15 منهم 12; نقل 34 حالة منها);
        the next ones joined by و or a comma (وستة آخرون, و (6) متدربين). Never after a word of its own
        (شنه 7 مسلحين, الساعة 10:30, على 20 منزلا, واعتقلت الشرطة 6 مشتبهين, ونجا 6)."""
        k = expr.first - 1
        if k >= 0 and doc.words[k].text in OPENERS:
            k -= 1  # ، «12 جنديا, و (6) متدربين
        if k < 0:
            return False
        if any(doc.folded[m] in self.lex.subset_after for m in range(expr.last + 1, min(b, expr.last + 3))):
            return True
        if doc.words[k].text in CLAUSE_MARKS or doc.folded[k] == "و" or self._conjunction_before(doc, expr.first):
            return True
        if not first and doc.folded[expr.first].startswith("ال") and any(
                doc.folded[m].startswith("و") and self._victim_word(doc.words[m].text[1:])
                and all(doc.folded[j].startswith("ال") for j in range(m + 1, k + 1)) for m in (k - 1, k) if m >= 0):
            return True  # 12 جنديا وأفراد الطاقم الخمسة: a definite count after its victim noun, joined by و
        return first and (doc.words[expr.first - 1].text in OPENERS or doc.folded[k] in self.lex.list_markers
                          or doc.folded[k] in self.lex.subset_after)

    def _listed_victims(self, doc: "Document", events: list[EventDraft]) -> list[EventDraft]:
        """R3 for a list right after a toll that names who they were (راح ضحيتها ثلاثة أشخاص شقيقه وابن عمه
        وصديقه; وفاة أربعة أشخاص هم الأب وزوجته وابنتاهما): single victims (1), duals (2) and counts joined
        by و, adding up to the toll exactly, are its parts; events read from those words are dropped."""
        drop: set[int] = set()
        for n_parent, parent in enumerate(events):
            if not parent.count or parent.count < 2 or parent.among:
                continue
            k = doc.word_at(parent.end - 1) + 1
            _, b = doc.sentences[parent.sentence]
            # هم may come after a short place phrase: وفاة أربعة أشخاص في مكان الحادث هم الأب وزوجته
            marker = next((m for m in range(k, min(b, k + 5)) if doc.folded[m] in self.lex.list_markers), None)
            if marker is not None and all(doc.words[m].text in COMMAS or any(ch.isalpha() for ch in doc.words[m].text)
                                          and not self._is_lexicon_word(doc, m) for m in range(k, marker)):
                k = marker + 1
            elif k < b and doc.words[k].text in (":", "،", ","):
                k += 1
            items = self._victim_list(doc, k, b)
            if len(items) < 2 or sum(c for c, _, _ in items) != parent.count:
                continue
            first, last = doc.words[items[0][1]].start, doc.words[items[-1][2]].end
            parent.among = [Subset(c, doc.text[self._span_start(doc, i):doc.words[j].end], self._span_start(doc, i),
                                   doc.words[j].end) for c, i, j in items]
            n = n_parent + 1  # events are in text order: the list's words come right after the toll
            while n < len(events) and events[n].start < last:
                if first < events[n].end:
                    drop.add(n)
                n += 1
        return [e for n, e in enumerate(events) if n not in drop]

    def _mixed_totals(self, doc: "Document", events: list[EventDraft]) -> list[EventDraft]:
        """R1 for a total given with its split in brackets: مجموع الضحايا 1091 شخصا (335 قتيلا و756 جريحا)
        counts the killed and the injured together, so it is no event; its parts are."""
        drop: set[int] = set()
        for n, total in enumerate(events):
            k = doc.word_at(total.end - 1) + 1
            if not total.count or k >= len(doc.words) or doc.words[k].text != "(":
                continue
            close = next((m for m in range(k + 1, min(len(doc.words), k + 12)) if doc.words[m].text == ")"), None)
            if close is None:
                continue
            inside = [e for e in events[n + 1:n + 4] if doc.words[k].start < e.start and e.end <= doc.words[close].end]
            if len({e.type for e in inside}) > 1 and None not in (e.count for e in inside) \
                    and sum(e.count for e in inside) == total.count:
                drop.add(n)
        return [e for n, e in enumerate(events) if n not in drop]

    def _victim_list(self, doc: "Document", k: int, b: int) -> list[tuple[int, int, int]]:
        """(count, first word, last word) of each item of a list of victims starting at word ``k``."""
        items: list[tuple[int, int, int]] = []
        while k < b:
            if items:  # the next item is joined by و (glued or alone) or a comma, after at most a short
                # description of the one before (مجند لدى المارينز وشرطي)
                j = next((j for j in range(k, min(b, k + 3)) if doc.folded[j] == "و" or doc.words[j].text in COMMAS
                          or self._conjunction_before(doc, j)), None)
                if j is None or any(not any(ch.isalpha() for ch in doc.words[m].text) or self._is_lexicon_word(doc, m)
                                    for m in range(k, j)):
                    break
                k = j + 1 if doc.folded[j] == "و" or doc.words[j].text in COMMAS else j
            if k >= b:
                break
            w = doc.words[k].text
            bare = w[1:] if items and doc.folded[k].startswith("و") and len(doc.folded[k]) > 2 else w
            expr = self._count_at(doc, k, b)
            if expr is not None and expr.count.value and expr.has_noun:
                items.append((expr.count.value, k, expr.last))
                k = expr.last + 1
            elif dual_value(bare, doc.words[k + 1].text if k + 1 < b else None, self.lex) == 2 \
                    or self._possessed_dual(bare):
                items.append((2, k, k))
                k += 1
            elif in_set(bare, self.lex.victims_singular) or self._possessed_singular(bare):
                end = k + 1 if k + 1 < b and doc.folded[k + 1].endswith(("ه", "ها", "هم")) \
                    and not self._is_lexicon_word(doc, k + 1) and not self._conjunction_before(doc, k + 1) else k
                items.append((1, k, end))  # ابن عمه: the noun and the kin it is named by
                k = end + 1
            else:
                break
        return items

    def _possessed_dual(self, word: str) -> bool:
        """ابنتاهما, شقيقاه: a dual victim noun with a pronoun suffix."""
        f = fold(word)
        return any(f.endswith(end + suffix) and (f[:-len(end + suffix)] in self.lex.victims_singular
                                                 or f[:-len(end + suffix)] + "ه" in self.lex.victims_singular)
                   and not (end == "ا" and f[:-len(end + suffix)] in self.lex.victims_five_nouns)  # أخاه, أباه: one
                   for end in ("ا", "تا") for suffix in ("ه", "ها", "هما", "هم"))

    def _tells_another(self, doc: "Document", sentence: int) -> bool:
        """The sentence tells of another event (وقتل 5 أشخاص في حادث منفصل): separate_event_cues."""
        a, b = doc.sentences[sentence]
        return any(tuple(doc.folded[k:k + len(c)]) == c for c in self.lex.separate_event_cues for k in range(a, b))

    def _aggregate_toll(self, doc: "Document", parent: EventDraft, seen: dict[int, list[int]]) -> bool:
        """The toll's clause names several attacks (تفجيرات في أنحاء العراق أدت إلى مقتل 32, الانفجارين,
        خلال أسبوعين من الغارات): the smaller figures of the next sentence are of one of them, parts of the
        toll (R3). Not another clause (واستمرت الهجمات ...، وأودى التفجير بحياة 32; سقوط عشرين قتيلا ...، بعد
        تفجيرين انتحاريين وقعا الأربعاء: the attacks before it). Each sentence's aggregate words are found
        once (``seen``)."""
        a, b = doc.sentences[parent.sentence]
        if parent.sentence not in seen:
            seen[parent.sentence] = [k for k in range(a, b) if doc.folded[k] in self.lex.aggregate_events]
        if not seen[parent.sentence]:
            return False
        last = doc.word_at(max(parent.start, parent.end - 1))
        ca, _ = doc.clause_window(a, b, doc.word_at(parent.start), last)
        # to the first clause mark after the toll, past the toll's own injured (وجرح 400 ... من الغارات,
        # مصرعهم، وأصيب 28 آخرون في غارات) and past a short aside (، يوم أمس (الأربعاء)، في هجمات)
        cb = doc.toll_clause_end(last, b, parent.type, self.win["aside_words"])
        return any(ca <= k < cb for k in seen[parent.sentence])

    def _span_record(self, doc: "Document", expr: CountExpression) -> Subset:
        start, end = self._span_start(doc, expr.first), doc.words[expr.last].end
        return Subset(expr.count.value, doc.text[start:end], start, end)

    def _shared_quantifier(self, doc: "Document", expr: CountExpression, b: int) -> tuple[int, str] | None:
        """عشرات القتلى والجرحى / عدد من القتلى والمصابين: a vague count whose casualty noun is joined by و
        to the other type's definite noun (rule R2 of the real-news gold)."""
        k = expr.last + 1
        if expr.count.value is not None or expr.noun_type is None or k >= b or not self._conjunction_before(doc, k):
            return None
        word = doc.words[k].text
        for typ, t in self.lex.types.items():
            if typ != expr.noun_type and fold(word)[1:].startswith("ال") and noun_in(word[1:], t.nouns):
                return k, typ
        return None


def _as_subset(doc: "Document", ev: EventDraft) -> Subset:
    """An event read as a part of a toll: its count and span."""
    return Subset(ev.count, doc.text[ev.start:ev.end], ev.start, ev.end)


def _latest_of_type(typ: str | None, sentence_events: list[EventDraft], events: list[EventDraft]) -> EventDraft | None:
    """The latest event of ``typ``: of this sentence first, then of the sentences before."""
    return next((e for e in chain(reversed(sentence_events), reversed(events)) if e.type == typ), None)
