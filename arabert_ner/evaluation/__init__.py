"""Evaluation: measuring models. Entity and casualty scores (metrics), the evaluation of one model on a
file with its report and pictures (report), and mean and spread over seeds (seeds)."""
