"""Counts with no number: a definite toll (الضحايا الخمسة), a dual (شرطيان, رجلا أمن), a hospital case
(حالة وفاة), a casualty noun (قتيلان, خلفت قتيلا), a single victim next to a report word (قتل جندي, لقي
طفل حتفه, أن شرطيا قتل), a role noun (استشهاد قائدها), a title at its first mention (الشهيد محمد).

A mixin of :class:`arabert_ner.casualties.engine.CasualtyExtractor`, beside
:class:`arabert_ner.casualties.expressions.CountReader` (whose shared word tests it uses): it reads
``self.lex``, ``self.win`` and ``self._lead_or_filler``."""
from __future__ import annotations

from arabert_ner.casualties.document import CLOSERS, DATE_SEPARATORS, TWO_WORDS, Document
from arabert_ner.casualties.drafts import CountExpression
from arabert_ner.casualties.lexicon import in_words
from arabert_ner.casualties.numbers import Count, digits_value, number_word, read_count_words
from arabert_ner.casualties.victims import accusative_singular, dual_value, in_set
from arabert_ner.text.arabic import fold, strip_clitics


class BareCountReader:
    """Reads counts with no number (see the module docstring)."""

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
        if i > a and (in_set(doc.words[i - 1].text, lex.victims_plural) or doc.folded[i - 1] in lex.victims_group_nouns
                      or in_set(doc.words[i - 1].text, lex.victims_singular)) and not self._conjunction_before(doc, i):
            return None  # 21 من مسلحي الحوثي, مواطن لبناني: the group's name or an adjective, not a victim
        return self._single_victim_at(doc, i, a, b, noun_type)

    def _definite_toll(self, doc: "Document", i: int, b: int, noun_type: str | None) -> CountExpression | None:
        """الضحايا الخمسة / القتلى الثلاثة / الضحايا الـ7: a definite noun with a definite number after it."""
        w, lex = doc.words[i].text, self.lex
        nxt = doc.words[i + 1].text if i + 1 < b else None
        if not (nxt is not None and fold(w).startswith("ال") and (in_set(w, lex.victims_plural) or noun_type)
                and fold(nxt).startswith("ال") and not nxt.startswith(("آ", "أ"))):
            return None  # not الشهداء آلاف: آلاف folds to الاف but has no article
        if fold(nxt)[2:] in lex.vague and i > 0 and in_words(doc.words[i - 1].text, lex.mourning_words):
            return None  # تشييع الشهداء الآلاف من أبناء المدينة: the mourners
        if number_word(nxt) is not None:
            count = read_count_words([w, nxt], self.vague_lower_bound, self.lex)
            # حالات الإصابة الستة: with a disease word in the sentence, infections (the type's exclusions)
            disease = noun_type is not None and self._infection_noun(noun_type, w)
            return None if count is None else CountExpression(i, i + 1, count, noun_type, disease)
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
            if i > a and self.lex.any_type("report_before", doc.words[i - 1].text) and self._counted_after_and(doc, i, b):
                # إصابة مواطنين و3 من أفراد الدفاع المدني: beside a counted item the -ين form is a dual
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
        if doc.folded[i].lstrip("وبل") in lex.victims_country_names:
            return None  # وتركيا is Turkey, not a Turk (after a victim noun it is an adjective, read with it)
        if self._adjective_list(doc, i, a):
            return None  # من جنسيات سورية وعربية وأجنبية: adjectives of the noun before, no victim
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
        led = self._led_single(doc, i, a, b, singular) or self._single_after_phrase(doc, i, a, b, singular)
        if led is not None:
            return led
        placed = self._victim_in_its_clause(doc, i, a, b, singular, next_report, noun_type)
        if placed is not None:
            return placed
        if self._conjunction_before(doc, i):
            next_report = False  # ميليشيات صالح والحوثي مصرعهم: the report word after is the phrase's
        elif not next_report and accusative_singular(w, lex) and not doc.folded[i].startswith("ال"):
            passive = self._passive_after(doc, i, b)
            if passive is not None:
                return CountExpression(i, i, Count(1, False), passive, has_noun=True)  # أن شرطيا قتل
        if prev_report and singular and (self._object_follows(doc, i, b) or doc.folded[i - 1] in lex.transitive_verbs
                                         and self._counted_object(doc, i, b) is not None):
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
        if prev_report and fold(w) in lex.victims_another_duals:
            return CountExpression(i, i, Count(2, False), None)  # قتل جنديان وجرح آخران
        accusative = not singular and accusative_singular(w, lex) and not fold(w)[1:].startswith("ال")
        if (possessed or singular or accusative) and self._conjunction_before(doc, i):
            # 21 سائحا وشرطي; a definite one (والجندي) only in a list of named single victims (R7)
            return CountExpression(i, i, Count(1, False), None, has_noun=True, coordinated_only=True,
                                   named_list=singular and not possessed and fold(w)[1:].startswith("ال"))
        return None

    def _led_single(self, doc: "Document", i: int, a: int, b: int, singular: bool) -> CountExpression | None:
        """One victim right after a lead verb whose report word closes its description within
        windows.lead_reach words (لقي رقيب شرطة مصرعه, لقي قائد الكتيبة و3 من مرافقيه مصرعهم): between them
        no sentence mark, report word or other victim word, but for a count joined by و and its noun."""
        if not singular or i - 1 < a or not in_words(doc.words[i - 1].text, self.lex.met_verbs):
            return None  # لقي, ولقيت; not تلقى (received) or يلقي (delivers)
        joined = False  # لقي قائد الكتيبة و3 من مرافقيه مصرعهم: a count joined by و shares the report word
        for k in range(i + 1, min(b, i + 1 + self.win["lead_reach"])):
            w, f = doc.words[k].text, doc.folded[k]
            if f in self.lex.met_objects:  # مصرعه, حتفها: not any report word (انتقادات بعد سقوط قتلى)
                return CountExpression(i, i, Count(1, False), self.lex.type_by("report_after", w), has_noun=True)
            if not joined and f.startswith("و") and (number_word(w[1:]) is not None or f == "و" and k + 1 < b
                                                     and number_word(doc.words[k + 1].text) is not None):
                joined = True
                continue
            if k == i + 1 and (f.startswith("ال") or any(f.endswith(e) for e in self.lex.nisba_endings)):
                continue  # its complement or its nisba: قائد الكتيبة, مواطن كويتي
            if joined and number_word(w) is not None:
                continue  # the joined count itself
            if not any(ch.isalpha() for ch in w) or self._is_report_word(doc, k) or (
                    not joined and self._is_lexicon_word(doc, k) and not in_set(w, self.lex.victims_group_nouns)):
                return None
        return None

    def _single_after_phrase(self, doc: "Document", i: int, a: int, b: int, singular: bool) -> CountExpression | None:
        """One indefinite victim after a report verb and a short phrase opened by a preposition
        (agent_breaks: قتل في الهجوم جندي, وأصيب في الانفجار شرطي أمريكي): at most two words after the
        preposition, none a number, a victim or a report word, the last one definite."""
        if not singular or i - 1 < a or doc.folded[i].lstrip("و").startswith("ال") \
                or not doc.folded[i - 1].startswith("ال") or self._object_follows(doc, i, b):
            return None  # not تفجير انتحاري (an adjective), not قتل في الهجوم مسلح خمسة أشخاص (who killed)
        for m in range(i - 3, max(a, i - 4) - 1, -1):
            w = doc.words[m].text
            if self.lex.any_type("report_before", w) and not self.lex.any_type("report_after", w) \
                    and not doc.folded[m].lstrip("و").startswith("ال") \
                    and doc.folded[m + 1] in self.lex.agent_breaks:  # not قتلوا عندما اقتحم متشدد
                between = range(m + 2, i)
                if all(any(ch.isalpha() for ch in doc.words[j].text) and not self._is_lexicon_word(doc, j)
                       for j in between):
                    return CountExpression(i, i, Count(1, False), None, has_noun=True)
                return None
        return None

    def _adjective_list(self, doc: "Document", i: int, a: int) -> bool:
        """The word is joined by و to a nisba adjective of the same ending (nisba_endings) that is no victim
        word, in either gender (جنسيات سورية وعربية وأجنبية): an adjective like it, not one more victim
        (but بينهم أردنية وفلسطينية, سائحة ألمانية وبريطانية: the word before is a victim's nisba)."""
        cur, prev = doc.folded[i], doc.folded[i - 1] if i - 1 >= a else ""
        ending = next((e for e in self.lex.nisba_endings if cur.endswith(e)), None)
        if not cur.startswith("و") or ending is None or not prev.endswith(ending):
            return False
        word = doc.words[i - 1].text
        masculine = prev[:-1] if len(ending) > 1 else prev  # أردنية -> أردني (the longer ending is the feminine)
        return not (in_set(word, self.lex.victims_singular) or in_set(masculine, self.lex.victims_singular)
                    or in_set(word, self.lex.victims_plural) or number_word(word))

    def _victim_in_its_clause(self, doc: "Document", i: int, a: int, b: int, singular: bool, next_report: bool,
                              noun_type: str | None) -> CountExpression | None:
        """One victim that its clause names as such with no report word next to it: after a subset marker
        (بينهم امرأة), in a list after one (بينهم نساء وجندي), before بين القتلى, in a casualty's state
        (طفل بحالة حرجة), or as the subject of أن/إن that a passive report verb closes."""
        w, lex = doc.words[i].text, self.lex
        indefinite = not doc.folded[i].lstrip("و").startswith("ال")
        if self._subset_marker_before(doc, i, a) and in_set(w, lex.victims_singular):
            return CountExpression(i, i, Count(1, False), noun_type)  # بينهم امرأة
        if singular and self._conjunction_before(doc, i) and self._in_subset_list(doc, i, a):
            return CountExpression(i, i, Count(1, False), None, has_noun=True, part_of_toll=True)  # بينهم نساء وجندي
        if singular and indefinite:
            _, among_type = self._among_after(doc, i + 1, b, i)
            if among_type is not None:  # وجود عنصر يعمل لديها بين القتلى: one of the dead
                return CountExpression(i, i, Count(1, False), among_type, has_noun=True)
            state = self._in_state_after(doc, i, b)
            if state is not None:
                return CountExpression(i, i, Count(1, False), state, has_noun=True)  # وجود طفل بحالة حرجة
        if (singular or accusative_singular(w, lex)) and i > a and doc.folded[i - 1] in lex.complementizers and not next_report:
            passive = self._passive_closing(doc, i, b)
            if passive is not None:  # إن المسؤول الأمني في محافظة إب يدعى "أبو عقيل" قتل أمس
                return CountExpression(i, i, Count(1, False), passive, has_noun=True)
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
        # حالة إصابة كورونا: a case of an infection word takes the disease exclusions
        return CountExpression(i, i, Count(count, False), typ, self._infection_noun(typ, doc.words[i + 1].text),
                               has_noun=True)

    @staticmethod
    def _counted_after_and(doc: "Document", i: int, b: int) -> bool:
        """A number joined by و right after word ``i`` (مواطنين و3, مواطنين و 3)."""
        k = i + 1
        if k < b and doc.folded[k] == "و":
            k += 1
        elif k < b and doc.folded[k].startswith("و"):
            return number_word(doc.words[k].text[1:]) is not None
        else:
            return False
        return k < b and number_word(doc.words[k].text) is not None

    def _in_subset_list(self, doc: "Document", i: int, a: int) -> bool:
        """Word ``i`` continues a list of victim nouns right after a subset marker (من بينهم نساء وأطفال
        وجندي): only victim nouns, and the و joining them, stand between."""
        for m in range(i - 1, max(a, i - self.win["subset_list"]) - 1, -1):
            if self._subset_marker_before(doc, m + 1, a):
                return m < i - 1  # at least one noun of the list before this one
            w = doc.words[m].text
            if not (in_set(w, self.lex.victims_plural) or in_set(w, self.lex.victims_singular)
                    or doc.folded[m] == "و"):
                return False
        return False

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
                return doc.folded[k - 1] not in self.lex.companion_words  # قتل نائب مع حارسيه: killed with him
            if number_word(w) is not None:
                if doc.folded[k] in self.lex.victims_one_of and not (
                        k + 1 < b and doc.folded[k + 1] in self.lex.compound_tens):
                    return False  # قتل القاضي طاهر خان أحد قضاة المحكمة: "one of" in apposition (not أحد عشر)
                nxt = doc.words[k + 1].text if k + 1 < b else ""
                if nxt in DATE_SEPARATORS:
                    return False  # قتلت الجندي رائد بتاريخ 29-2-1436هـ: a date, not a count
                return not in_set(nxt, self.lex.unit_nouns)  # يبلغ من العمر 30 عاما is an age
        return False

    def _passive_closing(self, doc: "Document", i: int, b: int) -> str | None:
        """The subject of أن/إن (إن المسؤول الأمني ... قتل): a singular passive report verb closing its
        description within windows.passive_reach words, no punctuation but quotes, no number, report word
        or speech between, and no object after it (إن الجندي قتل المسلح, قتل زوجته: he killed). Its type."""
        listed = False  # إن عسكريا وامرأة وحفيدتها ورجلا يبلغ من العمر 49 عاما قتلوا: a list, then a plural verb
        for k in range(i + 1, min(b, i + 1 + self.win["passive_reach"] + 4)):
            w = doc.words[k].text
            joined = self._conjunction_before(doc, k)
            if joined and number_word(w[1:]) is not None:
                listed = True  # أن جنديا من قواته وثمانية مقاولين أفغان قتلوا: a count joined to the victim
                continue
            listed = listed or joined and accusative_singular(w[1:], self.lex)
            typ = self.lex.type_by("passive_after", w, strict=True)
            if typ is None and listed:
                typ = self.lex.type_by("report_after", w) if doc.folded[k].endswith("وا") else None
            if k > i + self.win["passive_reach"] and not listed:
                return None
            if number_word(w) is not None and k + 1 < b and in_set(doc.words[k + 1].text, self.lex.unit_nouns):
                continue  # يبلغ من العمر 49 عاما: an age
            if typ is not None:
                after = doc.words[k + 1].text if k + 1 < b else ""
                return None if self._object_word(after) or self._possessed_singular(after) else typ
            if self._ends_clause(doc, k):
                return None
        return None

    def _object_word(self, word: str) -> bool:
        """A number or a victim noun right after a report verb: its object (قتل 3 أشخاص, قتل المسلح), so the
        verb is active and the noun before it the killer."""
        return bool(number_word(word)) or in_set(word, self.lex.victims_plural) or in_set(word, self.lex.victims_singular)

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
        return None if self._object_word(after) else typ
