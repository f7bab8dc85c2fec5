"""Count expressions in the words: a number or a vague quantifier with its victim noun (3 أشخاص, عشرات
المدنيين, 5 حالات وفاة, ما بين 20 و25 شخصا); counts with no number are read by
:mod:`arabert_ner.casualties.bare_counts`. Also the word tests both share (a report word, a lexicon word,
a conjunction, where a span starts).

A mixin of :class:`arabert_ner.casualties.engine.CasualtyExtractor`: it reads ``self.lex`` (the lexicon),
``self.win`` (its windows), ``self.vague_lower_bound`` and ``self._lead_or_filler``."""
from __future__ import annotations

from typing import Iterable

from arabert_ner.casualties.document import CLOSERS, OPENERS, QUOTES, RANGE_WORDS, Document
from arabert_ner.casualties.drafts import CountExpression
from arabert_ner.casualties.numbers import (Count, digits_value, is_number_form, match_qualifier, number_word,
                                            read_count_words, vague_forms)
from arabert_ner.casualties.victims import accusative_singular, dual_value, in_set, noun_in
from arabert_ner.text.arabic import fold, strip_clitics

YEARS = (1900, 2100)  # bare digits in this range, with no victim noun, are a year
BACK_REFERENCE_WORDS = 200  # how far back أحد المصابين looks for the group it is one of


