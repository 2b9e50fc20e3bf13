import { readModel, writeModel } from '../../src/io/modelfile.js';
import { MODEL_VERSION, parseModel, serializeModel, trainSettings, type Model } from '../../src/model/format.js';
import { weightOf } from '../../src/model/linear.js';
import { UserError } from '../../src/io/errors.js';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = join(process.cwd(), 'test/fixtures/models');
const fixture = (name: string) => join(dir, name);

/** Same model, with each weight within half an int16 step (a file written today quantizes float32 weights). */
function expectSameModel(again: Model, m: Model): void {
  const step = again.linear.scale ?? 0;
  expect(again.linear.weights).toHaveLength(m.linear.weights.length);
  for (let j = 0; j < m.linear.weights.length; j++) expect(Math.abs(weightOf(again.linear, j) - weightOf(m.linear, j))).toBeLessThanOrEqual(step / 2 + 1e-9);
  const { linear: a, version: _b, types: ta, ...restM } = m;
  const { linear: c, version: _d, types: tc, ...restAgain } = again;
  expect(restAgain).toEqual(restM);
  expect(c.bias).toBe(a.bias);
  const { byLang: la, ...typesM } = ta ?? { byLang: {} };
  const { byLang: lc, ...typesAgain } = tc ?? { byLang: {} };
  expect(typesAgain).toEqual(typesM);
  expect(Object.keys(lc)).toEqual(Object.keys(la));
}

