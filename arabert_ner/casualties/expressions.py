"""Count expressions in the words: a number, a vague quantifier or a hospital case with its victim noun
(3 أشخاص, عشرات المدنيين, 5 حالات وفاة), or a count with no number: a dual (شرطيان), a casualty noun
(قتيلان), a single victim next to a report word (قتل جندي, لقي طفل حتفه), a role noun (استشهاد قائدها).

A mixin of :class:`arabert_ner.casualties.engine.CasualtyExtractor`: it reads ``self.lex`` (the lexicon),
``self.win`` (its windows), ``self.vague_lower_bound`` and ``self._lead_or_filler``."""
from __future__ import annotations

from typing import Iterable

from arabert_ner.casualties.document import (CLOSERS, DATE_SEPARATORS, RANGE_WORDS, TWO_WORDS, Document)
from arabert_ner.casualties.drafts import CountExpression
from arabert_ner.casualties.lexicon import in_words
from arabert_ner.casualties.numbers import (Count, digits_value, is_number_form, match_qualifier, number_word,
                                            read_count_words, vague_forms)
from arabert_ner.casualties.victims import accusative_singular, dual_value, in_set, noun_in
from arabert_ner.text.arabic import fold, strip_clitics

SIZE_ADJECTIVES = frozenset(fold(w) for w in ("كبير", "كبيرا", "كبيرة", "قليل", "قليلا", "محدود", "محدودا"))
YEARS = (1900, 2100)  # bare digits in this range, with no victim noun, are a year
BACK_REFERENCE_WORDS = 200  # how far back أحد المصابين looks for the group it is one of


