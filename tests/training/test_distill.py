"""The distilled student: which layers it keeps, its loss, and a student trained end to end."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ..conftest import NO_ENGINE_CHOICE, ROOT
from ..tagging.test_reliability import ENV


@pytest.mark.parametrize("teacher, student, keep", [
    (12, 6, [1, 3, 5, 7, 9, 11]), (2, 1, [1]), (12, 4, [2, 5, 8, 11]), (4, 3, [0, 1, 3]), (24, 12, list(range(1, 24, 2))),
])
def test_student_starts_from_every_other_layer_keeping_the_top_one(teacher, student, keep):
    from arabert_ner.training.distill import student_layer_indices

    assert student_layer_indices(teacher, student) == keep


@pytest.mark.parametrize("student", [0, 12, 13, -1])
def test_impossible_student_sizes_are_refused(student):
    from arabert_ner.training.distill import student_layer_indices
    from arabert_ner.errors import ConfigError

    with pytest.raises(ConfigError, match="student_layers"):
        student_layer_indices(12, student)


def test_student_copies_the_kept_layers_embeddings_and_head():
    import torch
    from transformers import BertConfig, BertForTokenClassification

    from arabert_ner.training.distill import make_student

    torch.manual_seed(0)
    teacher = BertForTokenClassification(BertConfig(vocab_size=50, hidden_size=32, num_hidden_layers=4,
                                                    num_attention_heads=2, intermediate_size=64, num_labels=5))
    student = make_student(teacher)
    assert student.config.num_hidden_layers == 2 and teacher.config.num_hidden_layers == 4
    t_state, s_state = teacher.state_dict(), student.state_dict()
    for s_index, t_index in enumerate([1, 3]):
        for key, value in s_state.items():
            if key.startswith(f"bert.encoder.layer.{s_index}."):
                torch.testing.assert_close(value, t_state[key.replace(f"layer.{s_index}.", f"layer.{t_index}.")])
    for key in ("bert.embeddings.word_embeddings.weight", "classifier.weight", "classifier.bias"):
        torch.testing.assert_close(s_state[key], t_state[key])
    assert student.num_parameters() < teacher.num_parameters()
    ids = torch.tensor([[2, 7, 9, 3]])
    assert student(input_ids=ids).logits.shape == teacher(input_ids=ids).logits.shape
    # The copy is independent: training the student leaves the teacher as it was.
    student.bert.encoder.layer[0].output.dense.weight.data.add_(1.0)
    torch.testing.assert_close(teacher.state_dict()["bert.encoder.layer.1.output.dense.weight"],
                               t_state["bert.encoder.layer.1.output.dense.weight"])


def test_distillation_loss_is_kl_on_unlabelled_words_and_adds_cross_entropy_on_gold():
    import torch
    import torch.nn.functional as F

    from arabert_ner.training.distill import UNLABELLED, distillation_loss

    torch.manual_seed(0)
    student, teacher = torch.randn(2, 5, 4), torch.randn(2, 5, 4)
    unlabelled = torch.tensor([[-100, UNLABELLED, UNLABELLED, -100, -100], [-100, UNLABELLED, -100, -100, -100]])
    assert distillation_loss(teacher, teacher, unlabelled, 2.0, 0.5).abs() < 1e-6  # same logits: nothing to learn
    kl = distillation_loss(student, teacher, unlabelled, 2.0, 0.5)
    mask = unlabelled != -100
    expected = F.kl_div(F.log_softmax(student[mask] / 2, -1), F.softmax(teacher[mask] / 2, -1),
                        reduction="batchmean") * 4
    torch.testing.assert_close(kl, expected)
    gold = unlabelled.clone()
    gold[1, 1] = 3
    mixed = distillation_loss(student, teacher, gold, 2.0, 0.5)
    ce = F.cross_entropy(student[1, 1:2], torch.tensor([3]))
    torch.testing.assert_close(mixed, 0.5 * expected + 0.5 * ce)


def test_distilled_student_is_a_model_folder_like_any_other(trained_model, tmp_path):
    from arabert_ner.evaluation.report import run_evaluation
    from arabert_ner.tagging.tagger import Tagger

    out = tmp_path / "student"
    proc = subprocess.run([sys.executable, "-m", "arabert_ner.cli", "distill", "--teacher", str(trained_model),
                           "--output-dir", str(out), "--unlabelled", str(ROOT / "data" / "sample_article.txt"),
                           "training.epochs=10", NO_ENGINE_CHOICE], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads((out / "train_results.json").read_text())
    assert results["distillation"]["teacher_layers"] == 2 and results["distillation"]["student_layers"] == 1
    assert results["distillation"]["unlabelled_sentences"] > 0
    assert json.loads((out / "config.json").read_text())["num_hidden_layers"] == 1
    tagger = Tagger.from_pretrained(out)
    assert tagger.config.distillation.teacher == str(trained_model)  # the saved config repeats the run
    metrics = run_evaluation(tagger, str(ROOT / "data" / "test.jsonl"), tagger.config, tmp_path / "eval")
    assert metrics["f1"] > 0.6, metrics["f1"]


def test_a_teacher_whose_labels_disagree_with_the_config_is_refused(trained_model, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "arabert_ner.cli", "distill", "--teacher", str(trained_model),
                           "--output-dir", str(tmp_path / "s"), "labels.types=[PER,LOC]"],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines()[-1].startswith("error: ") and "disagree" in proc.stderr
