/**
 * The peers' input, shared by the benches: each message lower-cased and split into words by ICU
 * (Intl.Segmenter), joined by spaces, one TSV row per message (label, language, corpus, text).
 *
 * Two inputs: `full` keeps every non-space segment (punctuation and emoji too, the peers' default); `words`
 * keeps only ICU's word-like segments — what scamscan's features see (its tokenizer emits no token for
 * punctuation or emoji). They differ for one corpus: zh-hrwhisper's ham was cut into clauses at the punctuation,
 * so not one of its 84,101 ham rows has a comma, full stop, exclamation mark, semicolon or bracket (，。！;（【
 * or their ASCII forms) while 18,241 of its 20,584 spam rows do; a model that reads punctuation learns that
 * preprocessing (README model card).
 */
const seg = new Intl.Segmenter('und', { granularity: 'word' });

export function peerText(text, input = 'full') {
  const out = [];
  for (const s of seg.segment(text.toLowerCase())) {
    if (input === 'words' ? s.isWordLike : s.segment.trim() !== '') out.push(s.segment);
  }
  return out.join(' ');
}

/** Prepared rows (scamscan's `prepare`) as the peers' TSV. */
export function peerTsv(rows, input = 'full') {
  return 'label\tlang\tcorpus\ttext\n' + rows.map((r) => `${r.row.y}\t${r.lang}\t${r.row.corpus}\t${peerText(r.row.text, input).replace(/\t/g, ' ')}`).join('\n') + '\n';
}
