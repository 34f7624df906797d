import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithOracle } from '../oracle.js';

// `rvnommu run` end to end: the real CLI in a child process, as a user runs it.
function rvnommu(args: string[], input = '') {
  return spawnSync('node', ['bin/rvnommu.js', 'run', ...args], { encoding: 'utf8', input, timeout: 60_000 });
}

const HELLO = 'images/bin/smoke/hello.elf';

describeWithOracle('qemu-riscv32', 'rvnommu run compared with qemu-riscv32', () => {
  it.each([[[]], [['one']], [['two words', 'x', '--not-an-option']]])('hello %j: same output and exit status', (args) => {
    const ours = rvnommu([HELLO, ...args]);
    const qemu = spawnSync('qemu-riscv32', [HELLO, ...args], { encoding: 'utf8' });
    expect(ours.stderr).toBe('');
    expect(ours.stdout).toBe(qemu.stdout);
    expect(ours.status).toBe(qemu.status);
    expect(ours.status).toBe(args.length);
  });

  it('delivers signals with the Linux rv32 frame: handlers, siginfo, a fault skipped through uc_mcontext, masks', () => {
    const program = 'images/bin/smoke/signals.elf';
    const ours = rvnommu([program]);
    const qemu = spawnSync('qemu-riscv32', [program], { encoding: 'utf8' });
    expect(ours.stderr).toBe('');
    expect(ours.stdout).toBe(qemu.stdout);
    expect(ours.stdout).toContain('signals: ok');
    expect(ours.status).toBe(0);
  });
});

describe('rvnommu run refuses bad programs with one line and status 2', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rvnommu-run-'));
  const write = (name: string, bytes: Uint8Array) => {
    const path = join(scratch, name);
    writeFileSync(path, bytes);
    return path;
  };
  // Each case edits its own copy (Buffer.slice would share the bytes).
  const hello = Uint8Array.from(readFileSync(HELLO));

  it.each([
    ['a truncated ELF', () => write('truncated.elf', hello.subarray(0, 600)), /truncated\?$/],
    ['a file cut inside the ELF header', () => write('short.elf', hello.subarray(0, 30)), /not an ELF file/],
    ['a text file', () => write('text.elf', new TextEncoder().encode('#!/bin/sh\necho hi\n')), /not an ELF file \(bad magic\)/],
    ['an x86-64 program', () => '/bin/true', /not a 32-bit ELF file/],
    [
      'a RISC-V ELF for another machine',
      () => {
        const copy = Uint8Array.from(hello);
        copy[18] = 62; // EM_X86_64
        return write('machine.elf', copy);
      },
      /ELF machine 62 is not RISC-V/,
    ],
    [
      'an ET_EXEC linked where there is no RAM',
      () => 'images/bin/bench/workload-linux.elf',
      /ET_EXEC linked at 0x10000-0x[0-9a-f]+ but that memory is not free RAM/,
    ],
    [
      'a segment bigger than RAM',
      () => {
        // Make the first PT_LOAD's memsz 1 GiB: the loader must report ENOMEM, not crash.
        const copy = Uint8Array.from(hello);
        const view = new DataView(copy.buffer);
        const phoff = view.getUint32(28, true);
        for (let i = 0; i < view.getUint16(44, true); i++) {
          if (view.getUint32(phoff + 32 * i, true) === 1) {
            view.setUint32(phoff + 32 * i + 20, 0x4000_0000, true);
            break;
          }
        }
        return write('huge.elf', copy);
      },
      /cannot allocate \d+ bytes for the program image: out of memory/,
    ],
  ])('%s', (_name, makePath, message) => {
    const run = rvnommu([makePath()]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(message);
  });

  it('reports a machine too small for the stack', () => {
    const run = rvnommu(['--ram', '64K', HELLO]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toMatch(/cannot allocate a \d+-byte stack: out of memory/);
  });

  it('reports a missing program', () => {
    const run = rvnommu([join(scratch, 'missing.elf')]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toMatch(/cannot read .*missing\.elf: ENOENT$/);
  });
});

describe('rvnommu run --strace', () => {
  it('prints each syscall with decoded arguments and results on stderr', () => {
    const run = rvnommu(['--strace', HELLO, 'x']);
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe('[1] write(1, "hello from rv32\\n", 16) = 16');
    expect(lines.at(-1)).toBe('[1] exit_group(1) = ?');
  });
});

describe('rvnommu run --count', () => {
  it('prints how many instructions the program executed, the same on every run', () => {
    const counts = [rvnommu(['--count', HELLO]), rvnommu(['--count', HELLO, 'x', 'y'])].map((run) => {
      expect(run.stderr).toMatch(/^\d+ instructions\n$/);
      return Number.parseInt(run.stderr, 10);
    });
    expect(counts[0]).toBeGreaterThan(100);
    // More arguments, more work for the smoke program (it prints each one).
    expect(counts[1]).toBeGreaterThan(counts[0]);
    expect(Number.parseInt(rvnommu(['--count', HELLO]).stderr, 10)).toBe(counts[0]);
  });
});

describe('rvnommu run out of memory', () => {
  it('gives a program that asks for more than the machine has ENOMEM, which it reports itself', () => {
    // The memory benchmark mallocs 8 MiB at once: on a 4 MiB machine mmap fails and malloc returns NULL.
    const run = rvnommu(['--ram', '4M', 'images/bin/bench/memory.elf']);
    expect(run.stdout).toBe('memory: out of memory\n');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
  });
});

describe('rvnommu run in a pipeline', () => {
  it('ends the program with SIGPIPE when the reader goes away, as a shell pipeline expects, without a host error', () => {
    const input = join(mkdtempSync(join(tmpdir(), 'rvnommu-pipe-')), 'lines');
    writeFileSync(input, 'y\n'.repeat(200_000));
    const pipeline = spawnSync(
      'bash',
      ['-c', `node bin/rvnommu.js run images/bin/programs/stdin.elf < ${input} | head -1; echo "status \${PIPESTATUS[0]}" >&2`],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(pipeline.stdout).toBe('> y\n');
    expect(pipeline.stderr).toBe('status 141\n');
  });
});

describe('rvnommu run and host signals', () => {
  it('passes a signal sent to rvnommu on to the program, as qemu-user does: uncaught SIGINT ends it with status 130', async () => {
    const child = spawn('node', ['bin/rvnommu.js', 'run', '--strace', 'images/bin/programs/stdin.elf']);
    let trace = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        trace += chunk.toString();
        if (trace.includes('<blocked ...>')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    // The read the program was blocked in is interrupted; the signal's default action then ends the program.
    expect(trace).toMatch(/\[1\] <\.\.\. resumed> = -1 EINTR\n$/);
  });
});
