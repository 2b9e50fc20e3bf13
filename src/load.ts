/**
 * CommonJS dependencies loaded on first use rather than at start-up (natural's stemmer, the confusables table,
 * myanmar-tools, tldts, libphonenumber-js): a single-message run then pays only for what its message needs.
 * Synchronous, so the pipeline stages stay plain functions. (franc and opencc-js are ES modules and stay static
 * imports: requiring an ES module needs Node ≥ 20.19 and is refused by jest's module loader before Node 24.9.)
 */
import { createRequire } from 'node:module';

const nodeRequire = createRequire(import.meta.url);

/** `require(id)`, resolved from this package. */
export function loadDependency<T>(id: string): T {
  return nodeRequire(id) as T;
}
