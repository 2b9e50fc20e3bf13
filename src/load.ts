/**
 * Dependencies loaded on first use rather than at start-up (natural's stemmer, the confusables table,
 * myanmar-tools, tldts, libphonenumber-js, franc, opencc-js, chalk): a single-message run then pays only for
 * what its message needs — franc alone costs ~50 ms to import (it builds trigram tables for ~190 languages) and
 * is only asked about long Latin-script text; opencc ~30 ms, only needed for Chinese; chalk only paints tables.
 * Synchronous, so the pipeline stages stay plain functions.
 *
 * franc, opencc-js and chalk are ES modules. `require` loads them on Node ≥ 20.19
 * (`process.features.require_module`; also under jest there); on an older Node 20 they are imported eagerly
 * here (top-level await) and served from that cache (checked with `node --no-experimental-require-module`).
 */
import { createRequire } from 'node:module';

const nodeRequire = createRequire(import.meta.url);

/** The ES-module dependencies loaded through `loadDependency`. */
const ESM_DEPENDENCIES = [
  'chalk',
  'franc',
  'opencc-js/t2cn',
  'opencc-js/dict/TSCharacters',
  'opencc-js/dict/TSPhrases',
  'opencc-js/dict/TWVariantsRev',
  'opencc-js/dict/TWVariantsRevPhrases',
] as const;

const preloaded = new Map<string, unknown>();

/** Import every ES-module dependency now, so `loadDependency` can return them without `require`. */
async function preloadEsmDependencies(): Promise<void> {
  for (const id of ESM_DEPENDENCIES) if (!preloaded.has(id)) preloaded.set(id, await import(id));
}

if (!(process.features as { require_module?: boolean }).require_module) await preloadEsmDependencies();

/** `require(id)`, resolved from this package (an ES module's namespace object for the ES-module dependencies). */
export function loadDependency<T>(id: string): T {
  return (preloaded.get(id) ?? nodeRequire(id)) as T;
}
