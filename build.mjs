// Bundles the command-line entry points and the browser front end with esbuild; the library itself is plain
// TypeScript.
import { readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Code splitting: each command is a chunk of its own (cli/main.ts loads it when it runs), and what several entry
// points share is a chunk too. A chunk's name changes with its contents: the last build's are removed first.
for (const file of readdirSync('dist', { withFileTypes: true })) {
  if (file.isFile() && file.name.startsWith('chunk-')) rmSync(`dist/${file.name}`);
}

await build({
  entryPoints: { rvnommu: 'cli/main.ts', bench: 'bench/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: true,
  // Chunks stay beside the entry points: cli/boot.ts and cli/serve.ts find their files relative to import.meta.url.
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  // The bench's pseudo-terminal (bench/bootTime.ts) is a native module: loaded from node_modules, not bundled.
  external: ['node-pty'],
  banner: { js: "import { createRequire as __rvCreateRequire } from 'module'; const require = __rvCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

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
