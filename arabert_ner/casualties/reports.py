"""Which event type a count expression reports, from the report words around it (قتل, أصيب, لقوا حتفهم),
and what rules one out: a negation (لم يسفر عن إصابات), one count for both types (مقتل وإصابة 40, R1),
infections and sports injuries, a qualifier after the count.

A mixin of :class:`arabert_ner.casualties.engine.CasualtyExtractor` (reads ``self.lex`` and ``self.win``)."""
from __future__ import annotations

from arabert_ner.casualties.document import COMMAS, OPENERS, QUOTES, Document
from arabert_ner.casualties.drafts import CountExpression
from arabert_ner.casualties.lexicon import in_words
from arabert_ner.casualties.numbers import match_qualifier, number_word
from arabert_ner.casualties.victims import accusative_singular, in_set
from arabert_ner.text.arabic import fold, strip_clitics


_GAP_MARKS = OPENERS | QUOTES | {")"}  # between a report word and its count: أسفر عن «استشهاد» 26, (استشهاد) عشرة


class ReportRules:
    """Types a count expression by its report words, and rules one out (see the module docstring)."""

    def _event_type(self, doc: "Document", expr: CountExpression, a: int, b: int) -> str | None:
        typ = expr.noun_type
        trigger = None
        if typ is None:
            trigger = self._verb_over_agent(doc, expr, a, b)  # قتل مسلحون ثلاثة جنود: the verb over its subject
            typ = self.lex.type_by("report_before", doc.words[trigger].text) if trigger is not None else None
        if typ is None:
            trigger, typ = self._report_word(doc, expr, a, b)
        if typ is None or self._is_agent(doc, expr, trigger, b):
            return None  # قتل أربعة مسلحين من حركة الشباب 67 شخصا: the four killed, the 67 died
        if self._rescued(doc, expr.first, a):
            return None  # إنقاذ 12 غريقا, أنقذ خفر السواحل 40 مهاجرا و3 غرقى: saved, not killed
        if doc.folded[expr.first] in self.lex.victims_whole and (trigger is None or trigger > expr.last):
            return None  # غالبية الجنود المصابين: the whole of a toll given before, not a new one (R10)
        if trigger is not None and self._mixed_report(doc, trigger, a):
            return None  # مقتل وإصابة 3440: one count for both types states neither (rule R1)
        k = expr.last + 1
        if expr.count.value is not None and k < b and self._conjunction_before(doc, k) \
                and doc.folded[expr.last] in self.lex.single_casualty_nouns \
                and doc.folded[k][1:] in self.lex.single_casualty_nouns and self._noun_type(doc.words[k].text[1:]) != typ:
            return None  # 4921 قتيلا وجريحا: one count over the killed and the injured (R1)
        if self._negated(doc, trigger if trigger is not None else expr.first, a):
            return None
        return None if self._excluded(doc, expr, self.lex.types[typ], trigger, a, b) else typ

    def _rescued(self, doc: "Document", first: int, a: int) -> bool:
        """A rescue word a few words before the count, with no report word between (not إنقاذ 14 شخصا
        وإخراج جثث 17 آخرين: the bodies are the 17's)."""
        for m in range(first - 1, max(a, first - self.win["rescue"]) - 1, -1):
            if doc.folded[m] in self.lex.rescue_words:
                return True
            if self._is_report_word(doc, m):
                return False
        return False

    def _excluded(self, doc: "Document", expr: CountExpression, t, trigger: int | None, a: int, b: int) -> bool:
        """The type's exclusions: a sports word in the sentence (a sports injury); with an infection word
        (إصابة), a disease word just after it, or a strong one anywhere in the sentence."""
        if any(doc.sentence_has(a, b, name, self.lex.exclusions[name]) for name in t.excluded_by):
            return True
        # the type's nouns are infection words too when the type has any: ليبلغ عدد المصابين 186
        noun_trigger = trigger is not None and bool(t.infection_words) and in_set(doc.words[trigger].text, t.nouns) \
            and not in_set(doc.words[trigger].text, t.wound_nouns)
        infection_report = trigger is not None and in_words(doc.words[trigger].text, t.infection_words)  # بإصابتهم too
        if not (expr.disease_noun or infection_report or noun_trigger):
            return False
        end = min(b, expr.last + 1 + self.win["disease"])
        # حالة is a disease case (4 إصابات جديدة / حالات), but not with a casualty state after it (4 إصابات،
        # منها حالة حرجة)
        window = [doc.folded[m] for m in range(expr.last + 1, end) if not (
            doc.folded[m] in self.lex.case_nouns and m + 1 < b and self.lex.any_type("case_words", doc.words[m + 1].text))]
        if any(doc.phrase_ending_at(m, expr.last + 1, self.lex.disease_phrases) for m in range(expr.last + 2, end + 2)):
            return True  # إصابة بضربات شمس, بحمى الضنك: an illness (phrases, so عين شمس is still a place)
        for name in t.infection_excluded_by:
            near = self.lex.exclusions[name] | self.lex.exclusions.get(f"{name}_near", frozenset())
            if (not noun_trigger or expr.disease_noun) and any(w in near for w in window) \
                    or doc.sentence_has(a, b, name, self.lex.exclusions[name]):
                return True  # موجة المرض ... أسفرت عن إصابة 12 شخصا: infections, whatever the window
        return False

    def _report_word(self, doc: "Document", expr: CountExpression, a: int, b: int) -> tuple[int | None, str | None]:
        """The word reporting this count: just before it (قتل 3), or just after it (3 قتلوا)."""
        if self._mourners(doc, expr, a):
            return None, None
        k = expr.first - 1
        # gap words, quotes (أسفر عن «استشهاد» 26 شخصا) and qualifiers may stand between
        while k >= a and (doc.folded[k] in self.lex.gap_words or doc.words[k].text in _GAP_MARKS
                          or match_qualifier(doc.folded, k, self.lex.leading_qualifiers)):
            k -= 1
        if k >= a:
            w = doc.words[k].text
            typ = self.lex.type_by("report_before", w)
            if typ is not None:
                return k, typ
            distant = self._distant_report_word(doc, expr, k, a)
            if distant[0] is not None:
                return distant
            toll = self._toll_noun_before(doc, expr, k, a)
            if toll[0] is not None:
                return toll
        skip = max((match_qualifier(doc.folded, j, self.lex.trailing_qualifiers) for j in (expr.last + 1,) if j < b),
                   default=0)
        skip += self._parenthetical_subset(doc, expr.last + 1 + skip, b)  # 22 مسلحا، بينهم اربعة قادة، قتلوا
        reach = self.win["report_after"] + (self.win["report_far"] if expr.has_noun else 0)
        if k >= a and doc.folded[k] in self.lex.lead_verbs:
            reach += self.win["lead_reach"]  # لقي 24 عنصرا من ميليشيات الحوثي وعناصر ... مصرعهم
        for k in range(expr.last + 1 + skip, min(b, expr.last + 1 + skip + reach)):
            w = doc.words[k].text
            near = k <= expr.last + self.win["report_near"] + skip  # 24 شخصا على الأقل قتلوا
            far = k >= expr.last + 1 + skip + self.win["report_after"]
            # a verb that agrees with the victims (قتلوا, أصيبوا) reaches over their description:
            # أن 21 من مسلحي الحوثي قتلوا, إن امرأتين وطفلا في التاسعة من العمر قتلوا
            if near or in_words(w, self.lex.long_reach_after):
                typ = self.lex.type_by("report_after", w)
                if typ is not None and k + 1 < b and doc.folded[k + 1] in self.lex.alternative_fates:
                    return None, None  # 102 مسلح قتلوا او اعتقلوا او استسلموا: one count over several fates
                if typ is not None and not (doc.folded[k].startswith("و") and self.lex.any_type("report_before", w)
                                            and self._object_follows(doc, k, b)):
                    return k, typ  # not مسلحان وقتلا خلاله 21 سائحا: a new clause whose verb has its own count
            if in_words(w, self.lex.fall_verbs) and k + 1 < b:  # 20 من ميليشيات الجماعة سقطوا قتلى
                typ = self.lex.type_by("nouns", doc.words[k + 1].text)
                if typ is not None:
                    return k + 1, typ
            if far and (number_word(w) is not None or self._is_report_word(doc, k)
                        or not any(ch.isalpha() for ch in w) and w not in COMMAS and w not in ("(", ")")
                        and w not in QUOTES):  # «لمجلس شورى مجاهدي درنة» مصرعهم: a quoted name between
                break  # past the usual window, another count, report word or sentence mark ends the search
        return self._among_after(doc, expr.last + 1, b, expr.first)

    def _mourners(self, doc: "Document", expr: CountExpression, a: int) -> bool:
        """A count right after the dead being mourned (mourning_words, then the casualty noun: وشارك في تشييع
        جثامين الشهداء 5000 شخص, ... الشهداء آلاف المواطنين) is the mourners; a definite number is the dead's
        own (جثامين الشهداء الثلاثة), a definite vague one is not (الآلاف)."""
        m = expr.first - 1
        if m - 1 < a or self._casualty_noun_type(doc.words[m].text, with_tolls=True) is None \
                or not in_words(doc.words[m - 1].text, self.lex.mourning_words):
            return False
        w = doc.words[expr.first].text
        number = number_word(w)
        return not (w.startswith("ال") and number is not None and fold(w)[2:] not in self.lex.vague)

    def _toll_noun_before(self, doc: "Document", expr: CountExpression, k: int, a: int) -> tuple[int | None, str | None]:
        """A toll's casualty noun before the count, through a link word (``k`` is the word before the count
        past its gap words)."""
        # ارتفع عدد الشهداء إلى 6 / وصلت حصيلة الجرحى إلى 40 / عدد القتلى المدنيين بلغ 844 / إن القتلى
        # أربعة مدنيين: a casualty noun shortly before إلى, a toll verb, or right before the count
        link = next((m for m in (expr.first - 1, k) if m >= a and (
            in_words(doc.words[m].text, self.lex.toll_links))), None)
        if link is None and k == expr.first - 1 and doc.folded[k].startswith("ال"):
            link = k + 1
        elif link is None and k == expr.first - 1 and k > a and doc.folded[k] in self.lex.toll_prepositions \
                and doc.folded[k - 1].startswith("ال"):
            link = k  # قدر عدد القتلى بـ3800 شخص, عدد القتلى بنحو 100: the casualty noun, then ب and the count
        if link is not None:
            for m in range(link - 1, max(a, link - 6) - 1, -1):
                v = doc.words[m].text
                if number_word(v) is not None:
                    break  # عدد الإصابات منذ يونيو 2012 إلى 1082: a number (here a year) ends the toll noun's reach
                typ = self._casualty_noun_type(v, with_tolls=True)
                if typ is not None:
                    return m, typ
            far = self._updated_toll_noun(doc, link, a)
            if far[0] is not None:
                return far
        return None, None

    def _among_after(self, doc: "Document", k: int, b: int, first: int | None = None) -> tuple[int | None, str | None]:
        """The casualty noun of ``(من) بين القتلى`` closing the clause that starts at word ``k`` (اثنين من
        أعضاء حكومة طالبان في الظل ... من بين القتلى), with no number, report word or punctuation before
        it: (its index, its type), else (None, None). ``first``: where the count starts; a count of another
        fate (اعتقلت الشرطة 3 مسلحين كانوا يختبئون بين القتلى) is no one of the dead."""
        if first is not None and any(f in self.lex.mixed_partners or f[:-1] in self.lex.mixed_partners
                                     for m in range(max(0, first - 3), first) for f in strip_clitics(doc.words[m].text)):
            return None, None
        for m in range(k, min(b - 1, k + self.win["among_reach"])):
            w = doc.words[m].text
            if doc.folded[m] in self.lex.among_after and doc.folded[m + 1].startswith("ال"):
                typ = self._casualty_noun_type(doc.words[m + 1].text, with_tolls=True)
                if typ is not None:
                    return m + 1, typ
            if self._ends_clause(doc, m):
                return None, None  # وقال مسؤول إن بين القتلى ...: the speaker is not one of them
        return None, None

    def _ends_clause(self, doc: "Document", m: int) -> bool:
        """Word ``m`` ends the clause a victim or a count stands in, read forward: punctuation (not a quote),
        a number, a report word, a speech verb or a complementizer (another clause, another count)."""
        w = doc.words[m].text
        return (not any(ch.isalpha() for ch in w) and w not in QUOTES) or number_word(w) is not None \
            or self._is_report_word(doc, m) or in_words(w, self.lex.speech_verbs) \
            or doc.folded[m] in self.lex.complementizers

    def _updated_toll_noun(self, doc: "Document", link: int, a: int) -> tuple[int | None, str | None]:
        """ارتفعت حصيلة قتلى المعارك، التي تدور في درنة بين ... وتنظيم داعش، إلى 11: an update cue, then a
        casualty noun, further back in the sentence (windows.update_reach words), with no number or other
        link between."""
        for m in range(link - 1, max(a, link - self.win["update_reach"]) - 1, -1):
            w = doc.words[m].text
            if number_word(w) is not None or (m < link - 1 and in_words(w, self.lex.toll_links)):
                return None, None
            if in_words(w, self.lex.update_cues):
                for n in range(m + 1, min(link, m + 4)):
                    typ = self._casualty_noun_type(doc.words[n].text, with_tolls=False)
                    if typ is not None:
                        return n, typ
                return None, None
        return None, None

    def _casualty_noun_type(self, word: str, with_tolls: bool) -> str | None:
        """The type whose casualty noun (or, ``with_tolls``, toll noun: الضحايا) the word is, not counting
        an infection word (إصابات is also an infection)."""
        for t in self.lex.types.values():
            if (in_set(word, t.nouns) or with_tolls and in_set(word, t.toll_nouns)) and fold(word) not in t.infection_words:
                return t.name
        return None

    def _parenthetical_subset(self, doc: "Document", k: int, b: int) -> int:
        """Length of a comma-enclosed subset clause starting at ``k`` (، بينهم اربعة قادة ،), else 0."""
        if k + 1 >= b or doc.words[k].text not in COMMAS or not self._subset_marker_before(doc, k + 2, k + 1):
            return 0
        for m in range(k + 2, min(b, k + 8)):
            if doc.words[m].text in COMMAS:
                return m - k + 1
        return 0

    def _distant_report_word(self, doc: "Document", expr: CountExpression, k: int, a: int) -> tuple[int | None, str | None]:
        """A report verb a few words before the count, with words between: قتل فيه 4 أشخاص, وقتل في ذات
        اليوم ثلاثة من المواطنين, قتلت الاستخبارات الروسية ثلاثة مسلحين. Without a victim noun after the
        count only short pronoun phrases may stand between (قتل فيها المئات), so a stray number is not read."""
        between: list[str] = []
        reach = self.win["report_reach"] + (self.win["report_reach_noun"] if expr.has_noun else 0)
        for m in range(k, max(a, k - reach) - 1, -1):
            w = doc.words[m].text
            if number_word(w) is not None and m + 1 < expr.first and (
                    in_set(doc.words[m + 1].text, self.lex.unit_nouns) or in_set(doc.words[m + 1].text, self.lex.time_months)):
                between.append(doc.folded[m])
                continue  # قتل خلال 24 ساعة 5 أشخاص, قتلت في 14 يوليو ثلاثة مسلحين: a duration or a date, no other count
            if w in ("-", "–", "/") and m > a and in_set(doc.words[m - 1].text, self.lex.time_months):
                continue  # في 14 يوليو - تموز: a month named twice
            if not any(ch.isalpha() for ch in w) or number_word(w) is not None:
                return None, None  # punctuation ends the clause; another number is another count
            typ = self.lex.type_by("report_before", w)
            if typ is not None:
                if between and (expr.has_noun or all(f in self.lex.report_gap_pronouns for f in between)):
                    return m, typ
                return None, None
            if self.lex.any_type("report_after", w) or in_set(w, self.lex.victims_plural):
                return None, None
            if doc.folded[m] in self.lex.complementizers or self._opens_clause(doc, m, expr.first):
                # بأن 5 جنود قتلوا وأن 35 شخصا أصيبوا: أن opens the count's own clause; so does كما (قتل قائد
                # ميداني كما أسرت 11 مسلحا)
                return None, None
            if doc.folded[m] in self.lex.relative_pronouns and not (
                    m + 1 < expr.first and doc.folded[m + 1] in self.lex.event_verbs):
                return None, None  # قتل قائد الكتيبة التي اعتقلت أمس 20 مسلحا: the count is the clause's
            if doc.folded[m].startswith("و") and len(doc.folded[m]) > 3 and doc.folded[m][1:] in strip_clitics(w) \
                    and not doc.folded[m][1:].startswith("ال"):
                # قتل واعتقل 16 شخصا: the count belongs to the verb next to it (not والحريق, not وقع)
                return None, None
            between.append(doc.folded[m])
        return None, None

    def _mixed_report(self, doc: "Document", k: int, a: int) -> bool:
        """The report word is the second of a killed-and-injured pair joined by و (مقتل وإصابة)."""
        if k - 1 < a or not self._conjunction_before(doc, k):
            return False
        here = self.lex.type_by("report_before", doc.words[k].text)
        before = self.lex.type_by("report_before", doc.words[k - 1].text) if k - 1 >= a else None
        w2 = doc.words[k - 2].text if k - 2 >= a else ""
        if w2 and (number_word(w2) or accusative_singular(w2, self.lex) or in_set(w2, self.lex.victims_plural)):
            return False  # شرطيا قتل وأصيب آخر: the first verb has its own victim
        first = doc.words[k - 1].text
        if in_words(first, self.lex.long_reach_after) and self.lex.any_type("report_after", first):
            return False  # 390 مقاتلا ... قتلوا وجرح 400 آخرون: قتلوا closes the count before it
        if in_words(first, self.lex.mixed_partners):
            return True  # أسر وقتل عدد من الجنود: one count over captured and killed (like R1)
        return before is not None and here is not None and before != here

    def _negated(self, doc: "Document", at: int, a: int) -> bool:
        # Exact words only: ب+لا is the preposition "without" inside names (أطباء بلا حدود).
        if any(doc.folded[k] in self.lex.negations and not doc.in_entity[k]
               and not (k + 1 < at and doc.folded[k + 1] in self.lex.continuity_verbs)  # لا يزال: still
               for k in range(max(a, at - self.win["negation"]), at)):
            return True
        # an intent or attempt right before the report word: يعتزمان قتل أبيهما, محاولة اغتيال
        k = at - 1
        while k > a and doc.folded[k] in self.lex.passive_fillers:
            k -= 1
        if k >= a and in_words(doc.words[k].text, self.lex.intent_words):
            return True
        # أن تقتل شخصا, كي يقتل: a present-tense report verb after أن is what might be, not what happened;
        # not after قبل/بعد (قبل أن يقتل المهاجم: it did)
        return k >= a and doc.folded[k] in self.lex.subjunctive_particles \
            and in_words(doc.words[at].text, self.lex.present_report_verbs) \
            and not (k > a and doc.folded[k - 1] in self.lex.factual_before_subjunctive)

    def _trailing_qualifier(self, doc: "Document", k: int, b: int) -> bool:
        return any(match_qualifier(doc.folded, j, self.lex.trailing_qualifiers) for j in range(k, min(b, k + 2)))
