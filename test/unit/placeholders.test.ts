/**
 * Corpus placeholders (zh-telecom-fraud, zh-fbs, zh-nus mask entities as DIGIT, URL, CELLPHONE, WECHAT, NAME…):
 * read as the entity they mask, or dropped, so masking cannot tell the model which corpus a row came from.
 * Messages are HAND-WRITTEN in the corpora's style.
 */
import { tokenize } from '../../src/tokenize/index.js';
import { hashFeatures, DEFAULT_FEATURES } from '../../src/features/index.js';

const kinds = (text: string) => tokenize(text).filter((t) => t.kind !== 'word').map((t) => `${t.kind}:${t.detail ?? ''}`);
const words = (text: string) => tokenize(text).filter((t) => t.kind === 'word').map((t) => t.text);

describe('corpus placeholders', () => {
  test('URL, glued to a link fragment or not, is a masked link; DIGIT a masked number; CELLPHONE a phone; WECHAT and QQ messenger IDs', () => {
    expect(kinds('登录URL领取')).toEqual(['url:masked']);
    expect(kinds('网址URLgad凭手机号')).toEqual(['url:masked']);
    expect(kinds('充DIGIT元')).toEqual(['number:masked']);
    expect(kinds('致电CELLPHONE咨询')).toEqual(['phone:masked']);
    expect(kinds('加WECHAT详聊')).toEqual(['messenger:wechat']);
    expect(kinds('加QQ详聊')).toEqual(['messenger:qq']);
  });

  test('NAME, PLACE, BANK and XXX leave no token at all', () => {
    expect(tokenize('NAME您好PLACE的BANK客户XXX').filter((t) => t.script === 'latin')).toEqual([]);
  });

  test('a masked link says only that there was a link (no suffix or host features)', () => {
    const names = hashFeatures(tokenize('登录URL领取'), 'cmn', DEFAULT_FEATURES).toArray().map(([n]) => n);
    expect(names).toContain('u:any');
    expect(names.some((n) => n.startsWith('u:tld:') || n.startsWith('u:host:'))).toBe(false);
  });

  test('in text without Han characters the same capitals are words', () => {
    expect(words('BANK ALERT: your NAME is on the list')).toEqual(expect.arrayContaining(['bank', 'name']));
    expect(kinds('Visit the URL below')).toEqual([]);
  });
});
