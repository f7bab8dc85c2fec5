"""Knowledge distillation: a student with half the teacher's layers, for tagging large archives on CPUs.

The recipe is DistilBERT's (Sanh et al., 2019) applied to token classification:

* The student is the teacher with fewer transformer layers: same width, vocabulary, embeddings and
  classifier head, and its layers start as every other teacher layer, counted down from the top one
  (12 -> 6 keeps layers 1, 3, 5, 7, 9, 11), so the head keeps reading the representation it was trained on.
* The teacher labels unlabelled news on the fly (soft labels: its softmax at temperature T); the student
  learns them with KL divergence (scaled by T^2), plus cross-entropy on gold labels where the training
  data has them: ``loss = soft_weight * KL + (1 - soft_weight) * CE``.
* Everything else is ordinary training (the same Trainer, dev F1, early stopping, checkpoints, resume,
  torchrun): :class:`Distillation` is a recipe over the steps fine-tuning shares
  (:mod:`arabert_ner.training.steps`), so ``train.py`` runs it when ``distillation.teacher`` is set;
  ``arabert-ner distill`` is a shortcut that sets it.

    arabert-ner distill --teacher models/quickstart --output-dir models/quickstart-student \\
        distillation.unlabelled=../shared/data/saudinewsnet/casualty_candidates.jsonl
"""
from __future__ import annotations

import copy
import logging
import math
from typing import Any, Iterator

from arabert_ner.model.alignment import IGNORE_INDEX, SubwordEncoder, training_rows
from arabert_ner.errors import ConfigError, ModelError

log = logging.getLogger(__name__)

UNLABELLED = -1  # in the labels column: "no gold label, learn the teacher's soft label here"


def student_layer_indices(teacher_layers: int, student_layers: int) -> list[int]:
    """Which teacher layers seed the student: evenly spaced, the top one always kept."""
    if not 1 <= student_layers < teacher_layers:
        raise ConfigError(f"distillation.student_layers must be between 1 and {teacher_layers - 1} for a teacher "
                          f"with {teacher_layers} layers, got {student_layers}")
    return [math.floor((i + 1) * teacher_layers / student_layers + 1e-9) - 1 for i in range(student_layers)]


