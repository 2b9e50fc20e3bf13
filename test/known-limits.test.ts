/**
 * Known limits of the shipped model (and one of normalization), written down as tests that are EXPECTED TO
 * FAIL (jest `test.failing`). Each names a hand-written message (test/fixtures/messages.ts) the model gets
 * wrong today and why. When a better model gets one right, its test starts "failing" here: move it into the
 * golden cases.
 */
import { readModel } from '../src/io/modelfile.js';
import { scoreText } from '../src/score.js';
import { normalize } from '../src/normalize/index.js';

const model = readModel();

describe('known limits: corpus artifacts', () => {
  // zh-hrwhisper's ads open with greetings while its ham rows are sentence fragments, so a greeting alone
  // reads as an ad. A model that has unlearned this makes this test "fail": then move it to the golden cases.
  test.failing('a bare Chinese greeting is not high risk', () => {
    expect(scoreText(model, '你好').label).not.toBe('high');
  });
});

describe('known limits: normalization of non-text', () => {
  // The Zawgyi detector reads the message before digits are folded: here a Shan digit (U+1091) keeps it under
  // the threshold, folded to "1" it tips over, so normalizing the result again converts it. Only junk mixes of
  // Shan digits, Zawgyi-range marks and foreign combining marks do this (none of the 14,856 Burmese rows in
  // data/); deciding on the folded text changes the normalization of 3 real rows. When fixed, this "fails".
  test.failing('normalization is idempotent on a Shan digit among Zawgyi-range marks', () => {
    const once = normalize('\u1091\u1064\u0591').text;
    expect(normalize(once).text).toBe(once);
  });
});
