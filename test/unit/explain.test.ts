import { explain } from '../../src/explain.js';
import { readModel } from '../../src/io/modelfile.js';
import { featureIndex } from '../../src/features/index.js';
import type { Model } from '../../src/model/format.js';
import { join } from 'node:path';

const tiny = readModel(join(process.cwd(), 'test/fixtures/models/tiny.model.json'));

/** The tiny fixture model with every weight zeroed except one planted feature. */
function planted(feature: string, weight: number): Model {
  const weights = new Float32Array(tiny.linear.weights.length);
  weights[featureIndex(feature, tiny.features)] = weight;
  return { ...tiny, linear: { weights, bias: 0 } };
}

// Hand-written messages, not collected data.
describe('explain', () => {
  test('the top feature is the one planted in the model, with its span in the original message', () => {
    const msg = 'Dear customer, verify now at bit.ly/x9 or lose access';
    const e = explain(planted('u:shortener', 5), msg);
    expect(e.features[0].feature).toBe('u:shortener');
    expect(e.features[0].weight).toBe(5);
    expect(e.features[0].text).toBe('bit.ly/x9');
    expect(msg.slice(...e.features[0].span!)).toBe('bit.ly/x9');
    expect(e.features.slice(1).every((f) => f.contribution === 0)).toBe(true);
  });

  test('Zawgyi input: spans of digits, phones and money land exactly on them although conversion changes the length', () => {
    // Hand-written Zawgyi: "greetings, world bank interest rate, money 50000 kyat, you get it, phone 09123456789".
    const msg = 'မဂၤလာပါ ကမၻာ့ဘဏ္ အတိုးႏႈန္း ေငြ 50000 က်ပ္ ရမည္ ဖုန္း 09123456789';
    const e = explain(planted('e:money', 4), msg);
    expect(e.zawgyi).toBe(true);
    expect(e.normalized.length).not.toBe(msg.length);
    expect(e.features[0].feature).toBe('e:money');
    expect(msg.slice(...e.features[0].span!)).toBe('50000 က်ပ္');
    const phone = e.entities.find((x) => x.kind === 'phone')!;
    expect(phone.text).toBe('09123456789');
    const number = explain(planted('p:mm-mobile', 4), msg).features[0];
    expect(msg.slice(...number.span!)).toBe('09123456789');
  });

  test('spans point into the original text even after zero-width characters are removed', () => {
    const msg = 'คลิก\u200bรับ\u200bรางวัล';
    const e = explain(planted('w:รางวัล', 3), msg);
    expect(e.normalized).toBe('คลิกรับรางวัล');
    expect(e.features[0].text).toBe('รางวัล');
  });

  test('every stage is reported: normalized text, language, tokens with original spans', () => {
    const e = explain(tiny, '您的帳戶 請點擊 www.example.com');
    expect(e.traditional).toBe(true);
    expect(e.normalized).toBe('您的账户 请点击 www.example.com');
    expect(e.lang).toBe('cmn');
    const url = e.tokens.find((t) => t.kind === 'url')!;
    expect(url.original).toBe('www.example.com');
    expect(e.score).toBeGreaterThanOrEqual(0);
    expect(['high', 'medium', 'low']).toContain(e.label);
  });
});