class CountReader:
    """Reads count expressions in a document's words (see the module docstring)."""

    def _noun_type(self, word: str) -> str | None:
        """The event type whose casualty noun the word is (قتيلا: killed), with ال/ب/ل but not و/ف."""
        return next((t.name for t in self.lex.types.values() if noun_in(word, t.nouns)), None)

    def _infection_noun(self, typ: str, word: str) -> bool:
        """The casualty noun may also count infections (مصابين, إصابات), unlike a wound noun (جرحى)."""
        t = self.lex.types[typ]
        return bool(t.infection_words) and not in_set(word, t.wound_nouns)

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
            i = max(expr.last, expr.described_to or 0) + 1

    def _count_at(self, doc: "Document", i: int, b: int) -> CountExpression | None:
        """[qualifier] (number words | vague word) [victim noun phrase], starting at word ``i``."""
        if doc.in_entity[i]:
            return None
        if doc.folded[i] in self.lex.victims_one_of_them:
            return CountExpression(i, i, Count(1, False), part_of_toll=True)
        read = self._count_words(doc, i, b)
        if read is None:
            return None
        k, vague = read
        folded = doc.folded
        last, count_end = k - 1, k  # the words read as the count are [i, count_end)
        k, last, ranged = self._range_or_restatement(doc, i, k, last, b, vague)
        restated = k > count_end
        if k < b and (doc.folded[k] in self.lex.unit_nouns or doc.words[k].text == "%"):
            return None  # 30 عاما, 5 سنوات, 150 كيلومترا: an age, a duration, a distance (not 16 اليوم, 8 بموقع)
        if k + 1 < b and doc.folded[k] == "في" and doc.folded[k + 1] in self.lex.share_words:
            return None  # 23 في المائة: a share
        if k < b and in_set(doc.words[k].text, self.lex.time_months):
            return None  # 23 يوليو: a date
        if k < b and doc.folded[k] in self.lex.victims_other_fates and not self._noun_type(doc.words[k].text):
            return None  # و1.5 مليون مهجر, 300 معتقل: another fate than death or injury
        if i > 0 and folded[i - 1] in self.lex.per_words:
            return None  # لكل 100 امرأة: a rate
        if i > 0 and self._ordinal_or_age(doc, i, k, b):
            return None  # سن الثامنة عشر, دون سن 18: an ordinal, an age
        if folded[i] in ("واحد", "واحده") and i > 0 and any(ch.isalpha() for ch in doc.words[i - 1].text) \
                and not (k < b and folded[k] in self.lex.subset_after) and (
                not self._is_report_word(doc, i - 1) or i > 1 and folded[i - 2].lstrip("وب") in self.lex.case_singular):
            return None  # من عائلة واحدة, حالة وفاة واحدة: "one" as the adjective of the noun before it
        if self._after_unit(doc, i):
            return None  # الأيام الثمانية الماضية, الساعات الأربع والعشرين, الساعات الـ24: a duration
        if k < b and doc.words[k].text in ("-", "–") and doc.words[k].start == doc.words[k - 1].end:
            return None  # 1- الجنس: a list number
        if folded[i] in self.lex.victims_one_of and k < b and fold(doc.words[k].text).startswith("ال") and \
                self._noun_type(doc.words[k].text):
            return self._one_of(doc, i, k)
        k, last, noun_type, disease, has_noun, partitive = self._noun_after(doc, k, b, last)
        described_to = self._description_end(doc, last + 1 if has_noun else k, b) if noun_type is None else None
        has_noun = has_noun or described_to is not None  # 37 ما بين رجال أمن ومواطنين: victims
        if not has_noun and count_end == i + 1 and folded[i] in self.lex.victims_one_of \
                and not (k < b and folded[k] in self.lex.subset_after):  # واحد منهم: one of them
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
        return CountExpression(i, last, count, noun_type, disease, has_noun, partitive=partitive, described_to=described_to)

    def _noun_after(self, doc: "Document", k: int, b: int,
                    last: int) -> tuple[int, int, str | None, bool, bool, bool]:
        """The victim noun phrase at word ``k`` after a count whose last word is ``last``, a quoted one too
        (نحو 1180 «شهيدًا»): (k, its last word, the type its noun names, disease noun, has a noun, partitive)."""
        if k + 1 < b and doc.words[k].text in OPENERS and doc.words[k].text in QUOTES and not doc.in_entity[k + 1] \
                and self._victim_phrase(doc, k + 1, b) is not None:
            k += 1
        phrase = self._victim_phrase(doc, k, b) if k < b and not doc.in_entity[k] else None
        if phrase is None:
            return k, last, None, False, False, False
        last, noun_type, disease, has_noun, partitive = phrase
        if self._tamyiz_pair(doc, last, b):
            last += 1  # 13 جنديا وشرطيا: one number over both accusative nouns (not 21 سائحا وشرطي)
        return k, last, noun_type, disease, has_noun, partitive

    def _count_words(self, doc: "Document", i: int, b: int) -> tuple[int, bool] | None:
        """Where the number words (or the vague quantifier) starting at ``i``, after a leading qualifier,
        end, and whether the count is vague; None when there is no count."""
        folded = doc.folded
        j = i + match_qualifier(folded, i, self.lex.leading_qualifiers)
        if j >= b:
            return None
        if j > 0 and folded[j - 1] == "في" and folded[j] in self.lex.share_words:
            return None  # 70 في المائة من القتلى: a share, not a hundred
        if folded[j] in self.lex.victims_one_of and j + 1 < b and number_word(doc.words[j + 1].text) is not None \
                and not doc.folded[j].startswith("و") and not folded[j + 1].startswith("و") \
                and folded[j + 1] not in self.lex.compound_tens:  # not أحد عشر, واحد وعشرون, إحدى وعشرون
            return None  # أحد ثلاثة متطرفين: one of the three; the count starts at ثلاثة
        k = j
        while k < b and (number_word(doc.words[k].text) is not None
                         or (k > j and folded[k] == "و" and k + 1 < b and self._joins(doc, k))):
            k += 1
        forms = vague_forms(doc.words[j].text)
        vague = k == j and any(f in self.lex.vague for f in forms)
        if vague:
            if any(f in self.lex.count_nouns for f in forms):
                if j + 3 < b and folded[j + 1] in self.lex.size_adjectives and folded[j + 2] == "من" and (
                        self._noun_type(doc.words[j + 3].text) or j > 0 and self._is_report_word(doc, j - 1)
                        and noun_in(doc.words[j + 3].text, self.lex.victims_plural)):
                    return j + 3, True  # عددا كبيرا من القتلى, مقتل أعداد كبيرة من المقاتلين (not عدد كبير من رجال الأمن: mourners)
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

    def _range_or_restatement(self, doc: "Document", i: int, k: int, last: int, b: int,
                              vague: bool) -> tuple[int, int, bool]:
        """A range after the digits starting at word ``i`` (15 إلى 20 جريحا, ما بين 20 و25 شخصا: one count,
        its lower bound, approximate), or a closing bracket or quote after them ((15) خمسة عشر مصليا / «8»
        إصابات: the noun or the same number again in words follows, read once, from the digits). Returns the
        next word, the last word, ranged."""
        folded = doc.folded
        between = i > 0 and folded[i - 1] == "بين" and folded[k] == "و" if k < b else False
        if not vague and k + 1 < b and (folded[k] in RANGE_WORDS or doc.words[k].text in ("-", "–") or between) \
                and digits_value(doc.words[k + 1].text) is not None and digits_value(doc.words[k - 1].text) is not None \
                and (folded[k] in RANGE_WORDS or between
                     or digits_value(doc.words[k - 1].text) < digits_value(doc.words[k + 1].text)):
            return k + 2, k + 1, True  # not 2002 - 77 قتيلا: a dash range rises
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
            return k, noun_type, self._infection_noun(noun_type, doc.words[k + 1].text), True, False
        if noun_type := self._noun_type(doc.words[k].text) or self._toll_against_other(doc, k, b):
            return k, noun_type, self._infection_noun(noun_type, doc.words[k].text), True, False
        if noun_in(doc.words[k].text, lex.victims_plural) or noun_in(doc.words[k].text, lex.victims_singular):
            last = k
            if k + 1 < b and not doc.in_entity[k + 1] and in_set(doc.words[k + 1].text, lex.group_complements):
                last = k + 1
            elif k + 1 < b and (noun_type := lex.type_by("nouns", doc.words[k + 1].text, strict=True)):
                return k + 1, noun_type, self._infection_noun(noun_type, doc.words[k + 1].text), True, False  # 27 شخص مصاب
            return last, None, False, True, False
        return None

    def _tamyiz_pair(self, doc: "Document", last: int, b: int) -> bool:
        """The accusative victim noun at ``last`` is followed by و and another accusative singular one
        (جنديا وشرطيا): both are counted by the number before them."""
        if last + 1 >= b or doc.in_entity[last + 1]:
            return False
        here, nxt = doc.folded[last], doc.folded[last + 1]
        return (here.endswith("ا") and accusative_singular(here, self.lex) and nxt.startswith("و")
                and nxt.endswith("ا") and accusative_singular(nxt[1:], self.lex) and not in_set(nxt, self.lex.victims_singular))

    def _after_unit(self, doc: "Document", i: int) -> bool:
        """Word ``i`` is part of a number right after a definite time unit (units_before: الأيام الثمانية,
        الساعات الأربع والعشرين, الساعات الـ24), looking back at most 6 words."""
        j, stop = i - 1, max(0, i - 6)
        while j >= stop and (doc.folded[j] in ("ال", "الـ", "و") or number_word(doc.words[j].text) is not None
                             or number_word(doc.words[j].text[1:]) is not None and doc.folded[j].startswith("و")):
            j -= 1
        return j >= stop and in_set(doc.words[j].text, self.lex.units_before)

    def _description_end(self, doc: "Document", k: int, b: int) -> int | None:
        """The last word of ما بين and the victims after a bare count (victim_descriptions: 37 ما بين رجال أمن
        ومواطنين, 15 ما بين مواطنين ومقيمين), else None. The count's span stays the number; the words
        up to this one are read as nothing else (not مقيمين as two more)."""
        n = next((len(d) for d in self.lex.victim_descriptions if tuple(doc.folded[k:k + len(d)]) == d), 0)
        phrase = self._victim_phrase(doc, k + n, b) if n and k + n < b and not doc.in_entity[k + n] else None
        if phrase is None:
            return None
        end = phrase[0]
        while end + 1 < b and not doc.in_entity[end + 1] and doc.folded[end + 1].startswith("و") and (
                self._span_word(doc.folded[end + 1][1:]) or noun_in(doc.words[end + 1].text, self.lex.victims_plural)):
            end += 1
        return end

    def _ordinal_or_age(self, doc: "Document", i: int, k: int, b: int) -> bool:
        """Word ``i`` is عشر of an ordinal (الثامنة عشر; not الثاني عشرة أشخاص, where a victim noun at ``k``
        follows) or the number right after an age word (دون سن 18, سن الـ18; only that number, so و4 نساء
        after it is a count again)."""
        folded = doc.folded
        if folded[i] in self.lex.compound_tens and folded[i - 1] in self.lex.ordinals:
            return not (k < b and self._span_word(folded[k], duals=False))
        p = i - 1 - (folded[i - 1] in ("ال", "الـ") and i > 1)
        return folded[p] in self.lex.age_words

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
