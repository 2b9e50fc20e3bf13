/**
 * scamscan library API: the pipeline stages, scoring, training and evaluation, usable without the CLI.
 *
 *   import { readModel, scoreText } from 'scamscan';
 *   const model = readModel();            // the shipped model
 *   scoreText(model, 'ยินดีด้วย คุณได้รับรางวัล'); // { label, score, lang, reasons }
 */
export { normalize, normalizeText, originalSpan, type NormalizedText } from './normalize/index.js';
export { detectLanguage, type Lang, type LangGuess } from './lang/index.js';
export { tokenize, findEntities, type Token, type Entity } from './tokenize/index.js';
export { featureNames, vectorize, hashFeatures, vectorOf, FeatureList, fnv1a, DEFAULT_FEATURES, type FeatureConfig, type SparseVector } from './features/index.js';
export { analyze, type Analysis, type DetailedAnalysis } from './analyze.js';
export { scoreText, type Score, type Reason } from './score.js';
export { prepare, trainModel, scorePrepared, type LabeledRow } from './model/train.js';
export { evaluate, type Evaluation, type RiskLabel } from './model/evaluate.js';
export { averagePrecision, binaryMetrics, expectedCalibrationError, thresholdForBestF1 } from './model/metrics.js';
export { parseModel, serializeModel, trainSettings, MODEL_FORMAT, MODEL_VERSION, type Model } from './model/format.js';
export { dedupKey, splitOf, SPLIT } from './model/split.js';
export { readModel, writeModel, defaultModelPath } from './io/modelfile.js';
export { readRecords, type InputRecord } from './io/records.js';
export { readDataset } from './io/dataset.js';
export { compilePatterns, matchPatterns, SCAM_TYPES, type Pattern, type PatternHit, type PatternSet, type ScamType } from './patterns/index.js';
export { predictType, canonicalType, evaluateTypes, type TypeModel, type TypePrediction } from './model/types.js';
export { readPatterns } from './io/patterns.js';
export { preloadEsmDependencies } from './load.js';
export { CampaignGrouper, memberOf, iocsOf, stixBundle, indicatorsOf, shinglesOf, type Campaign, type Ioc, type Indicator, type Member } from './campaigns/index.js';
