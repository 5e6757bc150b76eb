"""Default locations of the project's files: the one place every command-line default comes from.

These are the paths of a checkout of the spaCy project, relative to the folder
the command runs in, and they mirror ``project.yml``'s ``vars`` (which pass
them explicitly to every command). Library functions never use them: they take
their paths as arguments, so the package works from any working directory and
once installed. Only the typer front ends in ``govreport.cli`` read this module.
"""

from __future__ import annotations

from pathlib import Path

# the checkout itself (package: the govreport wheel is built from here)
PROJECT_ROOT = Path(".")
CONFIGS = Path("configs")
DOCS = Path("docs")

# assets (project.yml: fetch-assets)
PKUSEG_MODEL = Path("assets/pkuseg_default")
GAZETTEER = Path("assets/jionlp_china_location")
JIEBA_DICT = Path("assets/jieba_dict")
LAC_CHAR_VECTORS = Path("assets/lac_char_vectors")
CONTEXT_ENCODER = Path("assets/m3e_small")
WORD_TABLE = Path("assets/m3e_word_table")  # distilled from the context encoder (build-word-table; round 24)
DOMAIN_TERMS = Path("src/govreport/data/domain_terms.txt")

# corpus
RAW_DIR = Path("corpus/raw")
MANIFEST = Path("corpus/manifest.tsv")
CLEAN_DIR = Path("corpus/clean")
CLEANING_REPORTS = Path("corpus/reports")
SENTENCES = Path("corpus/sentences.jsonl")
ANNOTATIONS = Path("corpus/annotations")
MARKUP_DIR = ANNOTATIONS / "markup"
AGREEMENT_FIRST = ANNOTATIONS / "agreement" / "pass1.jsonl"
AGREEMENT_SECOND_DIR = ANNOTATIONS / "pass2"
AGREEMENT_REPORT = ANNOTATIONS / "agreement" / "report.json"
AGREEMENT_MD = DOCS / "agreement.md"
REPORT_RANKING = DOCS / "report-ranking.md"
CORPUS_SPACY = Path("corpus/spacy")
SPLITS = CORPUS_SPACY / "splits.json"

# training and products
TRAINING_DIR = Path("training")
NER_MODEL = TRAINING_DIR / "ner" / "model-best"
SPANCAT_MODEL = TRAINING_DIR / "spancat" / "model-best"
PIPELINE = TRAINING_DIR / "pipeline"
METRICS = TRAINING_DIR / "metrics.json"
METRICS_MD = TRAINING_DIR / "metrics.md"
RELATIONS = TRAINING_DIR / "relations.json"
RELATIONS_MD = TRAINING_DIR / "relations.md"
RULES_METRICS = TRAINING_DIR / "rules_metrics.json"
RULES_METRICS_MD = TRAINING_DIR / "rules_metrics.md"
CROSSVAL_DIR = TRAINING_DIR / "crossval"
RECORD_CALIBRATION = Path("configs/record_calibration.json")  # committed: `calibrate` fits it on crossval relations
CROSSVAL = TRAINING_DIR / "crossval.json"
CROSSVAL_MD = TRAINING_DIR / "crossval.md"
BENCHMARK_TOKENIZER = TRAINING_DIR / "benchmark_tokenizer.json"
BENCHMARK_PIPELINE = TRAINING_DIR / "benchmark_pipeline.json"
PACKAGES_DIR = Path("packages")

# doccano
DOCCANO_VENV = Path(".doccano-venv")  # the CLI lets $DOCCANO_VENV override it (as setup_doccano_env.sh does)
DOCCANO_DATA = Path("doccano-data")
DOCCANO_BACKUPS = DOCCANO_DATA / "backups"
DOCCANO_STATE = Path("corpus/doccano")
DOCCANO_PULL_STATE = DOCCANO_STATE / "pull-state.json"
DOCCANO_CONFLICTS = DOCCANO_STATE / "conflicts.jsonl"
ENV_FILE = Path(".env")
