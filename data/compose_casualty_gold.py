#!/usr/bin/env python3
"""Compose the casualty gold set (data/casualty_dev.jsonl, data/casualty_test.jsonl).

Written by the team, in the markup of compose_corpus.py. Dev and test use different sentence templates
and different hand-written sentences, so that rules tuned on dev are scored on phrasings they have not
seen. The test set was committed before the rule engine was written, and the engine is tuned on dev only.
At least 40% of the records are negatives or distractors (numbers that are not casualties, infections,
sports injuries, arrests, denials).

    python data/compose_casualty_gold.py          # rewrites the two files (deterministic)
    python data/compose_casualty_gold.py --check  # exit 1 if the committed files differ
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compose_corpus as cc  # noqa: E402  (the shared markup, fillers and parser)

SEED = 4242

MORE_KILLED = [
    ("أحد عشر شخصا", None, 11, False), ("ثلاثة عشر مدنيا", None, 13, False),
    ("خمسة وعشرون شخصا", "خمسة وعشرين شخصا", 25, False), ("مئتا شخص", "مئتي شخص", 200, False),
    ("ثلاثمئة شخص", None, 300, False), ("ألفا شخص", "ألفي شخص", 2000, False),
    ("ثلاثة آلاف شخص", None, 3000, False), ("1,200 شخص", None, 1200, False), ("۱۲ شخصا", None, 12, False),
    ("ستة عشر عاملا", None, 16, False), ("بضعة أشخاص", None, None, True), ("عدد من المدنيين", None, None, True),
    ("قرابة 40 شخصا", None, 40, True), ("زهاء 60 شخصا", None, 60, True), ("ما يزيد على 100 شخص", None, 100, True),
    ("أكثر من ألف شخص", None, 1000, True), ("امرأة", None, 1, False), ("رجلان", "رجلين", 2, False),
    ("٤٥ مدنيا", None, 45, False), ("سبعة عشر جنديا", None, 17, False),
]
MORE_INJURED = [
    ("ثلاثة عشر شخصا", None, 13, False), ("خمسة وثلاثون شخصا", "خمسة وثلاثين شخصا", 35, False),
    ("مئتا شخص", "مئتي شخص", 200, False), ("۷ أشخاص", None, 7, False), ("٢٢ شخصا", None, 22, False),
    ("بضعة أشخاص", None, None, True), ("قرابة 90 شخصا", None, 90, True), ("عامل", None, 1, False),
    ("امرأتان", "امرأتين", 2, False), ("1,500 شخص", None, 1500, False),
]

DEV_TEMPLATES = [
    "قتل {K} وأصيب {I} بجروح في هجوم على سوق في {LOC} {TIME}.",
    "أعلنت {ORG} مقتل {Kg} في غارة على {LOC}.",
    "لقي {K} حتفهم في انفجار قرب {LOC}، وفق {ORG}.",
    "أسفر القصف عن سقوط {TK} و{TI} في {LOC}.",
    "أصيب {I} في حادث تصادم على طريق سريع قرب {LOC} {TIME}.",
    "ارتفعت حصيلة قتلى الاشتباكات في {LOC} إلى {TK}.",
    "استشهد {K} وجرح {I} في قصف إسرائيلي على {LOC} {TIME}.",
    "قالت مصادر طبية إن {K} قتلوا {SUB} في هجوم على قرية قرب {LOC}.",
    "وأدى الحريق إلى وفاة {Kg} وإصابة {Ig} بحروق في {LOC}.",
    "لقي {K} مصرعهم غرقا في نهر قرب {LOC} {TIME}.",
    "أكدت {ORG} إصابة {Ig} بجروح خطيرة في الانفجار.",
    "قتل {K} في اشتباكات عنيفة اندلعت {TIME} في {LOC}.",
]
TEST_TEMPLATES = [
    "أودى انفجار عبوة ناسفة في {LOC} بحياة {Kg} {TIME}، وأصيب {I} آخرون.",
    "وأعلن {TITLE} {PER} عن سقوط {TK} و{TI} جراء الزلزال.",
    "وتسببت الأمطار الغزيرة في {LOC} بوفاة {Kg} وإصابة {Ig}.",
    "قضى {K} في حريق شب بمخيم للنازحين قرب {LOC} {TIME}.",
    "أفادت {ORG} بأن {K} قتلوا وأن {I} أصيبوا في الغارات على {LOC}.",
    "عثرت فرق الإنقاذ على جثث {Kg} تحت أنقاض مبنى في {LOC}.",
    "وبلغت حصيلة الهجوم {TK} {SUB}، بحسب {ORG}.",
    "جرح {I} في تفجير استهدف حافلة تقل عمالا في {LOC} {TIME}.",
    "ذكرت {ORG} أن {K} لقوا حتفهم في انهيار أرضي ضرب {LOC}.",
    "خلف الهجوم المسلح على {LOC} {TK}.",
    "تعرض {I} لإصابات متفاوتة في انقلاب حافلة على طريق {LOC} {TIME}.",
    "لقي {K} مصرعهم وأصيب {I} في تصادم بين شاحنة وحافلة قرب {LOC}.",
]
DEV_NEGATIVES = [
    "اعتقلت قوات الأمن {N} في {LOC} {TIME}.",
    "أعلنت {ORG} تسجيل 40 إصابة جديدة بفيروس كورونا في {LOC}.",
    "وصل {N} إلى {LOC} للمشاركة في المؤتمر.",
    "لم يسفر الانفجار عن أي إصابات بحسب {ORG}.",
    "نفت {ORG} سقوط قتلى في الاشتباكات التي شهدتها {LOC}.",
    "غاب اللاعب {PER} عن المباراة بسبب إصابة في الكاحل.",
    "أفرجت السلطات عن 30 سجينا في {LOC} {TIME}.",
    "التقى {TITLE} {PER} مع {N} في مقر {ORG}.",
    "خطف مسلحون 9 أشخاص على طريق {LOC} وطالبوا بفدية.",
    "قالت {ORG} إن الحادث لم يخلف ضحايا.",
]
TEST_NEGATIVES = [
    "احتجزت الشرطة 14 شخصا في {LOC} للاشتباه في تورطهم بأعمال شغب.",
    "سجلت {LOC} 200 إصابة بالحصبة خلال الشهر الماضي وفق {ORG}.",
    "يشارك {N} في {MISC} الذي يقام في {LOC} {TIME}.",
    "أكد {TITLE} {PER} عدم وقوع إصابات بشرية في الحريق.",
    "تعافى {PER} من إصابته في الركبة وعاد إلى التدريبات.",
    "نظم {N} وقفة احتجاجية أمام مقر {ORG} في {LOC}.",
    "أجلت فرق {ORG} 120 عائلة من المناطق المهددة بالفيضانات في {LOC}.",
    "أطلقت السلطات سراح 7 صيادين احتجزوا قبالة {LOC}.",
    "ولم يبلغ عن وقوع قتلى أو جرحى، بحسب {ORG}.",
    "استقبل {TITLE} {PER} {N} في {LOC} {TIME}.",
]
DEV_HANDWRITTEN = [
    "قتل [[KILLED:5|خمسة أشخاص]] بينهم [[AMONG:2|طفلان]] في قصف على [[LOC|حماة]] [[TIME|أمس]].",
    "أصيب [[INJURED:3|3 عناصر]] من [[ORG|الشرطة]] في هجوم بقنبلة يدوية.",
    "مقتل[[KILLED:11|11 شخصا]] في هجوم على حافلة في [[LOC|بلوشستان]].",
    "ارتفع عدد ضحايا انهيار المبنى في [[LOC|القاهرة]] إلى [[KILLED:~20|أكثر من عشرين قتيلا]].",
    "سقط [[KILLED:2|قتيلان]] و[[INJURED:7|سبعة جرحى]] في إطلاق نار بحفل في [[LOC|الموصل]].",
    "لم تسجل أي وفيات جراء العاصفة التي ضربت [[LOC|عمان]] [[TIME|الليلة الماضية]].",
    "قتل [[KILLED:1|مدني]] برصاص مجهولين في [[LOC|درعا]].",
    "أصيب [[INJURED:~|العشرات]] بحالات اختناق خلال تفريق المتظاهرين في [[LOC|بغداد]].",
    "وقالت [[ORG|وزارة الصحة]] إن [[KILLED:~|المئات]] قتلوا منذ بداية الحرب.",
    "تم تسجيل 1500 إصابة بالكوليرا في [[LOC|اليمن]] خلال أسبوع.",
    "أعلنت [[ORG|الشرطة]] مقتل [[KILLED:3|ثلاثة مهربين]] في اشتباك على الحدود.",
    "أصيب [[INJURED:2|جنديان]] بجروح طفيفة جراء سقوط قذيفة قرب [[LOC|كركوك]].",
    "[[LOC|غزة]] - استشهد [[KILLED:4|4 فلسطينيين]] وأصيب [[INJURED:~12|12 آخرون]] على الأقل في غارة [[TIME|فجر اليوم]].\n\n"
    "وقالت [[ORG|وزارة الصحة]] إن عدد الشهداء ارتفع إلى [[KILLED:6=0|6]].",
    "[[LOC|كابل]] - قتل [[KILLED:~30|نحو 30 شخصا]] في تفجير انتحاري.\n\nوأكدت [[ORG|الشرطة]] مقتل "
    "[[KILLED:~30=0|نحو 30 شخصا]] في التفجير.",
    "شارك 5 آلاف شخص في تشييع الضحايا في [[LOC|البصرة]].",
    "أسفر حادث سير عن مصرع [[KILLED:2|شابين]] على طريق [[LOC|الطائف]].",
]
TEST_HANDWRITTEN = [
    "قتل[[KILLED:9|9 أشخاص]] وأصيب[[INJURED:13|13 آخرون]] في هجوم على فندق في [[LOC|مقديشو]].",
    "لقي [[KILLED:1|طفل]] حتفه غرقا في مسبح منزلي في [[LOC|الدمام]].",
    "أصيب [[INJURED:~|عشرات المدنيين]] في قصف على [[LOC|إدلب]] [[TIME|الأحد]].",
    "قتل [[KILLED:~|عشرات]] في هجوم على قرية في [[LOC|دارفور]].",
    "أعلنت [[ORG|الأمم المتحدة]] أن [[KILLED:250|٢٥٠ مدنيا]] قتلوا منذ مطلع العام، بينهم [[AMONG:60|60 طفلا]].",
    "ولم يصب أحد بأذى في الحادث الذي وقع [[TIME|صباح اليوم]].",
    "سجلت [[ORG|وزارة الصحة]] 12 إصابة جديدة بالحمى في [[LOC|تعز]].",
    "أصيب حارس المرمى [[PER|عمر السعدي]] في المباراة وغادر الملعب.",
    "التقى الوزير مع15 سفيرا في [[LOC|الرباط]].",
    "قتل [[KILLED:3|3]] وأصيب [[INJURED:8|ثمانية]] في إطلاق نار عشوائي في [[LOC|طرابلس]].",
    "انتشل الغواصون [[KILLED:6|ست جثث]] من البحر قبالة [[LOC|الحديدة]].",
    "[[LOC|بيروت]] - قتل [[KILLED:3|3 أشخاص]] وأصيب [[INJURED:~|العشرات]] في انفجار بمرفأ "
    "[[LOC|بيروت]] [[TIME|مساء الثلاثاء]].\n\nوارتفعت الحصيلة لاحقا إلى [[KILLED:78=0|78 قتيلا]] و"
    "[[INJURED:~4000=1|أكثر من 4000 جريح]].",
    "[[LOC|الخرطوم]] - أعلنت [[ORG|وزارة الصحة]] وفاة [[KILLED:7|سبعة أشخاص]] في انهيار مبنى.\n\n"
    "وأكدت الوزارة أن [[KILLED:7=0|الضحايا السبعة]] من عائلة واحدة.",
    "أصدرت المحكمة حكما بسجن 15 متهما في [[LOC|القاهرة]].",
    "عالجت فرق [[ORG|الهلال الأحمر]] 60 حالة إغماء بسبب الحر في [[LOC|مكة المكرمة]].",
    "قتل [[KILLED:2|رجلا أمن]] في هجوم على نقطة تفتيش في [[LOC|سيناء]].",
]


def _with_extra_fillers(fn):
    """Run ``fn`` with the gold set's extra count expressions added to the corpus fillers."""
    saved = list(cc.KILLED), list(cc.INJURED)
    cc.KILLED.extend(MORE_KILLED)
    cc.INJURED.extend(MORE_INJURED)
    try:
        return fn()
    finally:
        cc.KILLED[:], cc.INJURED[:] = saved


