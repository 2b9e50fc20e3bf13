/** Incremental retraining (--init) and inspect, on hand-written fixture data. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './harness.js';
import { readModel } from '../../src/io/modelfile.js';
import { scoreText } from '../../src/score.js';

const corpus = join(process.cwd(), 'test/fixtures/tiny-corpus.tsv');

// Hand-written "new" labeled data in a scam style the tiny corpus has never seen.
const NEW_ROWS = [
  ['n1', 'eng', 'scam', 'gold', 'Your parcel is held at customs, pay the release fee at parcel-fee.top'],
  ['n2', 'eng', 'scam', 'gold', 'Parcel delivery failed, pay redelivery fee now parcel-fee.top'],
  ['n3', 'eng', 'scam', 'gold', 'Customs fee unpaid for your parcel, settle at parcel-fee.top today'],
  ['n4', 'eng', 'ham', 'gold', 'The plumber comes on Tuesday morning'],
  ['n5', 'eng', 'ham', 'gold', 'Dinner at grandma on Sunday, bring the salad'],
  ['n6', 'eng', 'ham', 'gold', 'Meeting moved to room 4 after lunch'],
];

describe('train --init', () => {
  test('the continued model scores the new examples better than the model it started from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scamscan-'));
    const base = join(dir, 'base.json');
    const next = join(dir, 'next.json');
    const fresh = join(dir, 'new.tsv');
    writeFileSync(fresh, ['id\tlang\tlabel\tquality\ttext', ...NEW_ROWS.map((r) => r.join('\t'))].join('\n') + '\n');
    expect((await run(['train', corpus, '-o', base, '--bits', '12', '--epochs', '20', '-q'])).code).toBe(0);
    const r = await run(['train', '--init', base, '-i', fresh, '-o', next, '--epochs', '20', '-q', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const before = readModel(base);
    const after = readModel(next);
    expect(after.features).toEqual(before.features);
    // Naive-Bayes scaling: the default for a new model, the parent's setting for a continued one.
    expect(before.train.nb).toBe(0.5);
    expect(after.train.nb).toBe(0.5);
    expect(after.data.corpora.map((c) => c.name)).toEqual(['tiny-corpus', 'new']);
    // Log-loss on the new examples drops.
    const loss = (m: typeof before) =>
      NEW_ROWS.reduce((s, row) => {
        const p = Math.min(1 - 1e-6, Math.max(1e-6, scoreText(m, row[4], 0).score));
        return s - Math.log(row[2] === 'scam' ? p : 1 - p);
      }, 0);
    expect(loss(after)).toBeLessThan(loss(before));
  });

  test('--nb outside 0–100 is a usage error', async () => {
    const r = await run(['train', corpus, '-o', '/tmp/x.json', '--nb', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('scamscan: --nb: expected a number 0–100; found "lots"\n');
  });

  test('--init with --bits is a usage error', async () => {
    const r = await run(['train', '--init', 'test/fixtures/models/tiny.model.json', corpus, '-o', '/tmp/x.json', '--bits', '12']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('scamscan: --init keeps the feature configuration of the model it continues; drop --bits/--char-ngrams/--no-pattern-features\n');
  });
});

describe('inspect', () => {
  test('prints header, config, split and metrics; --json is machine-readable', async () => {
    const r = await run(['inspect', 'test/fixtures/models/tiny.model.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('format     scamscan-model v1, written by scamscan fixture');
    expect(r.stdout).toContain('features   2^10 buckets');
    expect(r.stdout).toMatch(/^training   FTRL .*, naive-Bayes scaling 0$/m); // a version 1 file: no scaling
    const j = JSON.parse((await run(['inspect', 'test/fixtures/models/tiny.model.json', '--json'])).stdout);
    expect(j.format).toBe('scamscan-model');
    expect(j.weights.buckets).toBe(1024);
    const bin = await run(['inspect', 'test/fixtures/models/tiny.model']);
    expect(bin.code).toBe(0);
    expect(bin.stdout).toContain('format     scamscan-model v4, written by scamscan fixture');
  });

  test('a broken model file is one line and exit 1', async () => {
    const r = await run(['inspect', 'test/fixtures/models/newer-version.model.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('scamscan: test/fixtures/models/newer-version.model.json: model format version 99 is newer than this scamscan reads (6); upgrade scamscan\n');
  });
});
