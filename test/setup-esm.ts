/**
 * jest's module loader cannot `require` an ES module (before Node 24.9) and reports no `require_module` support,
 * so the ES-module dependencies that `src/load.ts` loads lazily (franc, opencc-js, chalk) are imported here,
 * once per test file, as on a Node before 20.19. Subprocess tests run the real lazy `require` path.
 */
import { preloadEsmDependencies } from '../src/load.js';

await preloadEsmDependencies();
