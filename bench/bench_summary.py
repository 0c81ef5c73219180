"""Summary quality on EASC: ROUGE-1/2/L of Marsad's summariser, the lead baseline and sumy's
LexRank and TextRank, all at the same word budget, against the 5 human summaries per article.
sumy runs twice: with Marsad's splitter and tokens, and stock (its own Arabic tokenizer, stemmer, stop words).

Both sides are normalised (alef/yaa/taa marbuta folding, diacritics, tatweel) and tokenised with
Marsad's Arabic-aware tokeniser: rouge-score's default tokeniser drops Arabic letters entirely.

    python bench/bench_summary.py [--easc PATH] [--words 60]

Needs the bench extra (``pip install .[bench]``: sumy, rouge-score, pyarabic).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rouge_score import rouge_scorer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from bot.analysis import analyze
from bot.analysis.normalize import tokens
from bot.analysis.sentences import split_sentences
from bot.analysis.summary import lead_summary

DEFAULT_EASC = [Path("../shared/data/easc/easc.jsonl"), Path("/work/shared/data/easc/easc.jsonl")]


class ArabicRougeTokenizer:
    """rouge-score tokenizer: Marsad's normaliser, then word tokens."""

    def tokenize(self, text: str) -> list[str]:
        return tokens(text)


class SumyTokenizer:
    """sumy tokenizer with the same sentence splitter and tokens as Marsad, for a fair comparison."""

    language = "arabic"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return tokens(sentence)


def _budget(max_words: int):
    def take(infos):
        out, used = [], 0
        for info in infos:
            n = len(str(info.sentence).split())
            if used + n <= max_words:
                out.append(info)
                used += n
        return out

    return take


def sumy_summary(summarizer, text: str, max_words: int) -> str:
    """The strict peer: sumy's ranking over Marsad's own sentence splitter and tokens."""
    doc = PlaintextParser.from_string(text, SumyTokenizer()).document
    return " ".join(str(s) for s in summarizer(doc, _budget(max_words)))


def stock_sumy(kind: str):
    """sumy as its README sets it up for a language: its own tokenizer (pyarabic for Arabic), its stemmer
    (NLTK's ISRI for Arabic) and its stop words. Needs ``pip install pyarabic``; no NLTK data download."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.utils import get_stop_words

    summarizer = (LexRankSummarizer if kind == "lexrank" else TextRankSummarizer)(Stemmer("arabic"))
    summarizer.stop_words = get_stop_words("arabic")
    tokenizer = Tokenizer("arabic")

    def summarize(text: str, max_words: int) -> str:
        doc = PlaintextParser.from_string(text, tokenizer).document
        return " ".join(str(s) for s in summarizer(doc, _budget(max_words)))

    return summarize


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--easc", type=Path, default=next((p for p in DEFAULT_EASC if p.exists()), DEFAULT_EASC[0]))
    ap.add_argument("--words", type=int, default=60)
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.easc.read_text("utf-8").splitlines() if line.strip()]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=ArabicRougeTokenizer())
    systems = {
        "marsad": lambda t: analyze(t, summary_words=args.words).summary,
        "lead": lambda t: lead_summary(t, args.words),
        "sumy-lexrank": lambda t: sumy_summary(LexRankSummarizer(), t, args.words),
        "sumy-textrank": lambda t: sumy_summary(TextRankSummarizer(), t, args.words),
    }
    try:
        stock_lex, stock_tr = stock_sumy("lexrank"), stock_sumy("textrank")
        stock_lex("نص. نص.", 10)
        systems["stock-sumy-lexrank"] = lambda t: stock_lex(t, args.words)
        systems["stock-sumy-textrank"] = lambda t: stock_tr(t, args.words)
    except (ImportError, ValueError, LookupError) as exc:
        print(f"stock sumy unavailable ({exc}); pip install pyarabic", file=sys.stderr)
    results: dict[str, dict[str, list[float]]] = {name: {"rouge1": [], "rouge2": [], "rougeL": []} for name in systems}
    lengths: dict[str, list[int]] = {name: [] for name in systems}
    for row in rows:
        for name, fn in systems.items():
            summary = fn(row["article"])
            lengths[name].append(len(summary.split()))
            for key in ("rouge1", "rouge2", "rougeL"):
                vals = [scorer.score(ref, summary)[key].fmeasure for ref in row["summaries"]]
                results[name][key].append(statistics.fmean(vals))
    print(f"EASC: {len(rows)} articles x 5 human summaries, budget {args.words} words, F1 averaged over references")
    print("| system | ROUGE-1 F | ROUGE-2 F | ROUGE-L F | mean words |")
    print("|---|---|---|---|---|")
    for name in systems:
        r = results[name]
        print(
            f"| {name} | {statistics.fmean(r['rouge1']):.4f} | {statistics.fmean(r['rouge2']):.4f} | "
            f"{statistics.fmean(r['rougeL']):.4f} | {statistics.fmean(lengths[name]):.1f} |"
        )
    m, lead = statistics.fmean(results["marsad"]["rouge1"]), statistics.fmean(results["lead"]["rouge1"])
    peer = max(statistics.fmean(results[p]["rouge1"]) for p in systems if "sumy" in p)
    print(f"ratio ROUGE-1 marsad/lead = {m / lead:.3f}; marsad/best sumy = {m / peer:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
