"""Training data, splits and evaluation for the NER and span categorizer models."""
