// Bundles the command-line entry points and the browser front end with esbuild; the library itself is plain
// TypeScript.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const forNode = { bundle: true, platform: 'node', target: 'node20', outdir: 'dist', sourcemap: true, logLevel: 'warning' };

// The CLI is one CommonJS bundle, dist/rvnommu.cjs, which dist/rvnommu.js (cli/loadBundle.ts) runs through V8's code
// cache: vm.Script, which takes a code cache, runs scripts, not ES modules. cli/boot.ts and cli/serve.ts find their
// files from import.meta.url: there it is the bundle's URL.
await build({
  ...forNode,
  entryPoints: { rvnommu: 'cli/main.ts' },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__rvBundleUrl' },
  banner: { js: "const __rvBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

await build({
  ...forNode,
  entryPoints: { rvnommu: 'cli/loadBundle.ts', bench: 'bench/main.ts' },
  format: 'esm',
  // The bench's pseudo-terminal (bench/bootTime.ts) is a native module: loaded from node_modules, not bundled.
  external: ['node-pty'],
  banner: { js: "import { createRequire as __rvCreateRequire } from 'module'; const require = __rvCreateRequire(import.meta.url);" },
});

// The code cache holds what compiling the bundle and running a small program compiled (see cli/loadBundle.ts).
const codeCache = resolve('dist/rvnommu.cjs.cache');
rmSync(codeCache, { force: true });
const cacheRun = spawnSync(process.execPath, ['dist/rvnommu.js', 'run', 'images/bin/programs/hello.elf'], {
  env: { ...process.env, RVNOMMU_MAKE_CODE_CACHE: codeCache },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (cacheRun.status !== 0) throw new Error(`making the code cache: rvnommu run exited with ${cacheRun.status ?? cacheRun.signal}`);

// The page `rvnommu serve` serves (term/index.html) loads dist/term.js and dist/term.css. The ELF parser (elfy)
// needs three things of Node's: Buffer (the browser polyfill) and one function each of assert and util.
await build({
  entryPoints: { term: 'term/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  alias: { assert: './term/node/assert.ts', util: './term/node/util.ts' },
  inject: ['term/node/buffer.ts'],
  logLevel: 'warning',
});
