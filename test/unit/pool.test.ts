import { ScoringPool } from '../../src/batch/pool.js';
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
    const pool = await ScoringPool.start(2, model, { kind: 'score', settings } as const, (b) => {
      got.push(decoder.decode(b.chunk));
    });
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
    const pool = await ScoringPool.start(2, model, { kind: 'members', settings: ms } as const, (b) => {
      got.push(b.rows);
    });
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
});
