"""Knowledge the models read as features: lexicon and rule marks per token (``TAG``)."""
