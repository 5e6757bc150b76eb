"""Gold annotations: the spec's labels, the doccano JSONL format, validation and markup."""
