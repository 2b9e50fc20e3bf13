/**
 * Dumps for the benches, built from data/*.tsv.gz and kept in bench/.work (made once, reused):
 *
 *  - `langDump(lang, rows)`: messages of one language (`tha`, `cmn`, `mya`, `eng`, as the corpora's `lang`
 *    column says), each cut at 400 characters, drawn in a fixed order (a stride through that language's rows,
 *    repeating them when `rows` is larger than the language has);
 *  - `langDump('mix', rows)`: the four languages evenly, one row of each in turn (each drawn as above).
 *
 * One message per line (the corpora's texts have no line breaks).
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
export const WORK = join(ROOT, 'bench/.work');
export const LANGS = ['tha', 'cmn', 'mya', 'eng'];
/** Messages are cut at this many UTF-16 code units (never inside a surrogate pair). */
export const CUT = 400;

let corpora;
/** Every row of data/*.tsv.gz: { corpus, lang, label, text }, in file order. */
export function readCorpora() {
  if (corpora) return corpora;
  corpora = [];
  const files = readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.tsv.gz')).sort();
  for (const f of files) {
    const lines = gunzipSync(readFileSync(join(ROOT, 'data', f))).toString('utf8').split('\n');
    const head = lines[0].split('\t');
    const ti = head.indexOf('text'), li = head.indexOf('lang'), yi = head.indexOf('label');
    for (const l of lines.slice(1)) {
      if (!l) continue;
      const c = l.split('\t');
      corpora.push({ corpus: f.replace('.tsv.gz', ''), lang: c[li], label: c[yi], text: c[ti] });
    }
  }
  return corpora;
}

export function cut(text) {
  if (text.length <= CUT) return text;
  const last = text.charCodeAt(CUT - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? CUT - 1 : CUT);
}

/** An endless, deterministic walk through one language's texts (a prime stride, as the bench's big dump). */
function walker(lang) {
  const texts = readCorpora().filter((r) => r.lang === lang && r.text && r.text.trim() !== '').map((r) => cut(r.text.replace(/\r/g, '')));
  if (texts.length === 0) throw new Error(`dumps: no ${lang} rows in data/`);
  let j = 0;
  return () => {
    const t = texts[j];
    j = (j + 7919) % texts.length;
    return t;
  };
}

/** Path of the dump (built when missing). `lang` is one of LANGS or 'mix'. */
export async function langDump(lang, rows) {
  if (lang !== 'mix' && !LANGS.includes(lang)) throw new Error(`dumps: unknown language ${lang} (expected ${LANGS.join(', ')} or mix)`);
  mkdirSync(WORK, { recursive: true });
  const path = join(WORK, `lang-${lang}-${rows}.txt`);
  if (existsSync(path)) return path;
  const next = lang === 'mix' ? LANGS.map(walker) : [walker(lang)];
  const tmp = `${path}.tmp${process.pid}`;
  const out = createWriteStream(tmp);
  for (let i = 0; i < rows; i++) {
    if (!out.write(next[i % next.length]() + '\n')) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  renameSync(tmp, path);
  return path;
}
