"""The doccano round trip: a local server, push with suggestions, pull of confirmed gold (docs/doccano.md).

Modules: server (doccano in its own venv), client (credentials, errors),
project (labels and relation types), suggest (rules | model | none),
convert (gold ↔ doccano JSONL), push, pull, merge (conflict rules). The
commands are in govreport.cli.doccano.
"""