class CountReader:
    """Reads count expressions in a document's words (see the module docstring)."""

    def _noun_type(self, word: str) -> str | None:
        """The event type whose casualty noun the word is (قتيلا: killed), with ال/ب/ل but not و/ف."""
        return next((t.name for t in self.lex.types.values() if noun_in(word, t.nouns)), None)

    def _toll_against_other(self, doc: "Document", k: int, b: int) -> str | None:
        """الضحايا والجرحى: a toll noun of one type joined by و to another type's casualty noun names that
        type (عدد من الضحايا والجرحى: the dead and the injured)."""
        typ = next((t.name for t in self.lex.types.values() if noun_in(doc.words[k].text, t.toll_nouns)), None)
        if typ is None or k + 1 >= b or not self._conjunction_before(doc, k + 1):
            return None
        other = self._noun_type(doc.words[k + 1].text[1:])
        return typ if other is not None and other != typ else None

    def _expressions(self, doc: "Document", a: int, b: int) -> Iterable[CountExpression]:
        i = a
        while i < b:
            expr = self._count_at(doc, i, b) or self._bare_noun_at(doc, i, a, b)
            if expr is None:
                i += 1
                continue
            yield expr
            i = expr.last + 1

    def _count_at(self, doc: "Document", i: int, b: int) -> CountExpression | None:
        """[qualifier] (number words | vague word) [victim noun phrase], starting at word ``i``."""
        if doc.in_entity[i]:
            return None
        read = self._count_words(doc, i, b)
        if read is None:
            return None
        k, vague = read
        folded = doc.folded
        last, count_end = k - 1, k  # the words read as the count are [i, count_end)
        k, last, ranged = self._range_or_restatement(doc, k, last, b, vague)
        if not ranged and not vague and i > 0 and folded[i - 1] == "بين" and k + 1 < b and folded[k] == "و" \
                and digits_value(doc.words[k + 1].text) is not None and digits_value(doc.words[k - 1].text) is not None:
            k, last, ranged = k + 2, k + 1, True  # ما بين 20 و25 شخصا: one count, its lower bound, approximate
        restated = k > count_end
        if k < b and (doc.folded[k] in self.lex.unit_nouns or doc.words[k].text == "%"):
            return None  # 30 عاما, 5 سنوات, 150 كيلومترا: an age, a duration, a distance (not 16 اليوم, 8 بموقع)
        if k + 1 < b and doc.folded[k] == "في" and doc.folded[k + 1] in (fold("المائة"), fold("المئة")):
            return None  # 23 في المائة: a share
        if k < b and in_set(doc.words[k].text, self.lex.time_months):
            return None  # 23 يوليو: a date
        if i > 0 and folded[i - 1] in self.lex.per_words:
            return None  # لكل 100 امرأة: a rate
        if folded[i] in ("واحد", "واحده") and i > 0 and any(ch.isalpha() for ch in doc.words[i - 1].text) and (
                not self._is_report_word(doc, i - 1) or i > 1 and folded[i - 2].lstrip("وب") in self.lex.case_singular):
            return None  # من عائلة واحدة, حالة وفاة واحدة: "one" as the adjective of the noun before it
        if self._after_unit(doc, i):
            return None  # الأيام الثمانية الماضية, الساعات الأربع والعشرين, الساعات الـ24: a duration
        if k < b and doc.words[k].text in ("-", "–") and doc.words[k].start == doc.words[k - 1].end:
            return None  # 1- الجنس: a list number
        if folded[i] in self.lex.victims_one_of and k < b and fold(doc.words[k].text).startswith("ال") and \
                self._noun_type(doc.words[k].text):
            return self._one_of(doc, i, k)
        noun_type, disease, has_noun, partitive = None, False, False, False
        if k < b and not doc.in_entity[k]:
            phrase = self._victim_phrase(doc, k, b)
            if phrase is not None:
                last, noun_type, disease, has_noun, partitive = phrase
        if not has_noun and count_end == i + 1 and folded[i] in self.lex.victims_one_of:
            if not (k < b and in_set(doc.words[k].text, self.lex.victims_group_nouns)):
                return None  # أصيب أحد مولدات الكهرباء, دون جرح أحد: "one of" things, "anyone", no victim
            last, has_noun = k, True  # قتل أحد منتسبي الوزارة
        # After a bracket the number may be written twice, (15) خمسة عشر: read the digits alone.
        end = count_end - 1 if restated or ranged else last
        count = read_count_words([w.text for w in doc.words[i:end + 1]], self.vague_lower_bound, self.lex)
        if count is None:
            return None
        if not has_noun and count_end == i + 1 and YEARS[0] <= (digits_value(doc.words[i].text) or 0) <= YEARS[1]:
            return None  # (23 يوليو 2015), منذ الإطاحة بالقذافي وقتل فيه 2011: a year without a victim noun
        if count_end == i + 1 and folded[i] == fold("ألفا") and not has_noun:
            count = Count(1000, count.approximate)  # بلغت ألفاً: a thousand in the accusative, not ألفا = 2000
        digits = doc.words[i].text
        if count_end == i + 1 and digits.isdigit() and (len(digits) > 1 and digits[0] in "0٠" or len(digits) >= 8):
            return None  # 0506314341: a telephone number or an id, not people
        if ranged:
            count = Count(count.value, True)
        return CountExpression(i, last, count, noun_type, disease, has_noun, partitive=partitive)

    def _count_words(self, doc: "Document", i: int, b: int) -> tuple[int, bool] | None:
        """Where the number words (or the vague quantifier) starting at ``i``, after a leading qualifier,
        end, and whether the count is vague; None when there is no count."""
        folded = doc.folded
        j = i + match_qualifier(folded, i, self.lex.leading_qualifiers)
        if j >= b:
            return None
        k = j
        while k < b and (number_word(doc.words[k].text) is not None
                         or (k > j and folded[k] == "و" and k + 1 < b and self._joins(doc, k))):
            k += 1
        forms = vague_forms(doc.words[j].text)
        vague = k == j and any(f in self.lex.vague for f in forms)
        if vague:
            if fold("عدد") in forms:
                if j + 3 < b and folded[j + 1] in SIZE_ADJECTIVES and folded[j + 2] == "من" \
                        and self._noun_type(doc.words[j + 3].text):
                    return j + 3, True  # عددا كبيرا من القتلى (not عدد كبير من رجال الأمن: mourners)
                if not (j + 1 < b and folded[j + 1] == "من"):
                    return None  # عدد القتلى is not a count; عدد من المدنيين is a vague one
                return j + 2, True
            if j + 1 < b and any(f in self.lex.vague for f in vague_forms(doc.words[j + 1].text)):
                return j + 2, True  # عشرات آلاف الأشخاص, مئات الآلاف: one vague count
            if any(f in self.lex.vague_casualty_only for f in forms) \
                    and not (j + 1 < b and self._noun_type(doc.words[j + 1].text)) \
                    and not (j > 0 and self._is_report_word(doc, j - 1)):
                return None  # بعض الجرحى, إصابة بعض الأشخاص are vague counts, بعض المصادر is not
            return j + 1, True
        return (k, False) if k > j else None

    @staticmethod
    def _joins(doc: "Document", k: int) -> bool:
        """The و at ``k`` joins one number: before number words (مئة وخمسون, واحد وعشرون), or before digits
        after a scale word (3 آلاف و200, مئة و20); not digits after a plain number (حالة وفاة واحدة و4
        إصابات, 25 و48: two counts)."""
        after = number_word(doc.words[k + 1].text)
        if after is None:
            return False
        if digits_value(doc.words[k + 1].text) is None:
            return True
        before = number_word(doc.words[k - 1].text)
        return before is not None and (before[0] != "num" or before[1] >= 100)

    def _range_or_restatement(self, doc: "Document", k: int, last: int, b: int,
                              vague: bool) -> tuple[int, int, bool]:
        """A range after the digits (15 إلى 20 جريحا: one count, its lower bound, approximate), or a
        closing bracket or quote after them ((15) خمسة عشر مصليا / «8» إصابات: the noun or the same number
        again in words follows, read once, from the digits). Returns the next word, the last word, ranged."""
        folded = doc.folded
        if not vague and k + 1 < b and (folded[k] in RANGE_WORDS or doc.words[k].text in ("-", "–")) \
                and digits_value(doc.words[k + 1].text) is not None and digits_value(doc.words[k - 1].text) is not None:
            return k + 2, k + 1, True
        if not vague and k + 1 < b and doc.words[k].text in CLOSERS and doc.words[k - 1].text[-1:].isdigit():
            m = k + 1
            while m < b and number_word(doc.words[m].text) is not None and digits_value(doc.words[m].text) is None:
                m += 1
            after = doc.words[m].text if m < b else ""
            if m > k + 1 or in_set(after, self.lex.victims_plural) or in_set(after, self.lex.victims_singular) \
                    or self.lex.any_type("nouns", after):
                return m, m - 1, False  # (9) alone stays the number alone (rule R14)
            if m == k + 1 and fold(after) == "من":
                return m, last, False  # (5) من رجال الأمن: a partitive after the bracket
        return k, last, False

    def _one_of(self, doc: "Document", i: int, k: int) -> CountExpression | None:
        """أحد المصابين: one of a toll given before, or of a group named before (R8), or, with neither, one
        victim (R19)."""
        noun = strip_clitics(doc.words[k].text)[-1]
        if any(strip_clitics(doc.words[m].text)[-1] == noun for m in range(max(0, i - BACK_REFERENCE_WORDS), i)):
            return None
        return CountExpression(i, k, Count(1, False), self._noun_type(doc.words[k].text), has_noun=True,
                               first_mention=True)

    def _victim_phrase(self, doc: "Document", k: int,
                       b: int) -> tuple[int, str | None, bool, bool, bool] | None:
        """The victim noun phrase after a count, at word ``k``: شخصا | من عناصر الأمن | قتيلا | آخرون, stopping
        before any entity. Its last word, the type its noun names, whether that noun is also an infection
        word, whether there is a noun, whether it is partitive (تسعة من القتلى); None without one."""
        folded, lex = doc.folded, self.lex
        if folded[k] == "من" and k + 1 < b and not doc.in_entity[k + 1] and (
                fold(doc.words[k + 1].text) in lex.victims_group_nouns or noun_in(doc.words[k + 1].text, lex.victims_plural)):
            last = k + 1  # ثلاثة من المواطنين, 5 من عناصر الأمن
            if k + 2 < b and not doc.in_entity[k + 2] and in_set(doc.words[k + 2].text, lex.group_complements):
                last = k + 2
            return last, None, False, True, False
        if folded[k] == "من" and k + 1 < b and folded[k + 1].startswith("ال") and \
                (noun_type := self._noun_type(doc.words[k + 1].text) or self._toll_against_other(doc, k + 1, b)):
            return k + 1, noun_type, False, True, True  # العديد من الجرحى: the noun after من carries the type
        if folded[k] in lex.case_nouns and k + 1 < b and lex.type_by("case_words", doc.words[k + 1].text, strict=True):
            # 5 حالات وفاة / 3 حالات إصابة: the case noun, then what kind of case (R13: the kind outside)
            noun_type = lex.type_by("case_words", doc.words[k + 1].text, strict=True)
            return k, noun_type, bool(lex.types[noun_type].infection_words), True, False
        if noun_type := self._noun_type(doc.words[k].text) or self._toll_against_other(doc, k, b):
            return k, noun_type, bool(lex.types[noun_type].infection_words), True, False
        if noun_in(doc.words[k].text, lex.victims_plural) or noun_in(doc.words[k].text, lex.victims_singular):
            last = k
            if k + 1 < b and not doc.in_entity[k + 1] and in_set(doc.words[k + 1].text, lex.group_complements):
                last = k + 1
            elif k + 1 < b and (noun_type := next((t.name for t in lex.types.values()
                                                   if doc.folded[k + 1] in t.nouns), None)):
                return k + 1, noun_type, bool(lex.types[noun_type].infection_words), True, False  # 27 شخص مصاب
            return last, None, False, True, False
        return None

    def _bare_noun_at(self, doc: "Document", i: int, a: int, b: int) -> CountExpression | None:
        """A count with no number: a definite toll (الضحايا الخمسة), a dual (شرطيان), a hospital case (حالة
        وفاة), a casualty noun (قتيلان, قتيلا), or a single victim (:meth:`_single_victim_at`)."""
        if doc.in_entity[i]:
            return None
        w, lex = doc.words[i].text, self.lex
        if i > a and in_words(doc.words[i - 1].text, lex.place_heads):
            return None  # حي شهيد, مستشفى الشهيد, ميدان الشهداء: a place named after martyrs
        nxt = doc.words[i + 1].text if i + 1 < b else None
        dual = dual_value(w, nxt)
        noun_type = lex.type_by("nouns", w)
        toll = self._definite_toll(doc, i, b, noun_type)
        if toll is not None:
            return toll
        if dual or in_set(w, lex.victims_sound_plurals):
            decided, expr = self._dual_at(doc, i, a, b, dual, noun_type)
            if decided:
                return expr
        case = self._case_count(doc, i, b)
        if case is not None:
            return case
        if noun_type and fold(w) in lex.single_casualty_nouns:
            if i > a and doc.folded[i - 1] == fold("بين"):
                return None  # سقوط عشرات المتمردين بين قتيل وجريح: a split of a toll, not one casualty
            return CountExpression(i, i, Count(1, False), noun_type)  # خلفت قتيلا, سقط قتيل
        if i > a and (in_set(doc.words[i - 1].text, lex.victims_plural) or doc.folded[i - 1] in lex.victims_group_nouns) \
                and not self._conjunction_before(doc, i):
            return None  # 21 من مسلحي الحوثي: the singular is the group's name, not a victim
        return self._single_victim_at(doc, i, a, b, noun_type)

    def _definite_toll(self, doc: "Document", i: int, b: int, noun_type: str | None) -> CountExpression | None:
        """الضحايا الخمسة / القتلى الثلاثة / الضحايا الـ7: a definite noun with a definite number after it."""
        w, lex = doc.words[i].text, self.lex
        nxt = doc.words[i + 1].text if i + 1 < b else None
        if not (nxt is not None and fold(w).startswith("ال") and (in_set(w, lex.victims_plural) or noun_type)
                and fold(nxt).startswith("ال")):
            return None
        if number_word(nxt) is not None:
            count = read_count_words([w, nxt], self.vague_lower_bound, self.lex)
            return None if count is None else CountExpression(i, i + 1, count, noun_type)
        if fold(nxt) == "ال" and i + 2 < b and digits_value(doc.words[i + 2].text) is not None:
            value = digits_value(doc.words[i + 2].text)
            if value == int(value):  # الضحايا الـ3700: a toll noun names the type (R8)
                return CountExpression(i, i + 2, Count(int(value), False), noun_type or lex.type_by("toll_nouns", w),
                                       has_noun=True)
        return None

    def _dual_at(self, doc: "Document", i: int, a: int, b: int, dual: int | None,
                 noun_type: str | None) -> tuple[bool, CountExpression | None]:
        """A dual (شرطيان, رجلا أمن) or a sound plural with اثنين after it (عسكريين تركيين اثنين): whether the
        word is decided here, and its count expression (None: not a count)."""
        lex = self.lex
        nxt = doc.words[i + 1].text if i + 1 < b else None
        if not dual:
            for k in (i + 1, i + 2):
                if k < b and fold(doc.words[k].text) in TWO_WORDS and not doc.folded[k].startswith("و"):
                    return True, CountExpression(i, i, Count(2, False), noun_type, has_noun=True)
            return False, None
        if i > a and (in_set(doc.words[i - 1].text, lex.victims_plural) or dual_value(doc.words[i - 1].text, None, lex)) \
                and not self._conjunction_before(doc, i):
            return True, None  # 7 أشخاص ليبيين, جنديان تركيان: a nationality adjective of the noun before, not a dual
        # a number right after the dual, or after one adjective (not a coordinated و-count: قتيلان وسبعة جرحى)
        joined = nxt is None or doc.folded[i + 1].startswith("و") or self._is_report_word(doc, i + 1)
        if not joined and any(k < b and number_word(doc.words[k].text) not in (None, ("num", 2))
                              and not self._age_after(doc, k, b) for k in (i + 1, i + 2)):
            return True, None  # قتلت شابتان انتحاريتان 13 شخصا: the dual is who killed, the count who died
        last = i
        if nxt is not None and (in_set(nxt, lex.victims_construct_complements) or number_word(nxt) == ("num", 2)):
            last = i + 1  # رجلا أمن, مدنيين اثنين
        return True, CountExpression(i, last, Count(2, False), noun_type, has_noun=True)  # report word: _event_type

    def _single_victim_at(self, doc: "Document", i: int, a: int, b: int,
                          noun_type: str | None) -> CountExpression | None:
        """One victim with no number: next to a report word (قتل جندي, استشهاد قائدها, لقي طفل حتفه, أن شرطيا
        قتل), after a subset marker (بينهم امرأة), at its first mention (:meth:`_first_mention_at`), or joined
        by و to the event before (21 سائحا وشرطي)."""
        w, lex = doc.words[i].text, self.lex
        prev_report = i > a and lex.any_type("report_before", doc.words[i - 1].text) or (
            i - 1 > a and doc.folded[i - 1] in lex.report_gap_pronouns and not doc.folded[i].startswith("ال")
            and lex.any_type("report_before", doc.words[i - 2].text))  # الموقع الذي قتل فيه جندي
        next_type = self._report_after_follows(doc, i, b)
        next_report = next_type is not None
        singular = in_set(w, lex.victims_singular) and not in_set(w, lex.victims_plural - lex.victims_singular)
        possessed = not singular and self._possessed_singular(w)
        first = self._first_mention_at(doc, i, b, singular)
        if first is not None:
            return first
        if self._subset_marker_before(doc, i, a) and in_set(w, lex.victims_singular):
            return CountExpression(i, i, Count(1, False), noun_type)  # بينهم امرأة
        state = self._in_state_after(doc, i, b) if singular and not doc.folded[i].lstrip("و").startswith("ال") else None
        if state is not None:
            return CountExpression(i, i, Count(1, False), state, has_noun=True)  # وجود طفل بحالة حرجة
        if self._conjunction_before(doc, i):
            next_report = False  # ميليشيات صالح والحوثي مصرعهم: the report word after is the phrase's
        elif not next_report and accusative_singular(w, lex) and not doc.folded[i].startswith("ال"):
            passive = self._passive_after(doc, i, b)
            if passive is not None:
                return CountExpression(i, i, Count(1, False), passive, has_noun=True)  # أن شرطيا قتل
        if prev_report and singular and self._object_follows(doc, i, b):
            return None  # قتل مسلح في لافاييت شخصين: the singular is who killed, the count who died
        if next_report and not prev_report and singular and self._plural_report_after(doc, i, b):
            return None  # 22 مسلحا من تنظيم داعش الإرهابي مصرعهم: the adjective of a plural subject
        lead = next_report and not prev_report and doc.folded[i + 1] in self._lead_or_filler
        accusative_object = prev_report and not singular and accusative_singular(w, lex) and not doc.folded[i].startswith("ال")
        if (prev_report or next_report) and (singular or (possessed and prev_report) or accusative_object):
            if fold(w) in (fold("آخرون"), fold("آخرين")):
                return None
            # قتل جندي, استشهاد قائدها; after a lead verb the report word's type (الانتحاري أيضا لقي حتفه)
            return CountExpression(i, i, Count(1, False), next_type if lead else None, has_noun=True)
        if lead and accusative_singular(w, lex) and not doc.folded[i].startswith("ال"):
            return CountExpression(i, i, Count(1, False), next_type, has_noun=True)  # أن انتحاريا لقي حتفه
        if prev_report and fold(w) in lex.victims_another:
            return CountExpression(i, i, Count(1, False), None)  # قتل شرطي وأصيب آخر
        accusative = not singular and accusative_singular(w, lex) and not fold(w)[1:].startswith("ال")
        if (possessed or singular or accusative) and self._conjunction_before(doc, i):
            # 21 سائحا وشرطي; a definite one (والجندي) only in a list of named single victims (R7)
            return CountExpression(i, i, Count(1, False), None, has_noun=True, coordinated_only=True,
                                   named_list=singular and not possessed and fold(w)[1:].startswith("ال"))
        return None

    def _in_state_after(self, doc: "Document", i: int, b: int) -> str | None:
        """طفل بحالة حرجة / طفل في حالة خطيرة: the type of the case word a state phrase after the victim
        gives (R13), or None."""
        k = i + 1
        if k < b and doc.folded[k] == "في":
            k += 1
        if k + 1 >= b or doc.folded[k].lstrip("ب") not in self.lex.case_singular or (k == i + 1 and doc.folded[k][:1] != "ب"):
            return None
        return self.lex.type_by("case_words", doc.words[k + 1].text, strict=True)

    def _first_mention_at(self, doc: "Document", i: int, b: int, singular: bool) -> CountExpression | None:
        """One victim named by a definite casualty adjective or title, counted only at the first mention of
        its type (R7/R8): الرقيب المصاب, الطفلة الجريحة; الشهيد محمد العمري, اخو المتوفى محمود; with و only as
        the next item of a list (وهم الشهيد ... والشهيد ...) or of a coordination."""
        w, lex = doc.words[i].text, self.lex
        nxt = doc.words[i + 1].text if i + 1 < b else None
        if nxt is None:
            return None
        if singular and doc.folded[i].lstrip("وبل").startswith("ال"):
            adjective = lex.type_by("adjectives", nxt, strict=True)
            if adjective is not None:
                return CountExpression(i, i, Count(1, False), adjective, has_noun=True, first_mention=True)
        f = fold(w)
        title = f if f in lex.type_adjectives else f[1:] if f[1:] in lex.type_adjectives \
            and self._conjunction_before(doc, i) else None
        if title and i > 0 and title == f and doc.folded[i - 1].startswith("ال") \
                and doc.folded[i - 1] not in lex.victims_singular:
            return None  # الحالات المصابة: the adjective of the noun before it, not a title
        if title and not singular and (not self._is_lexicon_word(doc, i + 1) or in_set(nxt, lex.victims_singular)):
            return CountExpression(i, i, Count(1, False), lex.type_by("adjectives", title, strict=True), has_noun=True,
                                   first_mention=True, coordinated_only=title != f)
        return None

    def _case_count(self, doc: "Document", i: int, b: int) -> CountExpression | None:
        """حالة وفاة / حالتي وفاة / حالة حرجة: one or two hospital cases qualified as a casualty (R13).
        Not بحالة حرجة, which describes a victim already counted."""
        f = doc.folded[i]
        prefix = f[:1] if f[:1] in ("و", "ب") else ""
        f = f[len(prefix):]
        count = 1 if f in self.lex.case_singular else 2 if f in self.lex.case_duals else None
        if count is None or i + 1 >= b or (i > 0 and doc.folded[i - 1] in self.lex.case_blockers):
            return None  # في حالة حرجة describes a victim; أي حالة وفاة counts none
        typ = self.lex.type_by("case_words", doc.words[i + 1].text, strict=True)
        if typ is None or (prefix == "ب" and self.lex.types[typ].infection_words):
            return None  # بحالة حرجة describes a victim; بحالة وفاة counts one death
        return CountExpression(i, i, Count(count, False), typ, has_noun=True)

    def _plural_report_after(self, doc: "Document", i: int, b: int) -> bool:
        """The report word after word ``i`` has a plural pronoun (مصرعهم, حتفهم, قتلوا): not one victim's."""
        k = i + 1
        while k < b and doc.folded[k] in self._lead_or_filler:
            k += 1
        return k < b and (doc.folded[k].endswith(("هم", "هن")) or doc.folded[k].endswith("وا"))

    def _possessed_singular(self, word: str) -> bool:
        """قائدها, زعيمه, زوجته: a singular victim noun with a pronoun suffix."""
        for f in strip_clitics(word):
            for suffix in self.lex.victims_possessive_suffixes:
                base = f[:-len(suffix)]
                if f.endswith(suffix) and len(base) > 1 and (
                        base in self.lex.victims_singular or (base.endswith("ت") and base[:-1] + "ه" in self.lex.victims_singular)
                        or base[-1:] in ("ي", "ا", "و") and base[:-1] in self.lex.victims_five_nouns):  # أخيه, أبيها
                    return True
        return False

    def _report_after_follows(self, doc: "Document", i: int, b: int) -> str | None:
        """The type of a report word right after word ``i``, or after a filler and a lead verb
        (الانتحاري أيضا لقي حتفه)."""
        k = i + 1
        while k < b and (doc.folded[k] in self.lex.passive_fillers or doc.folded[k] in self.lex.lead_verbs):
            k += 1
        if k >= b or not (k == i + 1 or doc.folded[k - 1] in self.lex.lead_verbs) or doc.folded[k].startswith("ال"):
            return None  # زار الأمير المصابين: a definite noun is the object, not the victim's report word
        return self.lex.type_by("report_after", doc.words[k].text)

    def _is_lexicon_word(self, doc: "Document", k: int) -> bool:
        """A victim, casualty or report word, or a number: not the name a title stands before."""
        w = doc.words[k].text
        return (number_word(w) is not None or in_set(w, self.lex.victims_singular) or in_set(w, self.lex.victims_plural)
                or self._noun_type(w) is not None or self._is_report_word(doc, k)
                or not any(ch.isalpha() for ch in w))

    def _object_follows(self, doc: "Document", i: int, b: int) -> bool:
        """A count or a dual victim within a few words after word ``i``, before any punctuation or و."""
        for k in range(i + 1, min(b, i + 1 + self.win["coordination"] + 1)):
            w = doc.words[k].text
            if not any(ch.isalpha() or ch.isdigit() for ch in w) or doc.folded[k].startswith("و"):
                return False
            if dual_value(w, None, self.lex):
                return True
            if number_word(w) is not None:
                nxt = doc.words[k + 1].text if k + 1 < b else ""
                if nxt in DATE_SEPARATORS:
                    return False  # قتلت الجندي رائد بتاريخ 29-2-1436هـ: a date, not a count
                return not in_set(nxt, self.lex.unit_nouns)  # يبلغ من العمر 30 عاما is an age
        return False

    def _passive_after(self, doc: "Document", i: int, b: int) -> str | None:
        """أن شرطيا (أيضا) قتل: a singular victim noun, then a singular passive report verb that has no
        object of its own (مسلح قتل 3 أشخاص names the killer, not a victim). The verb's type, or None."""
        k = i + 1
        while k < b and (doc.folded[k] in self.lex.passive_fillers or doc.words[k].text in CLOSERS):
            k += 1  # «إرهابيا» قتل: a closing quote may stand between
        if k + 2 < b and doc.folded[k] in ("في", "من") and self.lex.type_by("passive_after", doc.words[k + 2].text, strict=True):
            k += 2  # أن جنديا في الحلف قتل: a short prepositional phrase may stand between
        if k + 1 < b and doc.folded[k].endswith("يا") and doc.folded[i].endswith("ا") \
                and not self._is_report_word(doc, k) and self.lex.type_by("passive_after", doc.words[k + 1].text, strict=True):
            k += 1  # أن جنديا أميركيا قتل: one adjective agreeing with the noun
        typ = self.lex.type_by("passive_after", doc.words[k].text, strict=True) if k < b else None
        if typ is None:
            return None
        after = doc.words[k + 1].text if k + 1 < b else ""
        if number_word(after) or in_set(after, self.lex.victims_plural) or in_set(after, self.lex.victims_singular):
            return None
        return typ

    def _after_unit(self, doc: "Document", i: int) -> bool:
        """Word ``i`` is part of a number right after a definite time unit (units_before: الأيام الثمانية,
        الساعات الأربع والعشرين, الساعات الـ24)."""
        j = i - 1
        while j >= 0 and (doc.folded[j] in ("ال", "الـ", "و") or number_word(doc.words[j].text) is not None
                          or number_word(doc.words[j].text[1:]) is not None and doc.folded[j].startswith("و")):
            j -= 1
        return j >= 0 and in_set(doc.words[j].text, self.lex.units_before)

    def _age_after(self, doc: "Document", k: int, b: int) -> bool:
        """The number at ``k`` is an age or a duration: a unit noun or العمر within the next words (القتيلتين
        تبلغان 25 و48 من العمر)."""
        return any(in_set(doc.words[m].text, self.lex.unit_nouns) or doc.folded[m] == fold("العمر")
                   for m in range(k + 1, min(b, k + 5)))

    def _conjunction_before(self, doc: "Document", i: int) -> bool:
        """The word at ``i`` is joined by و: a separate و before it, or و glued to it (وشرطي, وثلاثة)."""
        if i > 0 and doc.folded[i - 1] == "و":
            return True
        f = doc.folded[i]
        if is_number_form(f) or f in self.lex.victims_singular or f in self.lex.victims_plural:
            return False  # واحدة is "one", not و + احدة
        return f.startswith("و") and len(f) > 2 and f[1:] in strip_clitics(doc.words[i].text)

    def _is_report_word(self, doc: "Document", m: int) -> bool:
        w = doc.words[m].text
        return self.lex.any_type("report_before", w) or self.lex.any_type("report_after", w)

    def _span_start(self, doc: "Document", i: int) -> int:
        """A span starts after a glued conjunction: و|أربعة جرحى, as annotated."""
        w = doc.words[i]
        if self._conjunction_before(doc, i) and doc.folded[i - 1:i] != ["و"] and doc.text[w.start] == "و":
            return w.start + 1
        f = doc.folded[i]
        if f[:1] in ("ب", "ل") and doc.text[w.start] in "بل" and not self._span_word(f, duals=False) and self._span_word(f[1:]):
            return w.start + 1  # ب|حالة وفاة, ل|شخصين: a glued preposition stays outside, as annotated
        return w.start

    def _span_word(self, f: str, duals: bool = True) -> bool:
        """A folded word that can open a count expression: a victim or case noun, أحد/إحدى, a number, a
        dual (``duals``: the dual reader strips clitics itself, so it cannot tell لشخصين from شخصين)."""
        lex = self.lex
        return (f in lex.victims_singular or f in lex.victims_plural or f in lex.case_nouns or f in lex.case_singular
                or f in lex.case_duals or f in lex.victims_one_of or is_number_form(f)
                or (duals and dual_value(f, None, lex) == 2))
