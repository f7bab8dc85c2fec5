"""Tagging: a document in, a record out. The Tagger (tagger) runs model and casualty engine over texts;
around it, predict's stream goes one way: documents are read (documents), split between jobs or
processes (sharding, distributed), tagged in blocks (stream), and written (writers) as JSONL or rendered
(render) as HTML, CoNLL or a text table, with a record of what made them (provenance) for --resume and
--merge."""
