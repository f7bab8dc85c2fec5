"""Casualties: who was killed or injured and how many. Reading count expressions into numbers
(numbers), the victim and cue lexicon (victims), and the rule engine that finds casualty events and
merges them with the model's spans (engine). Knows nothing of the tagger that calls it."""
