import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { runProgram } from '../kernel/runProgram.js';
import { HostInput } from '../kernel/tty/HostInput.js';

/**
 * Host memory per guest process: `sleepers N` (images/bench/sleepers.c) keeps N guest processes alive at once,
 * each its own copy of a small static PIE (no-MMU: no shared text from a ramfs) with a 64 KiB stack. A probe
 * process (this bundle run with PROBE_FLAG) runs it in-process under the kernel and, at the moment all N are alive,
 * collects garbage and reads its own process.memoryUsage(). The cost of one more process is the difference
 * between N and 1 sleepers, divided by N - 1: the kernel's objects for the task and its address space, the
 * guest RAM its image and stack occupy (host pages are only committed once written), and the translated code of
 * its copy of the program (each copy lies at its own addresses, so it is translated anew).
 */
const SLEEPERS = 'images/bin/bench/sleepers.elf';
export const PROBE_FLAG = '--probe-processes';

interface MemoryUsage {
  rss: number;
  heapUsed: number;
  /** ArrayBuffers (the guest's RAM among them): what node allocated outside its heap. */
  arrayBuffers: number;
}

/** The probe's side: runs `sleepers count` and prints process.memoryUsage() taken when all are alive, as JSON. */
export async function probeProcessMemory(count: number): Promise<void> {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error(`${PROBE_FLAG} needs node --expose-gc`);
  const stdin = new HostInput();
  stdin.end();
  let usage: MemoryUsage | undefined;
  let output = '';
  const status = await runProgram({
    elf: readFileSync(SLEEPERS),
    path: SLEEPERS,
    argv: [SLEEPERS, String(count)],
    envp: [],
    stdio: {
      stdin,
      stdout: {
        write: (bytes) => {
          output += Buffer.from(bytes).toString();
          if (usage || !output.includes('ready')) return;
          collect();
          const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
          usage = { rss, heapUsed, arrayBuffers };
        },
      },
      stderr: { write: (bytes) => process.stderr.write(bytes) },
      stdinIsTerminal: false,
      stdoutIsTerminal: false,
      stderrIsTerminal: false,
    },
  });
  if (status !== 0 || !usage) throw new Error(`${SLEEPERS} ${count}: wait status ${status}, output ${JSON.stringify(output)}`);
  console.log(JSON.stringify(usage));
}

function probe(script: string, count: number): MemoryUsage {
  const run = spawnSync(process.execPath, ['--expose-gc', script, PROBE_FLAG, String(count)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`memory probe with ${count} processes failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as MemoryUsage;
}

/** Report lines: the probe's memory with 1 and with `many` guest processes alive, and the cost of each one more. */
export function measureProcessMemory(script: string, many = 33): string[] {
  const one = probe(script, 1);
  const all = probe(script, many);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const each = (key: keyof MemoryUsage) => kib((all[key] - one[key]) / (many - 1));
  return [
    `host memory per guest process (${SLEEPERS}: 1 against ${many} processes alive at once, after a GC)`,
    `  with 1: RSS ${kib(one.rss)}, JS heap ${kib(one.heapUsed)}; with ${many}: RSS ${kib(all.rss)}, JS heap ${kib(all.heapUsed)}`,
    `  each further process: RSS +${each('rss')}, JS heap +${each('heapUsed')}, array buffers +${each('arrayBuffers')}`,
  ];
}
