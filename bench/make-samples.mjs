// Rebuilds data/samples/messages.tsv: real messages from the test split of data/ (3 scam/spam + 3 ham per language).
import { writeFileSync } from 'node:fs';
import * as S from '../dist/index.js';
const want = { tha: ['th-ssivakorn', 'th-punchpatcha', 'th-zoleir'], cmn: ['zh-hrwhisper', 'zh-telecom-fraud'], mya: ['my-gold'], eng: ['en-mendeley', 'en-uci'] };
const out = ['id\tlang\tlabel\tcorpus\ttext'];
for (const [lang, corpora] of Object.entries(want)) {
  const rows = [];
  for (const c of corpora) {
    const ds = await S.readDataset(`data/${c}.tsv.gz`);
    const prep = S.prepare(ds.rows, { ...S.DEFAULT_FEATURES, patternFeatures: false });
    rows.push(...prep.rows.filter((r) => r.split === 'test' && r.row.text.length <= 300 && r.row.text.length >= 15));
  }
  // deterministic pick: by key hash, 3 positive and 3 negative
  rows.sort((a, b) => S.fnv1a(a.key) - S.fnv1a(b.key));
  const seenKeys = new Set(); const uniq = rows.filter((r) => !seenKeys.has(r.key) && seenKeys.add(r.key)); rows.length = 0; rows.push(...uniq);
  const pos = rows.filter((r) => r.row.y === 1).slice(0, 3), neg = rows.filter((r) => r.row.y === 0).slice(0, 3);
  for (const r of [...pos, ...neg]) out.push(`${r.row.corpus}-${S.fnv1a(r.key).toString(16)}\t${lang}\t${r.row.y ? 'scam/spam' : 'ham'}\t${r.row.corpus}\t${r.row.text}`);
}
writeFileSync('data/samples/messages.tsv', out.join('\n') + '\n');
console.log(out.length - 1);
