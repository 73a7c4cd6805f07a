"""The language model: load spaCy once, with our tokenizer rules, tag map, lemmas and sentence helpers."""
