#!/usr/bin/env bash
# fastText peer baseline for the scamscan benchmark.
#
#   bash bench/peers/fasttext_peer.sh TRAIN.tsv TEST.tsv OUT_SCORES.txt [RUNS]
#
# TSV header: label<TAB>lang<TAB>corpus<TAB>text (label 0/1, text already
# lowercased + word-segmented). Writes one P(label=1) per test row (same
# order, 6 decimals). RUNS is accepted for interface compatibility but
# repetition is handled by the caller: this script always does one run.
# Requires the Debian `fasttext` package (fastText 0.9.2 CLI).
set -euo pipefail

if [[ $# -lt 3 || $# -gt 4 ]]; then
  echo "usage: $0 TRAIN.tsv TEST.tsv OUT_SCORES.txt [RUNS]" >&2
  exit 2
fi
TRAIN=$1
TEST=$2
OUT=$3
FASTTEXT=${FASTTEXT:-fasttext}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Extract the text column (everything after the 3rd tab; quotes are literal).
# "__label__" inside a text would be parsed by fastText as a label token, so
# it is defanged. \r (CRLF files) is stripped.
# Mode "train" prefixes the fastText label; mode "test" emits text only.
to_fasttext() {
  local mode=$1 file=$2
  LC_ALL=C awk -v mode="$mode" -v file="$file" '
    NR == 1 {
      if ($0 !~ /^label\t/) { print file ": unexpected header" > "/dev/stderr"; exit 3 }
      next
    }
    {
      sub(/\r$/, "")
      line = $0
      text = line
      for (i = 0; i < 3; i++) {
        p = index(text, "\t")
        if (p == 0) { printf "%s:%d: expected 4 fields\n", file, NR > "/dev/stderr"; exit 3 }
        if (i == 0) label = substr(text, 1, p - 1)
        text = substr(text, p + 1)
      }
      gsub(/__label__/, "_label_", text)
      if (mode == "train") {
        if (label != "0" && label != "1") { printf "%s:%d: bad label %s\n", file, NR, label > "/dev/stderr"; exit 3 }
        print "__label__" label " " text
      } else {
        print text
      }
    }' "$file"
}

to_fasttext train "$TRAIN" > "$TMP/train.txt"
to_fasttext test "$TEST" > "$TMP/test.txt"
n_train=$(wc -l < "$TMP/train.txt")
n_test=$(wc -l < "$TMP/test.txt")

t0=$(date +%s.%N)
"$FASTTEXT" supervised -input "$TMP/train.txt" -output "$TMP/model" \
  -epoch 25 -lr 0.5 -wordNgrams 2 -minn 2 -maxn 4 -dim 64 \
  -bucket 1000000 -thread 2 -seed 1 -verbose 0 >&2
t1=$(date +%s.%N)

"$FASTTEXT" predict-prob "$TMP/model.bin" "$TMP/test.txt" 2 > "$TMP/pred.txt"
t2=$(date +%s.%N)

# predict-prob prints "__label__X p [__label__Y q]" per input line, and an
# EMPTY line when the input has no tokens (empty text). Probabilities may
# slightly exceed 1 (e.g. 1.00001) and are clamped. A line with only one
# label (or none) is handled: missing label 1 => 1 - p(label 0), none => 0.5.
LC_ALL=C awk '
  {
    p1 = ""; p0 = ""
    for (i = 1; i + 1 <= NF; i += 2) {
      if ($i == "__label__1") p1 = $(i + 1) + 0
      else if ($i == "__label__0") p0 = $(i + 1) + 0
    }
    if (p1 == "") p1 = (p0 == "") ? 0.5 : 1 - p0
    if (p1 < 0) p1 = 0
    if (p1 > 1) p1 = 1
    printf "%.6f\n", p1
  }' "$TMP/pred.txt" > "$TMP/scores.txt"

n_out=$(wc -l < "$TMP/scores.txt")
if [[ "$n_out" -ne "$n_test" ]]; then
  echo "fasttext_peer: ERROR: $n_out predictions for $n_test test rows" >&2
  exit 1
fi
mv "$TMP/scores.txt" "$OUT"

echo "fasttext_peer: train_rows=$n_train test_rows=$n_test" \
  "train_time_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')" \
  "predict_time_s=$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.3f", b-a}')" >&2
