#!/usr/bin/env node
/* eslint-disable no-misleading-character-class -- Myanmar combining marks are listed one by one on purpose: each is matched alone. */
/**
 * Writes data/suite/mya-Zawgyi.jsonl from data/suite/mya.jsonl: the hand-written Burmese cases re-encoded in
 * Zawgyi, the legacy font encoding still common in Myanmar. `node bench/suite-zawgyi.mjs`
 *
 * Unicode → Zawgyi is done here by rule (npm has no converter in that direction that we use): the vowel sign E
 * (U+1031) and medial RA (U+103C) move in front of their consonant, medials, asat, kinzi and stacked consonants
 * take their Zawgyi code points, and the width variants Zawgyi fonts expect are chosen (short NA and RA before
 * lower signs, the wide medial RA over wide consonants, the long U/UU under medials, the shifted dot below).
 * The rules follow the published Rabbit converter's Unicode-to-Zawgyi table.
 *
 * A case is written only if every Zawgyi string in it round-trips through the project's dependency
 * myanmar-tools: the detector gives a Zawgyi probability of at least 0.95, and zawgyiToUnicode gives back
 * exactly the Unicode text (both sides NFC). Cases that fail are listed on stderr and counted.
 *
 * What is written: every `flag`, `pass` and `dir` case (text and variant both in Zawgyi), and `inv:script`
 * cases whose text is a Unicode message of mya.jsonl and whose variant is the same message in Zawgyi.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import tools from 'myanmar-tools';

const MIN_PROBABILITY = 0.95;
const SOURCE = new URL('../data/suite/mya.jsonl', import.meta.url);
const TARGET = new URL('../data/suite/mya-Zawgyi.jsonl', import.meta.url);
const FORM = 'mya-Zawgyi';

/** Cases of mya.jsonl whose text becomes an `inv:script` case (Unicode text vs. the same text in Zawgyi). */
const SCRIPT_SOURCES = [
  'mya-toll_tax_refund-1', 'mya-parcel_fee-3', 'mya-account_verify-2', 'mya-police_customs-2',
  'mya-new_number_family-2', 'mya-task_job-2', 'mya-loan-2', 'mya-prize-1', 'mya-read_code-1',
  'mya-otp_never_share-1', 'mya-bank_alert-1', 'mya-bill-3', 'mya-appointment-1', 'mya-family_chat-3',
  'mya-antifraud_warning-3',
];

const C = '\u1000-\u1021'; // consonants
/** Unicode virama + consonant → Zawgyi stacked (subjoined) consonant. */
const STACKED = {
  '\u1000': '\u1060', '\u1001': '\u1061', '\u1002': '\u1062', '\u1003': '\u1063', '\u1005': '\u1065',
  '\u1006': '\u1066', '\u1007': '\u1068', '\u1008': '\u1069', '\u100B': '\u106C', '\u100C': '\u106D',
  '\u100F': '\u1070', '\u1010': '\u1071', '\u1011': '\u1073', '\u1012': '\u1075', '\u1013': '\u1076',
  '\u1014': '\u1077', '\u1015': '\u1078', '\u1016': '\u1079', '\u1017': '\u107A', '\u1018': '\u107B',
  '\u1019': '\u107C', '\u101C': '\u1085',
};
const ZG_STACK = '\u1060-\u1063\u1065-\u1066\u1068\u1069\u106C\u106D\u1070-\u107C\u1085\u1096';
/** Unicode medials and asat → Zawgyi: asat, ya-pin, ya-yit, wa-hswe, ha-htoe. */
const MEDIAL = { '\u103A': '\u1039', '\u103B': '\u103A', '\u103C': '\u103B', '\u103D': '\u103C', '\u103E': '\u103D' };
/** Consonants wide enough to take the wide ya-yit (medial RA). */
const WIDE = '\u1000\u1003\u1006\u100F\u1010\u1011\u1018\u101A\u101C\u101E\u101F';
const UPPER = '\u102D\u102E\u1032\u1036\u108B\u108C\u108D\u108E'; // Zawgyi marks drawn above

