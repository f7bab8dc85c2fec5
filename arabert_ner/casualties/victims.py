"""Casualty vocabulary: who can be a victim, which words report killing or injury, and duals.

Words are compared in :func:`arabert_ner.numbers.fold` form, after stripping proclitics (و ف ب ل ك ال).
"""
from __future__ import annotations

from arabert_ner.text.arabic import fold, strip_clitics


def _set(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


# Singular nouns for people that news reports count as victims.
VICTIM_SINGULAR = _set(
    "شخص رجل امرأة امراة طفل طفلة رضيع جندي شرطي مدني عسكري عنصر مسلح عامل صحفي طالب طالبة فلسطيني "
    "مواطن مقيم شاب شابة فتاة فتى مسن حارس ضابط مهاجر لاجئ صياد سائق راكب مستوطن طبيب مسعف ممرض حاج "
    "معتمر سائح مزارع مهرب شقيق أخ ابن ابنة زوج زوجة ضحية قائد مقاتل متظاهر محتج سجين نازح مدرس معلم "
    "موظف إسرائيلي سوري عراقي يمني مصري ليبي أفغاني باكستاني أجنبي عضو فرد رجل_أمن ناشط مسؤول "
    "متمرد إرهابي ارهابي انتحاري حوثي قيادي متشدد جهادي مصل مسافر زائر عريف رقيب مجند مواطنة سيدة "
    "رئيس زعيم مدير عقيد نائب والي أمير")
# Plural and other victim nouns seen after a number (3 أشخاص, 12 شخصا, 5 من عناصر الأمن).
VICTIM_PLURAL = _set(
    "أشخاص اشخاص شخصا أطفال اطفال طفلا جنود جنديا مدنيين مدنيا مدنيون عسكريين عسكريا عسكريون عناصر عنصرا "
    "مسلحين مسلحا مسلحون عمال عاملا صحفيين صحفيا طلاب طالبا فلسطينيين فلسطينيا مواطنين مواطنا شبان "
    "نساء امرأة مسنين حراس ضباط ضابطا مهاجرين مهاجرا لاجئين لاجئا صيادين صيادا سائقين ركاب مستوطنين "
    "أفراد افراد رجال رجلا حجاج حاجا سياح سائحا مزارعين مهربين أشقاء ضحايا ضحية قادة مقاتلين مقاتلا "
    "متظاهرين متظاهرا محتجين سجناء سجينا نازحين نازحا معلمين موظفين موظفا آخرون آخرين آخران آخرتان "
    "إسرائيليين إسرائيليا سوريين سوريا عراقيين عراقيا يمنيين يمنيا أجانب أعضاء عضوا شرطيين شرطيا "
    "رجل شخص طفل جندي حاج عامل مدني "
    "متمردين متمردا متمردون إرهابيين إرهابيا ارهابيين ارهابيا إرهابيون انتحاريين انتحاريا حوثيين حوثيا "
    "حوثيون قياديين قياديا متشددين متشددا متشددون جهاديين جهاديا جهاديون مصلين مصليا مسافرين مسافرا "
    "زوار زائرا مجندين مجندا مدنيات سيدات فتيات")
# Nouns that name the casualty itself (45 قتيلا, 9 جرحى, 6 جثث): type is in the word.
KILLED_NOUNS = _set("قتيل قتيلا قتلى قتيلان قتيلين شهيد شهيدا شهداء شهيدان شهيدين جثة جثث جثتين جثتان "
                    "وفاة وفيات حالة_وفاة")
INJURED_NOUNS = _set("جريح جريحا جرحى جريحان جريحين مصاب مصابا مصابين مصابون مصابان إصابة إصابات")
# Words before a count that report killing or injury (قتل 3 أشخاص, مقتل 12 شخصا, أصيب 4).
KILLED_BEFORE = _set("قتل قتلت مقتل استشهد استشهدت استشهاد قضى قضت قضوا توفي توفيت وفاة بحياة "
                     "جثث جثة جثتي جثامين مصرع اغتيال حياة يقتل تقتل أعدم اعدم إعدام يعدم أعدمت ذبح اغتال "
                     "قتلهم وفيات")
INJURED_BEFORE = _set("أصيب اصيب أصيبت إصابة جرح جرحت إصابات بجروح تعرض أصاب اصاب أصابت يصاب")
# Words after a count that report it (5 أشخاص قتلوا, 3 لقوا حتفهم, نقل 4 ... بعد إصابتهم).
KILLED_AFTER = _set("قتلوا قتلن قتلا قتلتا استشهدوا حتفهم حتفه حتفها حتفهما مصرعهم مصرعه مصرعها "
                    "مصرعهما قضوا توفوا غرقا مقتلهم قتلى لقوا")
INJURED_AFTER = _set("أصيبوا اصيبوا أصيبا أصبن جرحوا جرحا إصابتهم إصابته إصابتها لإصابات لإصابة "
                     "لجروح بجروح مصابين جرحى")
# Words that may stand between a report word and its count (أصيب بجروح 5, أودى بحياة نحو 20).
GAP_WORDS = _set("بجروح جروح عن إلى الى ما")
# N منهم: a count followed by these is a breakdown of the event before it.
SUBSET_AFTER = _set("منهم منها منهن منهما")
# Short prepositional words that may stand between a report verb and its count: قتل فيه 4 أشخاص.
REPORT_GAP_PRONOUNS = _set("فيه فيها خلاله خلالها بها به عليه عليها جراءه جراءها إثره إثرها فيهما منها")
SUBSET_MARKERS = [tuple(fold(w) for w in m.split()) for m in ("من بينهم", "بينهم", "منهم", "من ضمنهم",
                                                              "بينهن", "منهن", "بينهما")]
NEGATIONS = _set("لم لا لن دون بدون عدم نفى نفت ينفي تنفي نافيا ولم ولا")
# Context that makes إصابة an infection or a sports injury rather than a casualty.
DISEASE_WORDS = _set("فيروس بفيروس كورونا بكورونا كوفيد الكوليرا بالكوليرا الحمى بالحمى الحصبة "
                     "بالحصبة مرض بمرض وباء بالوباء الإنفلونزا بالإنفلونزا السرطان بالسرطان حالة حالات "
                     "جديدة الملاريا بالملاريا عدوى بالعدوى التهاب تشخيص المرض الفيروس بالفيروس الإيبولا "
                     "بالإيبولا الايبولا بالايبولا السكري بالسكري الإيدز بالإيدز كورونا")
# The disease words that mark a whole sentence as about infection (حالة, جديدة are too common elsewhere).
DISEASE_CONTEXT = DISEASE_WORDS - _set("حالة حالات جديدة")
# Nouns after a number that make it a duration, an age, a distance, money or a rate, never a victim count.
UNIT_NOUNS = _set("عاما عام أعوام سنة سنوات سنين يوما أيام يوم ساعة ساعات دقيقة دقائق شهرا أشهر شهور "
                  "أسبوعا أسابيع كيلومترا كيلومترات كلم كم مترا متر أمتار ميلا دولار دولارا ريال ريالا "
                  "درهم دينار يورو جنيه درجة بالمئة بالمائة بالمية % طن طنا مرة مرات ألفية قرن")
SPORTS_WORDS = _set("مباراة المباراة الملعب اللاعب لاعب التدريبات تدريبات المرمى الركبة الكاحل العضلة "
                    "الدوري المنتخب بطولة البطولة الفريق")
UPDATE_CUES = _set("ارتفعت ارتفع ارتفاع وارتفعت وارتفع ترتفع يرتفع الحصيلة حصيلة لاحقا")


def stems(word: str) -> tuple[str, ...]:
    return strip_clitics(word)


def in_set(word: str, words: frozenset[str]) -> bool:
    return any(s in words for s in stems(word))


SINGLE_CASUALTY_NOUNS = _set("قتيل قتيلا جريح جريحا شهيد شهيدا")


def is_single_victim(word: str) -> bool:
    """One person: a singular victim noun (جندي, الصحفي) or a singular casualty noun (قتيل)."""
    return in_set(word, VICTIM_SINGULAR | SINGLE_CASUALTY_NOUNS)


DUAL_ENDINGS = ("ان", "ين", "تان", "تين")
CONSTRUCT_ENDINGS = ("ا", "ي", "تا", "تي")  # the dual loses its ن before a noun or pronoun: رجلا أمن, شقيقيه
PRONOUNS = ("ه", "ها", "هم", "هما", "كم", "نا", "هن")
CONSTRUCT_COMPLEMENTS = _set("أمن الأمن شرطة الشرطة إطفاء الإطفاء إسعاف الإسعاف دين الدين إنقاذ الإنقاذ")
_DUAL_BASES = VICTIM_SINGULAR | _set("قتيل جريح شهيد مصاب")
# Victim nouns whose sound plural (-ين) reads exactly like their dual; jundi, shurti, rajul have broken
# plurals (جنود, رجال), so جنديين / رجلين stay duals.
_SOUND_PLURALS = _set("مدنيين عسكريين مسلحين فلسطينيين مواطنين مهاجرين لاجئين صيادين سائقين مستوطنين "
                      "مزارعين مهربين مقاتلين متظاهرين محتجين نازحين معلمين موظفين إسرائيليين سوريين "
                      "عراقيين يمنيين متمردين إرهابيين ارهابيين انتحاريين حوثيين قياديين متشددين جهاديين "
                      "مصلين مسافرين مجندين صحفيين مسعفين")


def _is_base(base: str) -> bool:
    return base in _DUAL_BASES or base + "ه" in _DUAL_BASES


def dual_value(word: str, next_word: str | None = None) -> int | None:
    """2 for a dual of a victim or casualty noun (شرطيان, جنديين, قتيلان, شقيقيه, رجلا أمن), else None.

    ``-ين`` is also the sound plural ending, but a plural with no number before it is rare in casualty
    reports (they say عشرات or عدد من), so it is read as a dual.
    """
    complement = next_word is not None and in_set(next_word, CONSTRUCT_COMPLEMENTS)
    bare = fold(word).lstrip("وفبك")
    definite = bare.startswith("ال") or bare.startswith("لل")  # للمصابين = ل + المصابين
    if not (next_word is not None and fold(next_word) in (fold("اثنين"), fold("اثنان"))) and in_set(word, _SOUND_PLURALS):
        return None  # مدنيين, مسلحين: the sound plural is far more common than the dual of these nouns
    for form in stems(word):
        for end in DUAL_ENDINGS:
            if definite and end in ("ين", "تين"):
                continue  # المصابين, المدنيين: a definite -ين is the plural far more often than the dual
            if form.endswith(end) and len(form) > len(end) + 1 and _is_base(form[: -len(end)]):
                return 2
        suffixed = [form[: -len(p)] for p in PRONOUNS if form.endswith(p) and len(form) > len(p) + 2]
        for c in suffixed + ([form] if complement else []):
            for end in CONSTRUCT_ENDINGS:
                if c.endswith(end) and len(c) > len(end) + 1 and _is_base(c[: -len(end)]):
                    return 2
    return None
