"""Write unmarked markup lines (sentence_id<TAB>text) for a range of one document's sentences.

    python scripts/markup_template.py 001 --start 0 --end 177 > work.txt
"""

from pathlib import Path

import typer

from govreport.io import read_jsonl


def main(doc: str, start: int = 0, end: int = 10**6, sentences: Path = Path("corpus/sentences.jsonl")) -> None:
    for row in read_jsonl(sentences):
        if row["doc"] == doc and start <= row["index"] < end:
            typer.echo(f"{row['id']}\t{row['text']}")


if __name__ == "__main__":
    typer.run(main)