/** [pattern, replacement] applied in order; the first group works on Unicode, the rest on the partly converted text. */
const RULES = [
  // ligatures and single-code-point forms
  [/\u104E\u1004\u103A\u1038/g, '\u104E'],
  [/\u102B\u103A/g, '\u105A'],
  [/\u100B\u1039\u100C/g, '\u1092'], [/\u100B\u1039\u100B/g, '\u1097'], [/\u100D\u1039\u100D/g, '\u106E'],
  [/\u100D\u1039\u100E/g, '\u106F'], [/\u100F\u1039\u100D/g, '\u1091'],
  [/\u1039\u1010\u103D/g, '\u1096'],
  [/\u103F/g, '\u1086'],
  [/\u1026/g, '\u1025\u102E'],
  [/\u102D\u1036/g, '\u108E'],
  // letters with short forms before lower signs
  [/[\u1025\u1009](?=[\u1039\u102F\u1030])/g, '\u106A'],
  [/\u1009(?=\u103A)/g, '\u1025'],
  [/\u100A(?=[\u1039\u102F\u1030\u103D])/g, '\u106B'],
  [/\u1014(?=[\u102F\u1030\u103D\u103E\u1039])/g, '\u108F'],
  [/\u101B(?=[\u102F\u1030\u103D])/g, '\u1090'],
  // kinzi: Unicode writes it before the consonant, Zawgyi after; merged with an I, II or anusvara above
  [new RegExp(`\\u1004\\u103A\\u1039([${C}])`, 'g'), '$1\u1064'],
  [new RegExp(`([${C}])\\u1064\\u102D`, 'g'), '$1\u108B'],
  [new RegExp(`([${C}])\\u1064\\u102E`, 'g'), '$1\u108C'],
  [new RegExp(`([${C}])\\u1064\\u1036`, 'g'), '$1\u108D'],
  // stacked consonants, the long U/UU under them
  [/(\u1039[\u1000-\u1021])\u102F/g, '$1\u1033'],
  [/(\u1039[\u1000-\u1021])\u1030/g, '$1\u1034'],
  [/\u1039([\u1000-\u1021])/g, (m, c) => STACKED[c] ?? m],
  // visual order: E, then medial RA, in front of the consonant (and of its stacked consonant and kinzi)
  [new RegExp(`([${C}\\u1029\\u106A\\u106B\\u108F\\u1090])([${ZG_STACK}\\u1064\\u108B-\\u108D]?)([\\u103B-\\u103E]*)\\u1031`, 'g'),
    '\u1031$1$2$3'],
  [new RegExp(`([${C}\\u1029\\u106A\\u106B\\u108F\\u1090])([${ZG_STACK}\\u1064\\u108B-\\u108D]?)\\u103C`, 'g'), '\u103C$1$2'],
  // medials and asat to Zawgyi code points
  [/[\u103A-\u103E]/g, (m) => MEDIAL[m]],
  [/\u103C\u103D/g, '\u108A'],
  [/\u103D\u102F/g, '\u1088'],
  [/\u103D\u1030/g, '\u1089'],
  // dot below: shifted after lower signs and after NA/RA
  [/([\u102F\u1030\u1014\u101B\u108F\u1090\u103C\u108A\u103D\u1088\u1089])([\u1032\u1036]?)\u1037/g, '$1$2\u1095'],
  [/\u102F\u1095/g, '\u102F\u1094'],
  [new RegExp(`([\\u1014\\u101B\\u108F])([${UPPER}])\\u1037`, 'g'), '$1$2\u1095'],
  [/\u1095\u1039/g, '\u1094\u1039'],
  // long U/UU under ya-yit and ya-pin
  [new RegExp(`(\\u103B[${C}](?:[${UPPER}])?)\\u102F`, 'g'), '$1\u1033'],
  [new RegExp(`(\\u103B[${C}](?:[${UPPER}])?)\\u1030`, 'g'), '$1\u1034'],
  [new RegExp(`(\\u103A(?:[${UPPER}])?)\\u102F`, 'g'), '$1\u1033'],
  [new RegExp(`(\\u103A(?:[${UPPER}])?)\\u1030`, 'g'), '$1\u1034'],
  // ya-yit: wide or narrow, with room for wa-hswe below and a mark above
  [new RegExp(`\\u103B([${WIDE}])([\\u103C\\u108A])([${UPPER}])`, 'g'), '\u1084$1$2$3'],
  [new RegExp(`\\u103B([${WIDE}])([\\u103C\\u108A])`, 'g'), '\u1082$1$2'],
  [new RegExp(`\\u103B([${WIDE}])([${UPPER}])`, 'g'), '\u1080$1$2'],
  [new RegExp(`\\u103B([${WIDE}])`, 'g'), '\u107E$1'],
  [new RegExp(`\\u103B([${C}])([\\u103C\\u108A])([${UPPER}])`, 'g'), '\u1083$1$2$3'],
  [new RegExp(`\\u103B([${C}])([\\u103C\\u108A])`, 'g'), '\u1081$1$2'],
  [new RegExp(`\\u103B([${C}])([${UPPER}])`, 'g'), '\u107F$1$2'],
  // ya-pin with ha-htoe or wa-hswe
  [/\u103A\u103D/g, '\u103D\u103A'],
  [/\u103A([\u103C\u108A])/g, '$1\u107D'],
];

