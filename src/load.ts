/**
 * Dependencies loaded on first use rather than at start-up (natural's stemmer, the confusables table,
 * myanmar-tools, tldts, libphonenumber-js, franc, opencc-js, chalk): a single-message run then pays only for
 * what its message needs — franc alone costs ~50 ms to import (it builds trigram tables for ~190 languages) and
 * is only asked about long Latin-script text; opencc ~40 ms, only needed for a Traditional Chinese message;
 * chalk only paints tables.
 * Synchronous, so the pipeline stages stay plain functions.
 *
 * franc, opencc-js and chalk are ES modules. `require` loads them on Node ≥ 20.19
 * (`process.features.require_module`). Where it cannot — an older Node 20, and jest's module loader — the CLI,
 * the scoring workers, library users and the jest setup first `await preloadEsmDependencies()`, which imports
 * them and serves them from a cache (checked with `node --no-experimental-require-module`). Not a top-level
 * await: that would stop CommonJS code from `require`-ing scamscan at all.
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

/** Whether this Node can `require` an ES module (20.19 and later). */
const requireEsm = (process.features as { require_module?: boolean }).require_module === true;

/**
 * Import the ES-module dependencies now where this Node cannot `require` them (before 20.19); a no-op
 * otherwise. Call it once before scoring on such a Node.
 */
export async function preloadEsmDependencies(): Promise<void> {
  if (requireEsm) return;
  for (const id of ESM_DEPENDENCIES) if (!preloaded.has(id)) preloaded.set(id, await import(id));
}

/** `require(id)`, resolved from this package (an ES module's namespace object for the ES-module dependencies). */
export function loadDependency<T>(id: string): T {
  const cached = preloaded.get(id);
  if (cached !== undefined) return cached as T;
  try {
    return nodeRequire(id) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM') {
      throw new Error(`${id} is an ES module that Node ${process.version} cannot require: use Node ≥ 20.19, or await preloadEsmDependencies() from scamscan before scoring`);
    }
    throw e;
  }
}
