import { readModel } from '../../src/io/modelfile.js';
import { readPatterns } from '../../src/io/patterns.js';
import { analyze } from '../../src/analyze.js';
import { scoreText } from '../../src/score.js';
import { normalizeText } from '../../src/normalize/index.js';
import { compilePatterns, matchPatterns, SCAM_TYPES, type ScamType } from '../../src/patterns/index.js';
import { canonicalType, evaluateTypes, predictType, typeConfidences, type TypeModel } from '../../src/model/types.js';
import { TYPED } from '../fixtures/typed-messages.js';

const model = readModel();
const types = model.types!;
const patterns = readPatterns();

function predicted(text: string): ScamType {
  const a = analyze(text, model.features, false);
  return predictType(types, a.lang.lang, a.normalized.text, a.features).type;
}

describe('scam types: the shipped model', () => {
  test('carries the lexicon of src/patterns (retrain after editing a lexicon)', () => {
    expect(types.patterns).toEqual(patterns);
  });

  test('every pattern types its own example by itself (lexicon only)', () => {
    const set = compilePatterns(patterns);
    const lexiconOnly: TypeModel = { ...types, byLang: {} };
    // Intent cue patterns (src/patterns/cues.json) are not type evidence.
    const wrong = patterns.filter((p) => !p.cue).filter((p) => {
      const text = normalizeText(p.example).text;
      return predictType(lexiconOnly, 'und', text, undefined).type !== p.type || !matchPatterns(set, text).some((h) => h.id === p.id);
    });
    expect(wrong.map((p) => p.id)).toEqual([]);
  });

  test('with the learned classes too, at least 95% of the pattern examples keep their type', () => {
    const typed = patterns.filter((p) => !p.cue);
    const ok = typed.filter((p) => predicted(p.example) === p.type).length;
    expect(ok / typed.length).toBeGreaterThanOrEqual(0.95);
  });

  // HAND-WRITTEN messages (test/fixtures/typed-messages.ts), written apart from the lexicon examples.
  describe.each(Object.entries(TYPED))('%s: hand-written messages', (lang, { typed, ham }) => {
    test('at least 85% get their type, and every type at least 2 of its 3', () => {
      const pairs = typed.map(([gold, text]) => ({ gold, predicted: predicted(text), lang }));
      const e = evaluateTypes(pairs);
      expect(e.accuracy).toBeGreaterThanOrEqual(0.85);
      const weak = SCAM_TYPES.filter((t) => t !== 'other' && pairs.filter((p) => p.gold === t && p.predicted === t).length < 2);
      expect(weak).toEqual([]);
    });

    test('ham is scored low and then gets no type', () => {
      const scored = ham.map((h) => scoreText(model, h));
      expect(scored.filter((s) => s.label === 'low').length).toBeGreaterThanOrEqual(ham.length - 1);
      for (const s of scored) if (s.label === 'low') expect(s.type).toBeUndefined();
    });
  });

  test('a risky message gets a type with its reasons and spans in the original text', () => {
    // Hand-written: a Traditional Chinese fake-police message.
    const text = '您好，我是公安局的，您的帳戶涉嫌洗錢，請把資金轉入安全帳戶配合調查。';
    const s = scoreText(model, text);
    expect(s.label).not.toBe('low');
    expect(s.type?.name).toBe('impersonation_authority');
    const r = s.type!.reasons.find((x) => x.pattern === 'cmn.authority.safe_account')!;
    const [a, b] = r.spans![0];
    expect(text.slice(a, b)).toBe('安全帳戶');
  });
});

describe('scam types: combination rules', () => {
  const lexicon = compilePatterns([
    // Hand-written patterns.
    { id: 'x.gamble', type: 'gambling', weight: 3, any: ['baccarat'], example: 'baccarat' },
    { id: 'x.loan', type: 'loan', weight: 1, any: ['loan'], example: 'loan' },
  ]);
  const weights = new Float32Array(1 << 8);
  const m: TypeModel = {
    bits: 8,
    patterns: lexicon.patterns,
    // A learned class that is sure of "promo" whatever the text (bias only).
    byLang: { eng: [{ type: 'promo', bias: 5, weights }] },
    scale: 2,
    minConfidence: 0.3,
    alsoAbove: 0.5,
  };
  const x = { indices: new Uint32Array(0), values: new Float32Array(0) };

  test('pattern evidence for a type the learned classes do not know discounts them', () => {
    const c = typeConfidences(m, 'eng', x, matchPatterns(lexicon, 'play baccarat'));
    expect(c.get('gambling')).toBeCloseTo(1 - Math.exp(-1.5), 6);
    expect(c.get('promo')!).toBeLessThan(c.get('gambling')!);
    expect(predictType(m, 'eng', 'play baccarat', x).type).toBe('gambling');
  });

  test('without evidence the learned class decides; below the cut-off it is `other`', () => {
    expect(predictType(m, 'eng', 'hello', x).type).toBe('promo');
    expect(predictType({ ...m, byLang: {} }, 'eng', 'hello', x).type).toBe('other');
  });

  test('corpus type names map to the taxonomy; coarse ones are dropped', () => {
    expect(canonicalType('impersonation_service')).toBe('impersonation_bank_service');
    expect(canonicalType('job')).toBe('job_task');
    expect(canonicalType('otp_theft')).toBe('phishing_otp');
    expect(canonicalType('phishing')).toBeUndefined();
    expect(canonicalType('gambling')).toBe('gambling');
    expect(canonicalType('lottery')).toBeUndefined();
  });

  test('per-type precision/recall and the confusion come from the pairs', () => {
    const e = evaluateTypes([
      { gold: 'loan', predicted: 'loan', lang: 'cmn' },
      { gold: 'loan', predicted: 'promo', lang: 'cmn' },
      { gold: 'promo', predicted: 'promo', lang: 'cmn' },
    ]);
    expect(e.accuracy).toBeCloseTo(2 / 3, 4);
    expect(e.byType.loan).toEqual({ n: 2, predicted: 1, precision: 1, recall: 0.5, f1: 0.6667 });
    expect(e.byType.promo).toEqual({ n: 1, predicted: 2, precision: 0.5, recall: 1, f1: 0.6667 });
    expect(e.confusion).toEqual({ loan: { loan: 1, promo: 1 }, promo: { promo: 1 } });
  });
});
