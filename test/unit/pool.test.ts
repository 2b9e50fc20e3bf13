import { ScoringPool, startsWorkers, WORKER_MIN_BYTES, WORKER_MIN_CHARS } from '../../src/batch/pool.js';
import { memberBatch, type MemberOutcome, type MemberSettings } from '../../src/batch/members.js';
import { processBatch, type RowSettings, type WorkItem } from '../../src/batch/rows.js';
import { readModel } from '../../src/io/modelfile.js';

// Hand-written messages (not collected data), one per language, cycled into batches.
const TEXTS = ['ยินดีด้วย คุณได้รับรางวัล กดรับที่ bit.ly/abc', '您的快递已丢失，请联系客服退款', 'ချေးငွေအမြန်ရယူပါ', 'see you at lunch tomorrow'];
const settings: RowSettings = { output: 'jsonl', keepColumns: [], reasons: 3 };
const batchOf = (b: number): WorkItem[] => Array.from({ length: 20 }, (_, i) => ({ row: b * 20 + i + 1, id: String(b * 20 + i + 1), text: TEXTS[(b + i) % TEXTS.length] }));

describe('scoring pool', () => {
  test('with every worker queue full the calling thread scores; batches come back in input order, equal to in-thread scoring', async () => {
    const model = readModel(undefined, { shared: true });
    const got: string[] = [];
    const decoder = new TextDecoder();
    const pool = ScoringPool.start(2, model, { kind: 'score', settings } as const, (b) => {
      got.push(decoder.decode(b.chunk));
    });
    await pool.whenReady();
    // Submitted back to back: the one worker takes two batches, the next ones find its queue full.
    for (let b = 0; b < 8; b++) await pool.submit(batchOf(b));
    await pool.close();
    expect(pool.scoredHere).toBeGreaterThan(0);
    expect(pool.scoredHere).toBeLessThan(8);
    const expected = Array.from({ length: 8 }, (_, b) => decoder.decode(processBatch(model, batchOf(b), settings).chunk));
    expect(got).toEqual(expected);
  }, 60_000);

  test('members for campaigns: the same rows, in input order, equal to in-thread grouping input', async () => {
    const model = readModel(undefined, { shared: true });
    const ms: MemberSettings = { threshold: { minLabel: 'medium', minScore: 0 }, rowOffset: 100 };
    const got: MemberOutcome[][] = [];
    const pool = ScoringPool.start(2, model, { kind: 'members', settings: ms } as const, (b) => {
      got.push(b.rows);
    });
    await pool.whenReady();
    for (let b = 0; b < 8; b++) await pool.submit(batchOf(b));
    await pool.close();
    expect(pool.scoredHere).toBeGreaterThan(0);
    const expected = Array.from({ length: 8 }, (_, b) => memberBatch(model, batchOf(b), ms));
    expect(got).toEqual(expected);
    // Some rows are risky (members with shingles and the shard offset), some are not.
    const rows = got.flat();
    expect(rows.some((r) => r.member !== undefined && r.member.row === r.row + 100 && r.member.shingles.length > 0)).toBe(true);
    expect(rows.some((r) => r.member === undefined && r.label === 'low')).toBe(true);
  }, 60_000);

  test('workers start only for a long input: a file of 8 MB or more before its first batch, input of unknown size after 2,000,000 characters', () => {
    expect(startsWorkers(0, WORKER_MIN_BYTES, 0)).toBe(true);
    expect(startsWorkers(1, WORKER_MIN_BYTES - 1, 0)).toBe(false);
    expect(startsWorkers(0, undefined, WORKER_MIN_CHARS)).toBe(false);
    // A known small file never starts them, however its characters are counted.
    expect(startsWorkers(100, 5 << 20, WORKER_MIN_CHARS * 2)).toBe(false);
    expect(startsWorkers(5, undefined, WORKER_MIN_CHARS - 1)).toBe(false);
    expect(startsWorkers(5, undefined, WORKER_MIN_CHARS)).toBe(true);
  });

  test('one batch, or a short file, is scored here without a thread; a long one starts a worker in the background while batches go on here', async () => {
    const model = readModel(undefined, { shared: true });
    const decoder = new TextDecoder();
    const expected = (n: number) => Array.from({ length: n }, (_, b) => decoder.decode(processBatch(model, batchOf(b), settings).chunk));
    for (const inputBytes of [undefined, 1 << 20]) {
      const got: string[] = [];
      const short = ScoringPool.start(2, model, { kind: 'score', settings } as const, (b) => void got.push(decoder.decode(b.chunk)), { inputBytes });
      for (let b = 0; b < 3; b++) await short.submit(batchOf(b));
      await short.close();
      expect(short.workersStarted).toBe(0);
      expect(got).toEqual(expected(3));
    }
    // Submitted right after the worker is started: it cannot be ready yet, so this thread scores them all, in order.
    const got: string[] = [];
    const pool = ScoringPool.start(2, model, { kind: 'score', settings } as const, (b) => void got.push(decoder.decode(b.chunk)), { inputBytes: WORKER_MIN_BYTES });
    expect(pool.workersStarted).toBe(0);
    for (let b = 0; b < 4; b++) await pool.submit(batchOf(b));
    expect(pool.workersStarted).toBe(1);
    expect(pool.scoredHere).toBe(4);
    await pool.close();
    expect(got).toEqual(expected(4));
  }, 60_000);

  test('a worker that cannot start is named in one warning and its share is scored on this thread', async () => {
    const model = readModel(undefined, { shared: true });
    const warnings: string[] = [];
    const got: number[] = [];
    // A structured-clone failure of the task makes the worker fail before it is ready.
    const task = { kind: 'score', settings: { ...settings, bad: () => 0 } } as unknown as { kind: 'score'; settings: RowSettings };
    const pool = ScoringPool.start(2, model, task, (b) => void got.push(b.labels.length), { warn: (m) => warnings.push(m) });
    for (let b = 0; b < 2; b++) await pool.submit(batchOf(b));
    await pool.whenReady();
    for (let b = 2; b < 6; b++) await pool.submit(batchOf(b));
    await pool.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^a scoring thread could not start \(.+\); scoring on the others$/);
    expect(pool.scoredHere).toBe(6);
    expect(got).toEqual([20, 20, 20, 20, 20, 20]);
  }, 60_000);
});