/** Unicode Burmese → Zawgyi, by rule. Text outside the Myanmar block passes unchanged. */
export function unicodeToZawgyi(text) {
  let s = text.normalize('NFC');
  for (const [pattern, replacement] of RULES) s = s.replace(pattern, replacement);
  return s;
}

const detector = new tools.ZawgyiDetector();
const converter = new tools.ZawgyiConverter();

/** Why the Zawgyi string `zg` does not stand for the Unicode string `uni`, or null when it round-trips. */
function roundTripProblem(uni, zg) {
  const p = detector.getZawgyiProbability(zg);
  if (!(p >= MIN_PROBABILITY)) return `probability ${p.toFixed(4)}`;
  const back = converter.zawgyiToUnicode(zg).normalize('NFC');
  if (back !== uni.normalize('NFC')) return `converts back to ${JSON.stringify(back)}`;
  return null;
}

function main() {
  const cases = readFileSync(SOURCE, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const byId = new Map(cases.map((c) => [c.id, c]));
  const out = [];
  const dropped = [];
  let tried = 0;
  const attempt = (id, candidate, pairs) => {
    tried++;
    for (const [uni, zg] of pairs) {
      const problem = roundTripProblem(uni, zg);
      if (problem) return dropped.push(`${id}: ${problem}`);
    }
    out.push(candidate);
  };
  const zgId = (id) => `${FORM}-${id.replace(/^mya-/, '')}`;

  for (const c of cases) {
    if (c.test === 'flag' || c.test === 'pass') {
      const text = unicodeToZawgyi(c.text);
      attempt(c.id, { id: zgId(c.id), form: FORM, test: c.test, capability: c.capability, text }, [[c.text, text]]);
    } else if (c.test === 'dir') {
      const text = unicodeToZawgyi(c.text);
      const variant = unicodeToZawgyi(c.variant);
      attempt(c.id, { id: zgId(c.id), form: FORM, test: 'dir', capability: c.capability, text, variant },
        [[c.text, text], [c.variant, variant]]);
    }
  }
  let n = 0;
  for (const id of SCRIPT_SOURCES) {
    const c = byId.get(id);
    if (!c) throw new Error(`${id}: not in mya.jsonl`);
    const variant = unicodeToZawgyi(c.text);
    attempt(`${id} (inv:script)`,
      { id: `${FORM}-inv-script-${++n}`, form: FORM, test: 'inv', capability: 'inv:script', text: c.text, variant },
      [[c.text, variant]]);
  }

  writeFileSync(TARGET, out.map((c) => JSON.stringify(c)).join('\n') + '\n');
  for (const line of dropped) console.error(`dropped ${line}`);
  console.log(`data/suite/mya-Zawgyi.jsonl: ${out.length} of ${tried} cases kept, ${dropped.length} dropped ` +
    `(Zawgyi probability < ${MIN_PROBABILITY} or no exact round trip through myanmar-tools)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
