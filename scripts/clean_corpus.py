"""Front end for `spacy project run clean`: see govreport.corpus.clean_corpus."""

from govreport.cli import app

if __name__ == "__main__":
    app(["clean", *__import__("sys").argv[1:]])
