#!/usr/bin/env python3
"""Compose the project's own annotated corpus (data/train.jsonl, dev.jsonl, test.jsonl).

Every sentence here was written by the project team: news-style templates with slots, plus hand-written
sentences, both in an inline markup that carries the annotation, so offsets are computed, never typed.

Markup: ``[[TYPE|text]]`` for an entity (PER, ORG, LOC, MISC); ``[[KILLED:N|text]]`` / ``[[INJURED:N|text]]``
for a casualty count span (N = the count, ``~N`` approximate, ``~`` vague with no number, ``=K`` appended when
it repeats event K of the same record); ``[[AMONG:N|text]]`` for a subset of the preceding casualty event;
``[[TIME|text]]`` for a time expression. Output records follow the predict.py output contract.

    python data/compose_corpus.py          # rewrites data/{train,dev,test}.jsonl (deterministic)
    python data/compose_corpus.py --check  # exit 1 if the committed files differ from what this writes
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
from arabert_ner.casualties.engine import totals  # noqa: E402  one definition of totals, shared with predict.py
from arabert_ner.records import CasualtyEvent  # noqa: E402

HERE = Path(__file__).resolve().parent
SEED = 2026

FIRST = ["أحمد", "محمد", "خالد", "سمير", "عمر", "يوسف", "علي", "حسن", "إبراهيم", "طارق", "فيصل", "ماجد",
         "ليلى", "فاطمة", "نادية", "مريم", "سعاد", "رنا", "هدى", "عبد الله", "عبد الرحمن", "وليد", "جمال",
         "منصور", "رامي", "زياد", "كريم", "سلمى", "أمل", "نبيل", "هشام", "مصطفى", "عادل", "سامي", "غسان"]
LAST = ["الخطيب", "المنصوري", "الزهراني", "العبيدي", "الشمري", "القاسم", "الحلبي", "الدوري", "العتيبي",
        "السعدي", "حداد", "النعيمي", "الجبوري", "الحسيني", "المصري", "الكبيسي", "الراشد", "يونس",
        "سليمان", "الأنصاري", "التميمي", "الغامدي", "العمري", "بن علي", "الفاسي", "عبد الحميد"]
TITLES = ["الرئيس", "وزير الداخلية", "وزير الخارجية", "رئيس الوزراء", "المتحدث العسكري", "محافظ المدينة",
          "مدير الشرطة", "الأمين العام", "قائد الشرطة", "وزير الصحة", "السفير", "النائب"]
ORGS = ["الأمم المتحدة", "منظمة الصحة العالمية", "الهلال الأحمر", "الصليب الأحمر الدولي", "وزارة الصحة",
        "وزارة الداخلية", "الدفاع المدني", "الجيش العراقي", "الجيش اللبناني", "حزب الله", "حركة حماس",
        "جامعة الدول العربية", "الاتحاد الأوروبي", "مجلس الأمن", "وكالة الأنباء السعودية", "منظمة العفو الدولية",
        "المرصد السوري لحقوق الإنسان", "البنك الدولي", "صندوق النقد الدولي", "شركة أرامكو",
        "الاتحاد الدولي لكرة القدم", "حلف شمال الأطلسي", "منظمة أطباء بلا حدود", "اليونيسف", "وكالة رويترز",
        "قناة الجزيرة", "مفوضية اللاجئين", "الشرطة السودانية", "وزارة الدفاع", "مستشفى الشفاء"]
LOCS = ["بغداد", "دمشق", "حلب", "حمص", "إدلب", "الموصل", "البصرة", "صنعاء", "عدن", "تعز", "الحديدة", "غزة",
        "خان يونس", "رفح", "الخليل", "نابلس", "جنين", "بيروت", "طرابلس", "بنغازي", "القاهرة", "الإسكندرية",
        "سيناء", "الرياض", "جدة", "مكة المكرمة", "الدمام", "عمان", "الزرقاء", "الخرطوم", "دارفور", "كابل",
        "قندهار", "مقديشو", "تونس", "الجزائر", "الرباط", "الدوحة", "دبي", "الكويت", "المنامة", "مسقط",
        "اليمن", "سوريا", "العراق", "لبنان", "ليبيا", "مصر", "السودان", "الصومال", "أفغانستان", "باكستان",
        "نيجيريا", "كركوك", "الأنبار", "درعا", "الفلوجة", "مأرب"]
MISCS = ["كأس العالم", "دوري أبطال آسيا", "جائزة نوبل للسلام", "عاصفة الحزم", "معرض الرياض الدولي للكتاب",
         "كأس الخليج", "الألعاب الأولمبية", "اتفاق أوسلو", "مهرجان قرطاج", "بطولة ويمبلدون",
         "جائزة البوكر العربية", "منتدى دافوس", "مؤتمر المناخ", "كأس آسيا", "مهرجان الجنادرية"]
TIMES = ["أمس", "اليوم", "الليلة الماضية", "صباح اليوم", "مساء أمس", "يوم الجمعة", "الأحد", "فجر الثلاثاء",
         "يوم الخميس", "صباح الاثنين", "مساء السبت", "الأربعاء الماضي"]

# Count expressions: (nominative form, genitive/accusative form, count, approximate).
# Case shows only on duals and number words; digits read the same in every case.
KILLED = [
    ("3 أشخاص", None, 3, False), ("4 مدنيين", None, 4, False), ("5 جنود", None, 5, False),
    ("7 أطفال", None, 7, False), ("8 عمال", None, 8, False), ("10 أشخاص", None, 10, False),
    ("12 شخصا", None, 12, False), ("15 مدنيا", None, 15, False), ("28 عسكريا", None, 28, False),
    ("45 شخصا", None, 45, False), ("23 مسلحا", None, 23, False), ("60 شخصا", None, 60, False),
    ("100 شخص", None, 100, False), ("150 مدنيا", None, 150, False), ("200 شخص", None, 200, False),
    ("1200 شخص", None, 1200, False), ("٣ أشخاص", None, 3, False), ("١٥ شخصا", None, 15, False),
    ("٢٧ مدنيا", None, 27, False), ("6 من عناصر الأمن", None, 6, False), ("9 صيادين", None, 9, False),
    ("ثلاثة أشخاص", None, 3, False), ("خمسة جنود", None, 5, False), ("سبعة مدنيين", None, 7, False),
    ("عشرة أشخاص", None, 10, False), ("خمسة عشر شخصا", None, 15, False),
    ("عشرون شخصا", "عشرين شخصا", 20, False), ("ثلاثون مدنيا", "ثلاثين مدنيا", 30, False),
    ("مئة شخص", None, 100, False), ("مئة وخمسون شخصا", "مئة وخمسين شخصا", 150, False),
    ("ثلاث نساء", None, 3, False), ("أربعة عناصر", None, 4, False),
    ("شرطيان", "شرطيين", 2, False), ("جنديان", "جنديين", 2, False), ("طفلان", "طفلين", 2, False),
    ("شقيقان", "شقيقين", 2, False), ("جندي", None, 1, False), ("شرطي", None, 1, False),
    ("طفل", None, 1, False), ("عشرات المدنيين", None, None, True), ("العشرات", None, None, True),
    ("مئات الأشخاص", None, None, True), ("أكثر من 50 شخصا", None, 50, True), ("نحو 30 مدنيا", None, 30, True),
    ("حوالي 20 شخصا", None, 20, True), ("ما لا يقل عن 40 شخصا", None, 40, True),
]
INJURED = [
    ("3 أشخاص", None, 3, False), ("5 مدنيين", None, 5, False), ("9 جنود", None, 9, False),
    ("11 شخصا", None, 11, False), ("17 مدنيا", None, 17, False), ("34 شخصا", None, 34, False),
    ("120 شخصا", None, 120, False), ("300 شخص", None, 300, False), ("٤ أشخاص", None, 4, False),
    ("١٨ شخصا", None, 18, False), ("أربعة أشخاص", None, 4, False), ("ستة عمال", None, 6, False),
    ("اثنا عشر شخصا", "اثني عشر شخصا", 12, False), ("خمسون شخصا", "خمسين شخصا", 50, False),
    ("شرطيان", "شرطيين", 2, False), ("مدنيان", "مدنيين اثنين", 2, False), ("طفل", None, 1, False),
    ("عشرات الأشخاص", None, None, True), ("العشرات", None, None, True), ("نحو 70 شخصا", None, 70, True),
    ("أكثر من 100 شخص", None, 100, True), ("حوالي 25 مدنيا", None, 25, True), ("8 أطفال", None, 8, False),
]
TOLL_KILLED = [("45 قتيلا", 45), ("12 قتيلا", 12), ("٧ قتلى", 7), ("30 قتيلا", 30), ("خمسة قتلى", 5),
               ("ثلاثة قتلى", 3), ("100 قتيل", 100), ("قتيلان", 2), ("قتيل", 1)]
TOLL_INJURED = [("120 مصابا", 120), ("40 جريحا", 40), ("٩ جرحى", 9), ("عشرة جرحى", 10), ("ستة مصابين", 6),
                ("جريحان", 2), ("200 جريح", 200), ("15 مصابا", 15)]
SUBSETS = [("بينهم", "4 أطفال", 4), ("بينهم", "طفلان", 2), ("منهم", "3 نساء", 3), ("من بينهم", "8 عسكريين", 8),
           ("بينهم", "امرأة", 1), ("بينهم", "5 من رجال الشرطة", 5)]
NON_CASUALTY = ["300 مراقب", "15 سفيرا", "2000 متظاهر", "40 طالبا", "12 وزيرا", "500 حاج", "٢٥ صحفيا",
                "70 نائبا", "ثلاثة آلاف زائر", "عشرات المتظاهرين"]

CASUALTY_TEMPLATES = [
    "قتل {K} وأصيب {I} في انفجار سيارة مفخخة في {LOC} {TIME}.",
    "أعلنت {ORG} مقتل {Kg} وإصابة {Ig} في قصف استهدف حيا سكنيا في {LOC}.",
    "لقي {K} حتفهم وأصيب {I} بجروح في حادث سير على طريق {LOC} {TIME}.",
    "أسفر الهجوم عن مقتل {Kg} {SUB}، حسبما أفاد {TITLE} {PER}.",
    "استشهد {K} برصاص قوات الاحتلال في {LOC} {TIME}، وفق ما أعلنت {ORG}.",
    "قالت {ORG} إن {K} قتلوا في اشتباكات مسلحة شمال {LOC}.",
    "أصيب {I} بجروح متفاوتة إثر انهيار مبنى سكني في {LOC}.",
    "ارتفعت حصيلة ضحايا الزلزال الذي ضرب {LOC} إلى {TK} و{TI}.",
    "وأوضح {TITLE} {PER} أن الحادث أسفر عن مقتل {Kg} وإصابة {Ig}.",
    "قضى {K} غرقا قبالة سواحل {LOC} {TIME} بعد غرق قارب للمهاجرين.",
    "وأفاد مصدر طبي في {LOC} بأن {I} أصيبوا في الانفجار {SUBI}.",
    "وذكرت {ORG} أن غارة جوية على {LOC} خلفت {TK} و{TI}.",
    "لقي {K} مصرعهم في حريق اندلع داخل مصنع في {LOC} {TIME}.",
    "وأكد {PER} أن {K} قتلوا وأصيب {I} في الهجوم على {LOC}.",
    "سقط {TK} في تفجير انتحاري استهدف مسجدا في {LOC} {TIME}.",
    "نقل {I} إلى المستشفى بعد إصابتهم في تدافع بمدينة {LOC}.",
    "انتشلت فرق {ORG} جثث {Kg} من تحت الأنقاض في {LOC}.",
    "أدى القصف المدفعي على {LOC} إلى مقتل {Kg} {SUB}.",
    "قتل {K} في هجوم شنه مسلحون على نقطة تفتيش قرب {LOC} {TIME}، بحسب {ORG}.",
    "جرح {I} في مواجهات اندلعت بين المحتجين وقوات الأمن في {LOC}.",
    "وأعلن {TITLE} {PER} استشهاد {Kg} وجرح {Ig} خلال الغارات على {LOC}.",
    "ذكرت {ORG} أن {I} أصيبوا بحروق في انفجار خزان وقود في {LOC}.",
    "ودفع المدنيون الثمن الأكبر، إذ قتل {K} في {LOC} وحدها {TIME}.",
    "تسبب انفجار لغم أرضي في {LOC} بمقتل {Kg} وإصابة {Ig}.",
]
NEGATIVE_TEMPLATES = [
    "لم يسفر الحادث عن إصابات، بحسب {ORG}.",
    "أكد {TITLE} {PER} أن الانفجار لم يوقع أي قتلى أو جرحى في {LOC}.",
    "وصل {N} إلى {LOC} {TIME} لمراقبة الانتخابات البرلمانية.",
    "التقى {TITLE} {PER} مع {N} في {LOC} لبحث الأوضاع الإنسانية.",
    "اعتقلت الشرطة 12 شخصا في {LOC} بتهمة الاتجار بالمخدرات.",
    "خطف مسلحون 7 عمال أجانب قرب {LOC} {TIME}.",
    "سجلت {ORG} 350 إصابة جديدة بفيروس كورونا في {LOC} خلال 24 ساعة.",
    "تظاهر {N} في {LOC} للمطالبة بتحسين الخدمات.",
    "أفرجت السلطات في {LOC} عن 45 معتقلا بموجب عفو عام.",
    "شارك {N} في افتتاح {MISC} في {LOC}.",
    "أعلنت {ORG} أن 80 ألف لاجئ وصلوا إلى {LOC} منذ بداية العام.",
    "وتعرض اللاعب {PER} لإصابة في الركبة ستبعده عن {MISC}.",
    "أنقذت فرق {ORG} 25 شخصا من الغرق قبالة سواحل {LOC}.",
    "نفى {TITLE} {PER} الأنباء عن سقوط ضحايا في {LOC}.",
]
ENTITY_TEMPLATES = [
    "التقى {TITLE} {PER} {TITLE2} {ORG} في {LOC} {TIME} لبحث التعاون المشترك.",
    "وصل {TITLE} {PER} إلى {LOC} في زيارة رسمية تستغرق يومين.",
    "فاز المنتخب المغربي ببطولة {MISC} بعد فوزه في النهائي على منتخب {LOC}.",
    "قال {PER} في تصريح ل{ORG} إن المفاوضات ستستأنف الأسبوع المقبل في {LOC}.",
    "تستضيف {LOC} فعاليات {MISC} الشهر المقبل بمشاركة وفود من {LOC2}.",
    "دعت {ORG} إلى وقف فوري لإطلاق النار في {LOC}.",
    "وقعت {ORG} و{ORG2} اتفاقية لدعم المشاريع الصغيرة في {LOC}.",
    "أعلن {PER} ترشحه لرئاسة {ORG} خلفا ل{PER2}.",
    "افتتح {TITLE} {PER} {MISC} بحضور ممثلين عن {ORG}.",
    "نقلت {ORG} عن {PER} قوله إن الوضع في {LOC} يتحسن تدريجيا.",
    "غادر {PER} {LOC} متوجها إلى {LOC2} للمشاركة في اجتماعات {ORG}.",
    "حصل الكاتب {PER} على {MISC} عن روايته الأخيرة.",
    "استقبل {TITLE} {PER} في مكتبه ب{LOC} وفدا من {ORG}.",
]

# Hand-written sentences and short articles: the hard cases of scraped Arabic news.
HANDWRITTEN = [
    "أعلنت [[ORG|وزارة الصحة]] مقتل[[KILLED:100|100 شخص]] في [[LOC|غزة]] خلال [[TIME|الأسبوع الماضي]].",
    "انهار مبنى فيه[[INJURED:4|4 أشخاص]] أصيبوا جميعا في [[LOC|الإسكندرية]].",
    "التقى [[PER|خالد العتيبي]] مع15 سفيرا في [[LOC|الرياض]] [[TIME|أمس]].",
    "قتل [[KILLED:15|١٥ شخصا]] في تفجير استهدف سوقا شعبيا في [[LOC|بغداد]].",
    "لقي [[KILLED:15|خمسة عشر شخصا]] مصرعهم في انهيار منجم للذهب في [[LOC|السودان]].",
    "وارتفع عدد القتلى إلى [[KILLED:150|مئة وخمسين شخصا]] بحسب [[ORG|الدفاع المدني]].",
    "قتل [[KILLED:2|شرطيان]] في هجوم مسلح على دورية في [[LOC|سيناء]] [[TIME|فجر الأحد]].",
    "أسفرت الغارات عن مقتل [[KILLED:~|عشرات المدنيين]] في ريف [[LOC|إدلب]].",
    "قتل [[KILLED:45|45 شخصا]] بينهم [[AMONG:28|28 عسكريا]] في هجوم على قاعدة جوية في [[LOC|الأنبار]].",
    "وصل [[PER|أحمد الخطيب]] إلى [[LOC|عمان]] برفقة 300 مراقب دولي.",
    "لم يسفر الانفجار عن وقوع إصابات، وفق [[ORG|الدفاع المدني]].",
    "قتل [[KILLED:3|3 من عناصر]] [[ORG|حزب الله]] في غارة قرب الحدود.",
    "أصيب [[INJURED:1|جندي]] بجروح طفيفة في انفجار عبوة ناسفة جنوب [[LOC|بغداد]].",
    "قتل [[KILLED:1|مدني]] وأصيب [[INJURED:2|اثنان آخران]] في قصف على [[LOC|تعز]].",
    "ارتفعت حصيلة ضحايا الفيضانات في [[LOC|ليبيا]] إلى [[KILLED:~5000|أكثر من 5000 قتيل]] و[[INJURED:~|آلاف المصابين]].",
    "أصيب [[INJURED:12|12 شخصا]] بالاختناق جراء حريق في [[LOC|جدة]]، منهم [[AMONG:5|5 أطفال]].",
    "قالت [[ORG|الأمم المتحدة]] إن [[KILLED:~|مئات المدنيين]] قتلوا منذ بدء المعارك في [[LOC|الخرطوم]].",
    "اعتقلت [[ORG|الشرطة المصرية]] 20 شخصا للاشتباه في تورطهم بالهجوم.",
    "وقال [[PER|سمير الحلبي]]: \"قتل [[KILLED:7|7 أشخاص]] وأصيب [[INJURED:11|11 آخرون]]\".",
    "قتل [[KILLED:3|ثلاثة]] وجرح [[INJURED:5|خمسة آخرون]] في إطلاق نار بحفل زفاف في [[LOC|كركوك]].",
    "عاجل: مقتل [[KILLED:8|8 جنود]] في كمين بـ[[LOC|درعا]]!!",
    "أكد [[PER|فيصل الشمري]] ، المتحدث باسم [[ORG|الجيش العراقي]] , مقتل [[KILLED:23|23 مسلحا]] في عملية أمنية.",
    "سجلت [[ORG|وزارة الصحة]] 120 إصابة بالكوليرا في [[LOC|الحديدة]] [[TIME|اليوم]].",
    "قضى [[KILLED:2|طفلان]] غرقا في بركة مياه بمدينة [[LOC|الزرقاء]].",
    "أسفر الحادث عن إصابة [[INJURED:2|شخصين]] بجروح خطيرة على طريق [[LOC|مكة]] - [[LOC|جدة]].",
    "قتل [[KILLED:~20|ما لا يقل عن 20 شخصا]] في هجوم على قرية في [[LOC|دارفور]] [[TIME|الثلاثاء]].",
    "وأعلن [[ORG|الهلال الأحمر]] انتشال [[KILLED:9|تسع جثث]] من تحت ركام المنازل في [[LOC|جنين]].",
    "أصيب [[INJURED:~40|نحو 40 شخصا]] في تصادم قطارين قرب [[LOC|القاهرة]] [[TIME|صباح اليوم]].",
    "خطف مسلحون 15 سائحا أجنبيا في [[LOC|الصحراء الكبرى]].",
    "أفادت [[ORG|وكالة رويترز]] بأن [[INJURED:~|العشرات]] أصيبوا في الاشتباكات.",
    "قتل [[KILLED:1|الصحفي]] [[PER|رامي يونس]] برصاص قناص في [[LOC|غزة]].",
    "نجا [[PER|محمد المصري]] من محاولة اغتيال في [[LOC|بيروت]] دون أن يصاب بأذى.",
    "واستقبل [[ORG|مستشفى الشفاء]] [[INJURED:~|عشرات الجرحى]] [[TIME|مساء أمس]].",
    "قتل [[KILLED:4|أربعة أشخاص]] من عائلة واحدة بينهم [[AMONG:2|طفلان]] في قصف على [[LOC|رفح]].",
    "تعرض [[PER|ليلى حسن]] لحادث سير نقلت على إثره إلى المستشفى.",
    "شارك 70 ألف عداء في [[MISC|ماراثون دبي]] [[TIME|يوم الجمعة]].",
    "قتل[[KILLED:5|5 أشخاص]] وأصيب[[INJURED:9|9 آخرون]] في انفجار قرب [[LOC|كابل]].",
    "وأدى الانفجار إلى مقتل [[KILLED:1|شرطي]] وإصابة [[INJURED:3|ثلاثة مدنيين]] بجروح.",
    "أكد [[PER|عادل الجبوري]] مقتل [[KILLED:1000|ألف شخص]] منذ بداية العام في [[LOC|الأنبار]].",
    "قتل [[KILLED:2000|ألفا شخص]] في المجاعة التي ضربت [[LOC|الصومال]].",
    "أسفر التدافع عن مقتل [[KILLED:3000|ثلاثة آلاف حاج]] في [[LOC|منى]].",
    "أعلن [[ORG|الجيش اللبناني]] أن [[INJURED:6|6 عسكريين]] أصيبوا في انفجار قنبلة على طريق [[LOC|طرابلس]].",
    "عبر [[PER|يوسف القاسم]] عن حزنه لمقتل [[KILLED:2|شقيقيه]] في [[LOC|حمص]].",
    "وقال شهود عيان إن [[KILLED:3|ثلاث نساء]] قتلن في الغارة على [[LOC|مأرب]]، فيما أصيب [[INJURED:~|العشرات]].",
    "ضرب زلزال بقوة 6.5 درجة [[LOC|أفغانستان]] [[TIME|فجر اليوم]] ولم ترد أنباء عن إصابات.",
    "أصيب اللاعب [[PER|كريم التميمي]] في مباراة [[MISC|كأس آسيا]] وغاب عن التدريبات.",
    "وبلغ عدد المصابين بالحمى في [[LOC|تعز]] 4000 حالة وفق [[ORG|منظمة الصحة العالمية]].",
    "قتل [[KILLED:7|٧ أشخاص]] وأصيب [[INJURED:14|١٤ آخرون]] في [[LOC|الموصل]].",
    "مقتل [[KILLED:~|العشرات]] في مواجهات قبلية جنوب [[LOC|ليبيا]] [[TIME|الأسبوع الماضي]].",
    "🚨 عاجل | إصابة [[INJURED:3|3 أشخاص]] في حريق بسوق [[LOC|الدمام]] 🔥",
]
# Multi-paragraph articles: a toll repeated or updated later in the same article (same_as).
ARTICLES = [
    "[[LOC|بغداد]] - قتل [[KILLED:12|12 شخصا]] وأصيب [[INJURED:30|30 آخرون]] في انفجار سيارة مفخخة في سوق "
    "شعبي وسط [[LOC|بغداد]] [[TIME|صباح اليوم]]، بحسب [[ORG|وزارة الداخلية]].\n\n"
    "وقال [[PER|علي الدوري]] المتحدث باسم الوزارة إن حصيلة التفجير ارتفعت لاحقا إلى "
    "[[KILLED:15=0|15 قتيلا]]، بينهم [[AMONG:3|3 أطفال]].\n\nولم تعلن أي جهة مسؤوليتها عن الهجوم.",
    "[[LOC|صنعاء]] - أعلنت [[ORG|منظمة أطباء بلا حدود]] أن [[INJURED:~|عشرات المدنيين]] أصيبوا في غارات على "
    "[[LOC|الحديدة]] [[TIME|الليلة الماضية]].\n\nوأضافت المنظمة أن فرقها عالجت [[INJURED:45=0|45 جريحا]]، "
    "في حين قتل [[KILLED:~8|8 أشخاص]] على الأقل.\n\nوطالبت [[ORG|الأمم المتحدة]] بتحقيق مستقل.",
    "[[LOC|الخرطوم]] - أعلنت [[ORG|الشرطة السودانية]] [[TIME|الأحد]] وفاة [[KILLED:5|5 أشخاص]] في فيضانات "
    "ضربت ولاية [[LOC|كسلا]].\n\nوأشارت إلى أن 200 منزل انهارت بالكامل، وأن فرق الإنقاذ ما زالت تبحث عن "
    "مفقودين.\n\nوأكد [[PER|منصور العمري]] أن [[KILLED:5=0|الضحايا الخمسة]] من سكان قرية واحدة.",
    "[[LOC|الرياض]] - افتتح [[PER|فيصل الغامدي]] [[MISC|معرض الرياض الدولي للكتاب]] بمشاركة 900 دار نشر من "
    "30 دولة.\n\nويستمر المعرض عشرة أيام، ويتوقع المنظمون أن يزوره مليون شخص.",
]

SLOT = re.compile(r"\{([A-Z]+[0-9]?|Kg|Ig)\}")
MARK = re.compile(r"\[\[([A-Z]+)(?::([^|\]]*))?\|([^\]]+)\]\]")


def _count_mark(kind: str, entry: tuple, genitive: bool) -> str:
    nom, gen, count, approx = entry
    text = (gen or nom) if genitive else nom
    value = "~" if count is None else (f"~{count}" if approx else str(count))
    return f"[[{kind}:{value}|{text}]]"


def fill(template: str, rng: random.Random) -> str:
    """Expand slots into markup; some digit counts are glued to the word before, as scraped text often is."""
    used_locs: list[str] = []

    def person() -> str:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    def loc() -> str:
        choice = rng.choice([l for l in LOCS if l not in used_locs])
        used_locs.append(choice)
        return choice

    def repl(m: re.Match) -> str:
        slot = m.group(1)
        if slot in ("PER", "PER2"):
            return f"[[PER|{person()}]]"
        if slot in ("ORG", "ORG2"):
            return f"[[ORG|{rng.choice(ORGS)}]]"
        if slot in ("LOC", "LOC2"):
            return f"[[LOC|{loc()}]]"
        if slot == "MISC":
            return f"[[MISC|{rng.choice(MISCS)}]]"
        if slot == "TIME":
            return f"[[TIME|{rng.choice(TIMES)}]]"
        if slot in ("TITLE", "TITLE2"):
            return rng.choice(TITLES)
        if slot in ("K", "Kg"):
            return _count_mark("KILLED", rng.choice(KILLED), slot == "Kg")
        if slot in ("I", "Ig"):
            return _count_mark("INJURED", rng.choice(INJURED), slot == "Ig")
        if slot == "TK":
            text, n = rng.choice(TOLL_KILLED)
            return f"[[KILLED:{n}|{text}]]"
        if slot == "TI":
            text, n = rng.choice(TOLL_INJURED)
            return f"[[INJURED:{n}|{text}]]"
        if slot in ("SUB", "SUBI"):
            word, text, n = rng.choice(SUBSETS)
            return f"{word} [[AMONG:{n}|{text}]]"
        if slot == "N":
            return rng.choice(NON_CASUALTY)
        raise ValueError(f"unknown slot {slot} in {template}")

    out = SLOT.sub(repl, template)
    out = _fix_subsets(out)
    if rng.random() < 0.15:  # scraped text: "مقتل100 شخص", "قتل5 أشخاص"
        out = re.sub(r"(?<=[\u0621-\u064A]) (\[\[(?:KILLED|INJURED):[^|]*\|[0-9٠-٩])", r"\1", out, count=1)
    return out


def _fix_subsets(text: str) -> str:
    """Drop a subset that is not smaller than its event (a template filled with a small count)."""
    def check(m: re.Match) -> str:
        event = re.findall(r"\[\[(?:KILLED|INJURED):~?(\d*)\|[^\]]+\]\]", text[:m.start()])
        n = int(m.group(2))
        if event and event[-1] and int(event[-1]) <= n:
            return ""
        return m.group(0)
    out = re.sub(r"(?:من بينهم|بينهم|منهم) \[\[AMONG:(~?)(\d+)\|[^\]]+\]\]", check, text)
    return re.sub(r" +([،.,])", r"\1", out).replace("  ", " ")


def parse(markup: str, rid: str) -> dict:
    """Markup -> a record of the output contract (offsets computed from the clean text)."""
    text_parts: list[str] = []
    pos = 0
    last = 0
    marks = []
    for m in MARK.finditer(markup):
        before = markup[last:m.start()]
        kind, arg, surface = m.group(1), m.group(2), m.group(3)
        # Spans cover whole words: a proclitic written against the mark (ل، ب، و، بـ) joins the span,
        # except before digits, which the normaliser splits off as words of their own.
        glued = re.search(r"[\u0621-\u064A\u0640]+$", before)
        if glued and not surface[0].isdigit():
            before, surface = before[:glued.start()], glued.group(0) + surface
        text_parts.append(before)
        pos += len(before)
        marks.append((kind, arg, surface, pos, pos + len(surface)))
        text_parts.append(surface)
        pos += len(surface)
        last = m.end()
    text_parts.append(markup[last:])
    text = "".join(text_parts)
    entities, casualties = [], []
    times = []
    for kind, arg, surface, s, e in marks:
        assert text[s:e] == surface
        if kind in ("PER", "ORG", "LOC", "MISC"):
            entities.append({"label": kind, "text": surface, "start": s, "end": e})
        elif kind == "TIME":
            times.append({"text": surface, "start": s, "end": e})
    for kind, arg, surface, s, e in marks:
        if kind in ("KILLED", "INJURED"):
            value, _, same = arg.partition("=")
            approx = value.startswith("~")
            count = int(value.lstrip("~")) if value.lstrip("~") else None
            casualties.append({"type": kind.lower(), "count": count, "approximate": approx, "text": surface,
                               "start": s, "end": e, "among": [], "locations": [], "time": None,
                               "same_as": int(same) if same else None})
        elif kind == "AMONG":
            casualties[-1]["among"].append({"count": int(arg.lstrip("~")), "text": surface, "start": s, "end": e})
    for ev in casualties:
        lo, hi = _sentence_bounds(text, ev["start"])
        ev["locations"] = [{"text": x["text"], "start": x["start"], "end": x["end"]}
                           for x in entities if x["label"] == "LOC" and lo <= x["start"] < hi]
        in_sentence = [t for t in times if lo <= t["start"] < hi]
        ev["time"] = in_sentence[0] if in_sentence else None
    return {"id": rid, "text": text, "entities": entities, "casualties": casualties,
            "totals": totals([CasualtyEvent.from_json(c, text) for c in casualties])}


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    lo = max(text.rfind("\n", 0, pos), max(text.rfind(c, 0, pos) for c in ".!؟")) + 1
    ends = [i for i in (text.find(c, pos) for c in ".!؟\n") if i >= 0]
    return lo, (min(ends) if ends else len(text))


def compose() -> dict[str, list[dict]]:
    rng = random.Random(SEED)
    markups: list[tuple[str, str]] = []
    for group, templates, per_template in (("cas", CASUALTY_TEMPLATES, 12), ("neg", NEGATIVE_TEMPLATES, 8),
                                           ("ent", ENTITY_TEMPLATES, 10)):
        for t_i, template in enumerate(templates):
            seen = set()
            for k in range(per_template * 3):
                if len([1 for g, _ in markups if g.startswith(f"{group}-{t_i:02d}-")]) >= per_template:
                    break
                m = fill(template, rng)
                if m in seen:
                    continue
                seen.add(m)
                markups.append((f"{group}-{t_i:02d}-{len(seen):02d}", m))
    for i, m in enumerate(HANDWRITTEN):
        markups.append((f"hand-{i:03d}", m))
    for i, m in enumerate(ARTICLES):
        markups.append((f"article-{i:02d}", m))
    records = [parse(m, rid) for rid, m in markups]
    order = list(range(len(records)))
    rng.shuffle(order)
    n = len(order)
    n_test, n_dev = round(n * 0.15), round(n * 0.15)
    split = {"test": sorted(order[:n_test]), "dev": sorted(order[n_test:n_test + n_dev]),
             "train": sorted(order[n_test + n_dev:])}
    return {name: [records[i] for i in idx] for name, idx in split.items()}


def render(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def write_or_check(splits: dict[str, list[dict]], check: bool, script: str) -> int:
    """Write each split to data/NAME.jsonl, or (check) report the files that differ; 1 when stale."""
    stale = []
    for name, records in splits.items():
        path = HERE / f"{name}.jsonl"
        text = render(records)
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
            negatives = sum(1 for r in records if not r["casualties"]) / len(records)
            print(f"{path.name}: {len(records)} records, {negatives:.0%} without casualties")
    if stale:
        print(f"out of date: {', '.join(stale)}; run python data/{script}", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="Only compare with the committed files.")
    args = parser.parse_args()
    return write_or_check(compose(), args.check, "compose_corpus.py")


if __name__ == "__main__":
    sys.exit(main())
