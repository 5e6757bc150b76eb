"""Front end for `spacy project run doccano-pull`: see govreport.doccano.pull and docs/doccano.md."""

import sys

from govreport.doccano.cli import app

if __name__ == "__main__":
    app(["doccano-pull", *sys.argv[1:]])
