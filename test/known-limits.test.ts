/**
 * Known limits of the shipped model, written down as tests that are EXPECTED TO FAIL (jest `test.failing`).
 * Each names a hand-written message (test/fixtures/messages.ts) the model gets wrong today and why. When a
 * better model gets one right, its test starts "failing" here: move it into the golden cases.
 */
import { readModel } from '../src/io/modelfile.js';
import { scoreText } from '../src/score.js';
import { HAND_WRITTEN } from './fixtures/messages.js';

const model = readModel();

describe('known limits of the shipped model', () => {
  // The Chinese positives are ~2015 ads (zh-hrwhisper) and generated call scripts (zh-telecom-fraud); a modern
  // bank-phishing SMS with a link looks like neither, and "点击链接" is common in the operator SMS used as ham.
  test.failing('modern Chinese bank phishing with a link is high risk', () => {
    expect(scoreText(model, HAND_WRITTEN.cmn.scam).label).toBe('high');
  });
});

describe('known limits: corpus artifacts', () => {
  // zh-hrwhisper's ads open with greetings while its ham rows are sentence fragments, so a greeting alone
  // reads as an ad. A model that has unlearned this makes this test "fail": then move it to the golden cases.
  test.failing('a bare Chinese greeting is not high risk', () => {
    expect(scoreText(model, '你好').label).not.toBe('high');
  });
});
