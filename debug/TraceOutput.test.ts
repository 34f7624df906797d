import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

// TraceOutput writing to a real stderr pipe in a child process, which Node makes non-blocking.
const LINES = 200_000;
let script: string;

beforeAll(async () => {
  script = join(mkdtempSync(join(tmpdir(), 'rvnommu-trace-')), 'writer.mjs');
  await build({
    stdin: {
      contents: `
        import { TraceOutput } from './debug/TraceOutput.ts';
        process.stderr; // as in rvnommu: touching process.stderr makes a pipe non-blocking
        const output = new TraceOutput(2);
        for (let i = 0; i < ${LINES} && !output.closed; i++) output.write(String(i).padStart(8, '0') + ': some trace text\\n');
        process.stdout.write(output.closed ? 'closed' : 'complete');`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
  });
});

function runWriter(read: (stderr: NodeJS.ReadableStream, stop: () => void) => void): Promise<{ stdout: string; code: number | null }> {
  const child = spawn('node', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  read(child.stderr, () => child.stderr.destroy());
  return new Promise((resolve) => child.on('close', (code) => resolve({ stdout, code })));
}

describe('TraceOutput', () => {
  it('delivers everything to a slow reader of a full pipe', async () => {
    let received = 0;
    const result = await runWriter((stderr) => {
      stderr.pause();
      setTimeout(() => {
        stderr.on('data', (chunk: Buffer) => (received += chunk.length));
        stderr.resume();
      }, 300);
    });
    expect(result).toEqual({ stdout: 'complete', code: 0 });
    expect(received).toBe(LINES * 26);
  });

  it('notes a reader that went away instead of throwing', async () => {
    const result = await runWriter((stderr, stop) => stderr.once('data', stop));
    expect(result).toEqual({ stdout: 'closed', code: 0 });
  });
});
