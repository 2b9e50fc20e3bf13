import fc from 'fast-check';
import { detectLanguage, stripUrlish, URLISH } from '../../src/lang/index.js';
import { HAND_WRITTEN } from '../fixtures/messages.js';

// Hand-written examples (fixtures/messages.ts), not collected data.
describe('detectLanguage', () => {
  test.each([
    ['tha', HAND_WRITTEN.tha.scam],
    ['tha', HAND_WRITTEN.tha.ham],
    ['cmn', HAND_WRITTEN.cmn.scam],
    ['cmn', HAND_WRITTEN.cmn.ham],
    ['mya', HAND_WRITTEN.mya.scam],
    ['mya', HAND_WRITTEN.mya.ham],
    ['eng', HAND_WRITTEN.eng.scam],
    ['eng', HAND_WRITTEN.eng.ham],
  ])('%s: %s', (lang, text) => {
    expect(detectLanguage(text).lang).toBe(lang);
  });

  test('a URL does not outvote a short Thai message', () => {
    expect(detectLanguage('คลิก https://www.example-verification-service.com/login').lang).toBe('tha');
  });

  test('short English stays English; no letters is und', () => {
    expect(detectLanguage('ok').lang).toBe('eng');
    expect(detectLanguage('12345 !!!').lang).toBe('und');
  });

  test('long Latin text without common English words goes to franc (loaded on first use): English stays, others are und', () => {
    // Hand-written examples, not collected data.
    expect(detectLanguage('Félicitations vous avez gagné un prix de mille euros veuillez appeler ce numéro immédiatement').lang).toBe('und');
    expect(detectLanguage('Selamat anda mendapatkan hadiah uang tunai sebesar lima juta rupiah silakan hubungi nomor berikut segera').lang).toBe('und');
    expect(detectLanguage('Congratulations winner claim prize money immediately before expiry tomorrow evening').lang).toBe('eng');
  });

  // Hand-written examples, not collected data: long Latin messages in other languages still reach franc and come
  // out und; English chat slang with few textbook words is English without franc.
  test.each([
    'Tahniah anda telah memenangi hadiah wang tunai, sila hubungi kami untuk tuntutan hadiah anda hari ini',
    'Ikaw ay nanalo ng premyo mula sa aming kumpanya, i-click ang link para makuha ang iyong premyo ngayon',
    'Hola, te escribo para decirte que has ganado un premio, haz clic en el enlace para reclamarlo hoy mismo',
    'Ich will in die Stadt fahren, was ist das für ein Wetter heute, kommst du mit oder bleibst du zu Hause',
    'Uw pakket is in behandeling, betaal de verzendkosten via de link om de levering van uw pakket te voltooien',
    'Chuc mung ban da trung thuong mot giai thuong lon, vui long bam vao duong link de nhan thuong ngay hom nay',
    'Il tuo pacco è in attesa di consegna, paga le spese di spedizione al link per ricevere il tuo pacco oggi',
    'Seu pacote está aguardando entrega, pague a taxa de envio no link para receber o seu pacote hoje mesmo',
  ])('not English: %s', (text) => {
    expect(detectLanguage(text).lang).toBe('und');
  });

  test.each([
    'Yup but not studying surfing lor. Im in e lazy mode today haha',
    'Sorry pls reply later, got home late tonight and gonna sleep',
  ])('English slang: %s', (text) => {
    expect(detectLanguage(text).lang).toBe('eng');
  });

  test('Japanese kana with Han is not Chinese', () => {
    expect(detectLanguage('こんにちは、東京へ行きます').lang).toBe('und');
  });

  test('script shares are reported', () => {
    const g = detectLanguage('โปรโมชั่น Shopee ลด 50%');
    expect(g.lang).toBe('tha');
    expect(g.scripts.thai).toBeGreaterThan(0.5);
    expect(g.scripts.latin).toBeGreaterThan(0);
  });
});

// The scanner stripUrlish against the expression it replaced (hand-written pieces, not collected data).
const byRegex = (text: string) => text.replace(/[\w.+\-@:/?=&%#~]+/g, (run) => (/[.@:0-9]/.test(run) ? (URLISH.test(run) ? ' ' : run.replace(/[0-9]+/g, ' ')) : run));

describe('stripUrlish equals the run expression it replaced', () => {
  test('hand-written messages', () => {
    for (const m of Object.values(HAND_WRITTEN)) for (const t of Object.values(m) as string[]) expect(stripUrlish(t)).toBe(byRegex(t));
    expect(stripUrlish('Call 0812345678 or visit https://bit.ly/x, mail a.b@c.com; 3pm ok')).toBe(byRegex('Call 0812345678 or visit https://bit.ly/x, mail a.b@c.com; 3pm ok'));
  });

  test('a message with nothing to strip comes back as the same string', () => {
    const t = 'Hello, how are you today? See you at home';
    expect(stripUrlish(t)).toBe(t);
  });

  test('property: random mixes of words, links, numbers and the run characters', () => {
    const piece = fc.constantFrom('the', 'Win', 'ราคา', '点', ' ', ',', '.', '@', ':', '/', '?', '=', '&', '%', '#', '~', '+', '-', '_', '12', 'www.', 'https://', 'bit.ly', 'a@b.co', 'x.com', 'É', '\t', '!', '9am');
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
      const t = parts.join('');
      expect(stripUrlish(t)).toBe(byRegex(t));
    }), { numRuns: 1000 });
  });
});
