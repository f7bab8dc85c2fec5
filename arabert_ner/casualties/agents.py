"""Who killed and who was killed: after an active verb (قتل, أصاب, أعدم: ``transitive_verbs``), people named
right after the verb are its subject when a counted victim phrase follows them in the same clause, and
that phrase is its object. قتل انتحاري يشتبه في أنه ينتمي لتنظيم داعش 32 شخصا, قتل أربعة مسلحين من حركة
الشباب 67 شخصا, قتل مسلحون ثلاثة جنود: the bomber, the four gunmen and the gunmen are no victims; 32, 67 and
three are.

A mixin of :class:`arabert_ner.casualties.engine.CasualtyExtractor` (reads ``self.lex`` and ``self.win``)."""
from __future__ import annotations

from arabert_ner.casualties.document import OPENERS, QUOTES, Document
from arabert_ner.casualties.drafts import CountExpression
from arabert_ner.casualties.numbers import number_word
from arabert_ner.casualties.victims import in_set
from arabert_ner.text.arabic import fold

_SKIPPED = OPENERS | QUOTES | {")"}  # قتل مسلح في لافاييت (ولاية لويزيانا) شخصين


class AgentRules:
    """Tells a transitive verb's subject from its counted object (see the module docstring)."""

    def _counted_object(self, doc: "Document", last: int, b: int) -> int | None:
        """The first word of a counted victim phrase (a number with a victim noun) within
        ``windows.agent_object`` words after word ``last``, in the same clause; None if there is none.
        Brackets and quotes may stand between; other punctuation, a word with و (another clause or
        another victim), a report word, a subset marker (قتل 20 شخصا بينهم 5 أطفال), a complementizer, a
        clause opener (قتل قائد ميداني كما أسرت 11 حوثيا), a relative pronoun (قائد الكتيبة التي اعتقلت
        20 مسلحا) or a preposition of circumstance (``agent_breaks``: قتل 17 شخصا في هجوم شنه أربعة
        مسلحين) end the search, and
        a number without a victim noun (قتل 5 أشخاص 3 منهم) or an age (30 عاما) is no object. Duals are
        left out: after a dual its adjective is a dual too (قتل جنديان تركيان)."""
        lex = self.lex
        for k in range(last + 1, min(b, last + 1 + self.win["agent_object"])):
            w, f = doc.words[k].text, doc.folded[k]
            if w in _SKIPPED:
                continue
            if not any(ch.isalpha() or ch.isdigit() for ch in w):
                return None
            if f.startswith("و"):
                return None  # قتل شرطيان وثلاثة مدنيين: a second victim, not an object
            if number_word(w) is not None:
                expr = self._count_at(doc, k, b)
                if expr is None or not expr.has_noun:
                    return None
                after = doc.folded[expr.last + 1] if expr.last + 1 < b else ""
                return None if after in lex.subset_after else k
            if self._is_report_word(doc, k) or any(tuple(doc.folded[k:k + len(m)]) == m for m in lex.subset_markers) \
                    or f in lex.subset_after \
                    or f in lex.list_markers or f in lex.complementizers or self._opens_clause(doc, k, b) \
                    or f in lex.relative_pronouns or f in lex.agent_breaks:
                return None
        return None

    def _opens_clause(self, doc: "Document", k: int, b: int) -> bool:
        """A clause opener (كما, فيما) at word ``k`` that is not an adverb (فيما يبدو: apparently)."""
        return doc.folded[k] in self.lex.clause_openers and not (
            k + 1 < b and doc.folded[k + 1] in self.lex.opener_adverbs)

    def _agent_last(self, doc: "Document", i: int, b: int) -> int | None:
        """The last word of the people named at word ``i`` (right after a verb): a count with its victim
        noun (أربعة مسلحين من حركة الشباب), or one person noun or group noun (انتحاري, مسلحون, عناصر)."""
        w = doc.words[i].text
        if number_word(w) is not None:
            expr = self._count_at(doc, i, b)
            return expr.last if expr is not None and expr.has_noun else None
        lex = self.lex
        if in_set(w, lex.victims_singular) or in_set(w, lex.victims_plural) or fold(w) in lex.victims_group_nouns:
            return i
        return None

    def _is_agent(self, doc: "Document", expr: CountExpression, verb: int | None, b: int) -> bool:
        """The count right after a transitive verb names who killed: a counted object follows it."""
        return (verb is not None and verb + 1 == expr.first and doc.folded[verb] in self.lex.transitive_verbs
                and self._counted_object(doc, expr.last, b) is not None)

    def _verb_over_agent(self, doc: "Document", expr: CountExpression, a: int, b: int) -> int | None:
        """The transitive verb whose object ``expr`` is, across the subject between them: قتل مسلحون ثلاثة
        جنود. The verb's word index, or None."""
        if not expr.has_noun:
            return None
        for m in range(expr.first - 2, max(a, expr.first - 3 - self.win["agent_object"]) - 1, -1):
            if doc.folded[m] in self.lex.transitive_verbs:
                agent_last = self._agent_last(doc, m + 1, b)
                if agent_last is not None and agent_last < expr.first \
                        and self._counted_object(doc, agent_last, b) == expr.first:
                    return m
                return None
        return None
