// Type declarations for dependencies that ship none.
declare module 'myanmar-tools' {
  export class ZawgyiDetector {
    getZawgyiProbability(text: string): number;
  }
  export class ZawgyiConverter {
    zawgyiToUnicode(text: string): string;
  }
  const _default: { ZawgyiDetector: typeof ZawgyiDetector; ZawgyiConverter: typeof ZawgyiConverter };
  export default _default;
}
declare module 'natural/lib/natural/stemmers/index.js' {
  export const PorterStemmer: { stem(word: string): string };
}
declare module 'opencc-js/dict/*' {
  /** An opencc dictionary: `key value|key value|…`. */
  const dict: string;
  export default dict;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(word: string): string };
  export default PorterStemmer;
}
