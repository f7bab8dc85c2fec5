"""Training: making models. Fine-tuning from a config (finetune), distilling a student from a teacher
(distill), the tiny offline BERT for quickstarts and tests (tiny_model), and silver data from the rule
engine with a Label Studio round trip (silver)."""
