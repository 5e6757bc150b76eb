"""A small pretrained Chinese encoder, read and run with numpy (no torch at run time)."""
