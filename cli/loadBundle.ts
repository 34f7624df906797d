// `rvnommu` starts here (dist/rvnommu.js): it runs the CLI bundle (dist/rvnommu.cjs, cli/main.ts) through V8's code
// cache (dist/rvnommu.cjs.cache, which build.mjs makes by running a program once), so that a start does not parse
// and compile again the functions every run needs. A cache that another Node or V8 made, or none, is ignored by V8:
// the bundle is then compiled as usual.
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const bundle = fileURLToPath(new URL('./rvnommu.cjs', import.meta.url));
const cachePath = `${bundle}.cache`;
/** build.mjs sets this to the cache's path to have the cache written when the run ends. */
const MAKE_CACHE = 'RVNOMMU_MAKE_CODE_CACHE';

let cachedData: Buffer | undefined;
try {
  cachedData = process.env[MAKE_CACHE] === undefined ? readFileSync(cachePath) : undefined;
} catch {
  cachedData = undefined;
}
const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
if (process.env[MAKE_CACHE] === cachePath) process.on('exit', () => writeFileSync(cachePath, script.createCachedData()));
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
