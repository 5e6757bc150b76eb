"""Front end for `spacy project run doccano-push`: see govreport.doccano.push and docs/doccano.md."""

import sys

from govreport.doccano.cli import app

if __name__ == "__main__":
    app(["doccano-push", *sys.argv[1:]])
