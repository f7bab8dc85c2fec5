"""Casualties: who was killed or injured and how many. The lexicon as data, with its event-type registry
(lexicon, lexicons/*.yaml), the count grammar over normalised words (numbers), victim nouns and duals
(victims), the rule engine read in steps (document, drafts, expressions, reports, subsets, mentions) and
combined with the model and rules-first hybrid engines (hybrid) in engine, the worked examples as data (casebook),
and the engine a trained folder chose on real news (choice). Knows nothing of the tagger that calls it."""