def build(templates: list[str], negatives: list[str], handwritten: list[str], prefix: str,
          rng: random.Random) -> list[dict]:
    markups = []
    for group, pool, per in (("cas", templates, 11), ("neg", negatives, 10)):
        for t_i, template in enumerate(pool):
            seen: set[str] = set()
            for _ in range(per * 4):
                if len(seen) >= per:
                    break
                m = cc.fill(template, rng)
                if m not in seen:
                    seen.add(m)
                    markups.append((f"{prefix}-{group}-{t_i:02d}-{len(seen):02d}", m))
    markups += [(f"{prefix}-hand-{i:02d}", m) for i, m in enumerate(handwritten)]
    return [cc.parse(m, rid) for rid, m in markups]


def compose() -> dict[str, list[dict]]:
    def run() -> dict[str, list[dict]]:
        rng = random.Random(SEED)
        return {"casualty_dev": build(DEV_TEMPLATES, DEV_NEGATIVES, DEV_HANDWRITTEN, "cdev", rng),
                "casualty_test": build(TEST_TEMPLATES, TEST_NEGATIVES, TEST_HANDWRITTEN, "ctest", rng)}
    return _with_extra_fillers(run)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="Only compare with the committed files.")
    args = parser.parse_args()
    return cc.write_or_check(compose(), args.check, "compose_casualty_gold.py")


if __name__ == "__main__":
    sys.exit(main())
