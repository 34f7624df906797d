// Bundles the command-line entry points with esbuild; the library itself is plain TypeScript.
import { build } from 'esbuild';

await build({
  entryPoints: { rvnommu: 'cli/main.ts', bench: 'bench/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  banner: { js: "import { createRequire as __rvCreateRequire } from 'module'; const require = __rvCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
