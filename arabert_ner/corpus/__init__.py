"""Corpus: labelled training and evaluation data. Readers for CoNLL and JSONL with spans (readers),
label maps from corpus tag sets to the project's, BIO repair and the tag checker (labels, label_maps/),
and corpus statistics (stats)."""
