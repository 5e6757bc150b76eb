"""The seed corpus: its manifest, cleaning run and sentence file."""