def make_student(teacher, student_layers: int = 0):
    """A copy of ``teacher`` keeping only some of its transformer layers (default: half)."""
    import torch

    encoder = getattr(teacher.base_model, "encoder", None)
    layers = getattr(encoder, "layer", None)
    if not isinstance(layers, torch.nn.ModuleList):
        raise ModelError(f"cannot make a student of a {type(teacher).__name__}: distillation expects a BERT-style "
                         f"encoder (base_model.encoder.layer)")
    n = len(layers)
    keep = student_layer_indices(n, student_layers or max(1, n // 2))
    student = copy.deepcopy(teacher)
    student.base_model.encoder.layer = torch.nn.ModuleList([student.base_model.encoder.layer[i] for i in keep])
    student.config.num_hidden_layers = len(keep)
    student.train()
    log.info("student: %d of the teacher's %d layers (teacher layers %s), %.1fM parameters", len(keep), n,
             ", ".join(map(str, keep)), student.num_parameters() / 1e6)
    return student


def unlabelled_sentences(files: list[str], normalizer, limit: int = 0) -> Iterator[list[str]]:
    """Normalised words of each sentence of the unlabelled files, split as predict.py splits them."""
    from arabert_ner.tagging.documents import iter_documents
    from arabert_ner.text.sentences import split_sentences

    n = 0
    for f in files:
        for doc in iter_documents(f):
            words = list(normalizer.normalize(doc["text"]).words)
            for a, b in split_sentences(words, doc["text"]):
                if b > a:
                    yield [w.text for w in words[a:b]]
                    n += 1
                    if limit and n >= limit:
                        return


def unlabelled_rows(sentences: list[list[str]], encoder: SubwordEncoder) -> dict[str, list]:
    """Dataset columns for unlabelled sentences: the label of each word's first subword is ``UNLABELLED``."""
    windows = [w for i, words in enumerate(sentences) for w in encoder.windows(i, words)]
    return training_rows(windows, [[UNLABELLED] * len(words) for words in sentences], False, {})


def distillation_loss(student_logits, teacher_logits, labels, temperature: float, soft_weight: float):
    """KL to the teacher's softened distribution on every labelled or unlabelled word, CE on gold ones."""
    import torch.nn.functional as F

    mask = labels != IGNORE_INDEX
    s = student_logits[mask].float()
    t = teacher_logits[mask].float()
    soft = F.kl_div(F.log_softmax(s / temperature, -1), F.softmax(t / temperature, -1),
                    reduction="batchmean") * temperature ** 2
    gold = labels[mask]
    has_gold = gold >= 0
    if not has_gold.any():
        return soft
    hard = F.cross_entropy(s[has_gold], gold[has_gold])
    return soft_weight * soft + (1 - soft_weight) * hard


def distillation_trainer_class():
    """The Trainer subclass, built lazily so importing this module does not import transformers."""
    import torch
    from transformers import Trainer

    class DistillationTrainer(Trainer):
        def __init__(self, *args: Any, teacher, temperature: float, soft_weight: float, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self.teacher = teacher.eval()
            for p in self.teacher.parameters():
                p.requires_grad_(False)
            self.temperature = temperature
            self.soft_weight = soft_weight
            self.model_accepts_loss_kwargs = False  # the loss is a batch mean: let the Trainer scale it

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            labels = inputs.pop("labels")
            outputs = model(**inputs)
            device = outputs.logits.device
            if next(self.teacher.parameters()).device != device:
                self.teacher.to(device)
            dtype = torch.bfloat16 if self.args.bf16 else torch.float16
            with torch.no_grad(), torch.autocast(device_type=device.type, dtype=dtype,
                                                 enabled=self.args.bf16 or self.args.fp16):
                teacher_logits = self.teacher(**inputs).logits
            loss = distillation_loss(outputs.logits, teacher_logits, labels, self.temperature, self.soft_weight)
            return (loss, outputs) if return_outputs else loss

    return DistillationTrainer


class Distillation:
    """The recipe: start from the teacher's tokenizer and labels, add its unlabelled sentences, train a
    student cut from it with the distillation loss."""

    described_as = "student of "

    def __init__(self, cfg):
        self.cfg = cfg
        self.teacher = None
        self.unlabelled_sentences = 0

    def start(self) -> tuple[Any, list[str]]:
        from arabert_ner.model.loading import load_trained_model
        from arabert_ner.tagging.tagger import check_labels_agree

        c = self.cfg
        self.teacher, tokenizer, labels = load_trained_model(c.distillation.teacher, c.model.revision,
                                                             c.model.trust_remote_code, c.model.allow_pickle)
        check_labels_agree(labels, c, c.distillation.teacher)
        return tokenizer, labels

    def extra_rows(self, encoder: SubwordEncoder) -> dict[str, list] | None:
        from arabert_ner.text.normalize import Normalizer

        d = self.cfg.distillation
        if not d.unlabelled:
            return None
        sentences = list(unlabelled_sentences(d.unlabelled, Normalizer(self.cfg.normalization),
                                              d.max_unlabelled_sentences))
        self.unlabelled_sentences = len(sentences)
        rows = unlabelled_rows(sentences, encoder)
        log.info("data: %d unlabelled sentence(s) (%d windows) from %s, labelled by the teacher",
                 len(sentences), len(rows["input_ids"]), ", ".join(d.unlabelled))
        return rows

    def model(self, labels: list[str]):
        return make_student(self.teacher, self.cfg.distillation.student_layers)

    def trainer(self, **inputs: Any):
        d = self.cfg.distillation
        return distillation_trainer_class()(teacher=self.teacher, temperature=d.temperature,
                                            soft_weight=d.soft_weight, **inputs)

    def metrics(self, model) -> dict[str, Any]:
        d = self.cfg.distillation
        return {"distillation": {"teacher": d.teacher, "teacher_layers": self.teacher.config.num_hidden_layers,
                                 "student_layers": model.config.num_hidden_layers,
                                 "unlabelled_sentences": self.unlabelled_sentences, "temperature": d.temperature,
                                 "soft_weight": d.soft_weight}}