/** A version-6 file with its header changed by `edit` (the data block kept). */
function withHeader(bytes: Uint8Array, edit: (h: Record<string, any>) => void): Buffer {
  const b = Buffer.from(bytes);
  const length = b.readUInt32LE(12);
  const h = JSON.parse(b.subarray(16, 16 + length).toString('latin1'));
  edit(h);
  const header = Buffer.from(JSON.stringify(h).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')), 'latin1');
  const start = Math.ceil((16 + header.length) / 8) * 8;
  const out = Buffer.alloc(start + b.length - Math.ceil((16 + length) / 8) * 8);
  b.copy(out, 0, 0, 12);
  out.writeUInt32LE(header.length, 12);
  header.copy(out, 16);
  b.copy(out, start, Math.ceil((16 + length) / 8) * 8);
  return out;
}

describe('model file', () => {
  test('a valid file loads; written again it is the current version with the same content, and stable', () => {
    const bytes = readFileSync(fixture('tiny.model'));
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('SCAMSCAN');
    const m = parseModel(bytes);
    expect(m.version).toBe(4);
    expect(m.features.bits).toBe(10);
    expect(m.linear.weights).toHaveLength(1024);
    const written = Buffer.from(serializeModel(m));
    const again = parseModel(written);
    expect(again.version).toBe(MODEL_VERSION);
    expectSameModel(again, m);
    expect(Buffer.from(serializeModel(again)).equals(written)).toBe(true);
  });

  test('an all-JSON file of an earlier version loads, and is written back in the current version with the same content', () => {
    const old = parseModel(readFileSync(fixture('tiny.model.json'), 'utf8'));
    expect(old.version).toBe(1);
    const again = parseModel(serializeModel(old));
    expect(again.version).toBe(MODEL_VERSION);
    expectSameModel(again, old);
  });

  test('version 6 stores every weight vector as int16 steps, used in place: a weight read back is within half a step', () => {
    const m = readModel(fixture('tiny.model'));
    const again = parseModel(serializeModel(m));
    expect(again.linear.weights).toBeInstanceOf(Int16Array);
    expect(again.linear.scale).toBeGreaterThan(0);
    let max = 0;
    for (const w of m.linear.weights) max = Math.max(max, Math.abs(w));
    expect(again.linear.scale).toBeCloseTo(max / 32767, 12);
    const shipped = readModel();
    expect(shipped.version).toBe(6);
    expect(shipped.linear.weights).toBeInstanceOf(Int16Array);
    for (const c of Object.values(shipped.types?.byLang ?? {}).flat()) expect(c.weights).toBeInstanceOf(Int16Array);
  });

  test('read with { shared: true }, the weights sit in shared memory (posted to worker threads uncopied), same values', () => {
    // The shipped model: it has scam-type weights too. (Jest runs tests in another realm: compare tags.)
    const tag = (x: unknown) => Object.prototype.toString.call(x);
    const plain = readModel();
    const shared = readModel(undefined, { shared: true });
    expect(tag(plain.linear.weights.buffer)).toBe('[object ArrayBuffer]');
    expect(tag(shared.linear.weights.buffer)).toBe('[object SharedArrayBuffer]');
    expect(shared.linear.weights).toEqual(plain.linear.weights);
    const typeWeights = Object.values(shared.types?.byLang ?? {}).flat().map((c) => c.weights);
    expect(typeWeights.length).toBeGreaterThan(0);
    expect(typeWeights.every((w) => tag(w.buffer) === '[object SharedArrayBuffer]')).toBe(true);
    expect(Buffer.from(serializeModel(shared)).equals(Buffer.from(serializeModel(plain)))).toBe(true);
  });

  test('the header is written as ASCII and reads back the same; UTF-8 JSON files (older or hand-edited) still read', () => {
    // Hand-written feature names in the four scripts, plus an astral character (a surrogate pair in JSON).
    const top = { tha: [{ feature: 'w:พัสดุ', weight: 1.5 }], cmn: [{ feature: 'h:账户', weight: 2 }], mya: [{ feature: 'w:ငွေ', weight: -1 }], eng: [{ feature: 'w:prize🎁', weight: 0.5 }] };
    const base = JSON.parse(readFileSync(fixture('tiny.model.json'), 'utf8'));
    const m = parseModel(JSON.stringify({ ...base, top }));
    const bytes = Buffer.from(serializeModel(m));
    const header = bytes.subarray(16, 16 + bytes.readUInt32LE(12)).toString('latin1');
    expect(header).toMatch(/^[\x00-\x7f]*$/);
    expect(header).toContain('"w:\\u0e1e\\u0e31\\u0e2a\\u0e14\\u0e38"');
    expect(parseModel(bytes).top).toEqual(top);
    const tmp = mkdtempSync(join(tmpdir(), 'scamscan-'));
    writeModel(m, join(tmp, 'ascii.model'));
    expect(readModel(join(tmp, 'ascii.model')).top).toEqual(top);
    writeFileSync(join(tmp, 'utf8.json'), JSON.stringify({ ...base, top }, null, 1));
    expect(readFileSync(join(tmp, 'utf8.json'), 'utf8')).toContain('พัสดุ');
    const fromUtf8 = readModel(join(tmp, 'utf8.json'));
    expect(fromUtf8.top).toEqual(top);
    expect(Array.from(fromUtf8.linear.weights)).toEqual(Array.from(m.linear.weights));
  });

  test.each([
    // All-JSON files (versions 1–3)
    ['truncated.model.json', /: not a scamscan model: expected JSON or a binary scamscan model, found invalid JSON/],
    ['newer-version.model.json', /: model format version 99 is newer than this scamscan reads \(6\); upgrade scamscan$/],
    ['wrong-format.model.json', /: not a scamscan model: expected format "scamscan-model", found "fasttext"$/],
    ['proto-pollution.model.json', /: invalid model file: forbidden key "__proto__"$/],
    ['absurd-size.model.json', /: invalid model file: weights: expected 99999999 entries/],
    ['nan-weight.model.json', /: invalid model file: weights: entry 0 is out of range or not finite$/],
    ['not-json.model.json', /: not a scamscan model: expected JSON or a binary scamscan model, found invalid JSON/],
    ['empty.model.json', /: not a scamscan model: expected JSON or a binary scamscan model, found an empty file$/],
    // Binary files (version 4; version 6 below)
    ['bin-truncated.model', /: invalid model file: weights: expected 128 entries at data offset 0, found 924 bytes of data \(truncated\?\)$/],
    ['bin-short-header.model', /: invalid model file: expected a \d+-byte header, found 184 bytes \(truncated\?\)$/],
    ['bin-newer-version.model', /: model format version 99 is newer than this scamscan reads \(6\); upgrade scamscan$/],
    ['bin-version-mismatch.model', /: invalid model file: the header says version 3, the preamble 4$/],
    ['bin-proto-pollution.model', /: invalid model file: forbidden key "__proto__"$/],
    ['bin-absurd-size.model', /: invalid model file: weights: 99999999 entries exceed 1024 buckets$/],
    ['bin-outside-data.model', /: invalid model file: weights: expected 128 entries at data offset 1073741824, found 1024 bytes of data \(truncated\?\)$/],
    ['bin-nan-weight.model', /: invalid model file: weights: entry 0 is out of order, out of range or not finite$/],
    ['bin-unsorted.model', /: invalid model file: weights: entry 1 is out of order, out of range or not finite$/],
  ])('%s is refused with one clear line', (name, message) => {
    let err: unknown;
    try {
      readModel(fixture(name));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(1);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a version-6 file cut short, or with a step that is not a positive number, is refused with one clear line', () => {
    const bytes = serializeModel(readModel(fixture('tiny.model')));
    expect(() => parseModel(bytes.subarray(0, bytes.length - 10))).toThrow(/^invalid model file: weights: expected 1024 weights at data offset 0, found \d+ bytes of data \(truncated\?\)$/);
    expect(() => parseModel(withHeader(bytes, (h) => (h.weights.scale = 0)))).toThrow(/^invalid model file: weights\.scale: .*0/);
    expect(() => parseModel(withHeader(bytes, (h) => (h.weights.offset = 4)))).toThrow(/^invalid model file: weights: expected 1024 weights at data offset 4/);
    expect(() => parseModel(withHeader(bytes, (h) => (h.weights = { count: 3, offset: 0 })))).toThrow(/^invalid model file: weights\.(scale|count)/);
    expect(parseModel(withHeader(bytes, () => {})).linear.weights).toEqual(parseModel(bytes).linear.weights);
  });

  test('a field of the wrong type or an unknown field is named, with what was expected', () => {
    const text = readFileSync(fixture('tiny.model.json'), 'utf8');
    const withBits = JSON.parse(text);
    withBits.features.bits = 'many';
    expect(() => parseModel(JSON.stringify(withBits))).toThrow(/^invalid model file: features\.bits: .*[Ee]xpected number.*"many"/);
    const withExtra = { ...JSON.parse(text), extra: 1 };
    expect(() => parseModel(JSON.stringify(withExtra))).toThrow('invalid model file: extra: unknown field (not part of the format)');
    const badLang = JSON.parse(text);
    badLang.thresholds.klingon = { high: 0.9, medium: 0.5 };
    expect(() => parseModel(JSON.stringify(badLang))).toThrow(/^invalid model file: thresholds\.klingon: /);
    const badNb = JSON.parse(text);
    badNb.train.nb = -1;
    expect(() => parseModel(JSON.stringify(badNb))).toThrow(/^invalid model file: train\.nb: .*-1/);
  });

  test('writes are atomic: no temp file is left behind, the target is complete', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'scamscan-'));
    const m = readModel(fixture('tiny.model'));
    writeModel(m, join(tmp, 'm.model'));
    expect(readdirSync(tmp)).toEqual(['m.model']);
    // The fixture is a version-4 file; written again it is the same model in the current version.
    const written = readFileSync(join(tmp, 'm.model'));
    expect(written.equals(Buffer.from(serializeModel(m)))).toBe(true);
    expect(Buffer.from(serializeModel(readModel(join(tmp, 'm.model')))).equals(written)).toBe(true);
  });

  test('training settings: a file from before version 3 was trained without naive-Bayes scaling', () => {
    expect(trainSettings(readModel(fixture('tiny.model.json'))).nb).toBe(0); // version 1, no train.nb
    expect(trainSettings(readModel()).nb).toBe(0.5); // the shipped model
  });

  test('writing to a missing folder is a user error', () => {
    const m = readModel(fixture('tiny.model.json'));
    expect(() => writeModel(m, '/nonexistent/dir/m.json')).toThrow(UserError);
  });
});
