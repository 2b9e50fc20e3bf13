#!/usr/bin/env python3
"""scikit-learn peer baseline for the scamscan benchmark.

Usage (Debian's python, which has python3-sklearn):
    /usr/bin/python3 bench/peers/sklearn_peer.py TRAIN.tsv TEST.tsv OUT_SCORES.txt

TSV header: label<TAB>lang<TAB>corpus<TAB>text (label 0/1; text already
lowercased and word-segmented, words joined by single spaces).
Writes one P(label=1) per test row, same order, 6 decimals.
"""
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

RANDOM_STATE = 0


def read_tsv(path):
    labels, texts = [], []
    with open(path, encoding="utf-8", newline="\n") as f:
        header = f.readline()
        if not header.startswith("label\t"):
            sys.exit(f"{path}: unexpected header {header!r}")
        for lineno, line in enumerate(f, start=2):
            line = line.rstrip("\n").rstrip("\r")
            # plain split, not csv: quotes in text are literal
            parts = line.split("\t", 3)
            if len(parts) < 4:
                if line == "":
                    sys.exit(f"{path}:{lineno}: blank line")
                sys.exit(f"{path}:{lineno}: expected 4 fields, got {len(parts)}")
            labels.append(int(parts[0]))
            texts.append(parts[3])
    return labels, texts


def build_model():
    words = TfidfVectorizer(
        tokenizer=str.split,
        token_pattern=None,
        lowercase=False,
        sublinear_tf=True,
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 4),
        lowercase=False,
        sublinear_tf=True,
        min_df=2,
    )
    return Pipeline([
        ("features", FeatureUnion([("word", words), ("char", chars)])),
        ("clf", LogisticRegression(C=10, max_iter=2000, random_state=RANDOM_STATE)),
    ])


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: sklearn_peer.py TRAIN.tsv TEST.tsv OUT_SCORES.txt")
    train_path, test_path, out_path = argv[1:]
    y_train, x_train = read_tsv(train_path)
    _, x_test = read_tsv(test_path)

    model = build_model()
    t0 = time.perf_counter()
    model.fit(x_train, y_train)
    train_s = time.perf_counter() - t0

    classes = list(model.named_steps["clf"].classes_)
    t1 = time.perf_counter()
    if not x_test:
        proba = []
    elif 1 in classes:
        proba = model.predict_proba(x_test)[:, classes.index(1)]
    else:
        proba = [0.0] * len(x_test)
    pred_s = time.perf_counter() - t1

    with open(out_path, "w", encoding="utf-8") as out:
        for p in proba:
            out.write(f"{p:.6f}\n")

    print(
        f"sklearn_peer: train_rows={len(x_train)} test_rows={len(x_test)} "
        f"train_time_s={train_s:.3f} predict_time_s={pred_s:.3f}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main(sys.argv)
