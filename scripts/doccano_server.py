"""Front end for `spacy project run doccano-server`: see govreport.doccano.server and docs/doccano.md."""

import sys

from govreport.doccano.cli import app

if __name__ == "__main__":
    app(["doccano-server", *sys.argv[1:]])
