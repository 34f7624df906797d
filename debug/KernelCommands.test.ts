import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFlatHeader } from '../binfmt/flat/FlatHeader.js';

// `rvnommu run --trace / --deterministic` and `rvnommu debug` on Linux programs, as a user runs them.
const DEBUGGEE = 'images/bin/debug/debuggee.elf';

function rvnommu(...args: string[]) {
  return spawnSync('node', ['bin/rvnommu.js', ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
}

describe('rvnommu run --trace and --deterministic', () => {
  it('gives byte-identical traces and output for two deterministic runs, which differ without --deterministic', () => {
    const runs = [1, 2].map(() => rvnommu('run', '--clear-env', '--deterministic', '--trace', DEBUGGEE));
    for (const run of runs) expect(run.status).toBe(3);
    expect(runs[1].stdout).toBe(runs[0].stdout);
    expect(runs[1].stderr).toBe(runs[0].stderr);
    // Time starts at 2024-01-01 and follows the instruction count; the random bytes come from a fixed seed.
    expect(runs[0].stdout).toMatch(/^monotonic 0\.\d{9} realtime 1704067200\.\d{9} time csr \d+\ngetrandom [0-9a-f]{16}\nAT_RANDOM [0-9a-f]{16}\nurandom [0-9a-f]{16}\ncounter 13\n$/);

    const hostRuns = [1, 2].map(() => rvnommu('run', '--clear-env', '--trace', DEBUGGEE));
    for (const run of hostRuns) expect(run.status).toBe(3);
    const randomLines = (stdout: string) => stdout.split('\n').filter((line) => /^(getrandom|AT_RANDOM|urandom) /.test(line));
    const [first, second] = hostRuns.map((run) => randomLines(run.stdout));
    expect(first).toHaveLength(3);
    for (let i = 0; i < 3; i++) expect(second[i]).not.toBe(first[i]);
    expect(hostRuns[1].stderr).not.toBe(hostRuns[0].stderr);
  });

  it('keeps the clocks and random sources sound: sleeps last, clocks never go back, two draws differ', () => {
    for (const program of ['time', 'getrandom']) {
      const run = rvnommu('run', '--clear-env', '--deterministic', `images/bin/programs/${program}.elf`);
      expect(run.stdout + run.stderr).toMatch(new RegExp(`^${program}: ok$`, 'm'));
      expect(run.status).toBe(0);
    }
  });

  it('traces every instruction with its task id, in the format of bare --trace', () => {
    const run = rvnommu('run', '--clear-env', '--deterministic', '--trace', DEBUGGEE);
    const lines = run.stderr.split('\n');
    // The first instruction is _start's `mv s0, sp`, which sets s0 to the initial stack pointer.
    expect(lines[0]).toMatch(/^\[1\] [0-9a-f]{8}: 00010413  mv\ts0, sp  s0=0x[0-9a-f]{8}$/);
    // pthread_create's thread is task 2; the last instruction is exit_group's ecall.
    expect(lines.some((line) => /^\[2\] [0-9a-f]{8}: [0-9a-f]{8}  /.test(line))).toBe(true);
    expect(lines.at(-2)).toMatch(/^\[1\] [0-9a-f]{8}: 00000073  ecall$/);
    expect(lines.at(-1)).toBe('');
  });

  it('traces a bFLT program, which has no symbols, from its entry point to its exit', () => {
    const flat = 'images/bin/flat/hello.flt';
    const bytes = readFileSync(flat);
    const entryWord = bytes.readUInt32LE(parseFlatHeader(new Uint8Array(bytes), flat).entry);
    const run = rvnommu('run', '--clear-env', '--trace', flat);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^hello: ok$/m);
    const lines = run.stderr.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^\\[1\\] [0-9a-f]{8}: ${entryWord.toString(16).padStart(8, '0')}  `));
    expect(lines.at(-2)).toMatch(/^\[1\] [0-9a-f]{8}: 00000073  ecall$/);
    expect(run.stderr).not.toContain('<');
  });

  it('refuses --trace with --gdb', () => {
    const run = rvnommu('run', '--trace', '--gdb', '1234', DEBUGGEE);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/--trace and --gdb cannot be combined/);
  });
});

describe('rvnommu debug on a Linux program', () => {
  it('breaks at a function by symbol in the thread that runs it, lists the threads, stops at a fault and at the exit', () => {
    const session = rvnommu(
      'debug', '--batch',
      '--ex', 'break worker', '--ex', 'continue', '--ex', 'info threads', '--ex', 'delete', '--ex', 'continue',
      DEBUGGEE,
    );
    expect(session.status).toBe(0);
    expect(session.stdout).toMatch(/^Breakpoint 1, \[thread 2\] 0x[0-9a-f]{8} in worker\n/m);
    expect(session.stdout).toContain('(rvnommu) info threads\n  1     debuggee.elf\n* 2     debuggee.elf\n');
    expect(session.stdout).toMatch(/counter 13\nProgram exited with code 3\.\n$/);

    const fault = rvnommu('debug', '--batch', '--ex', 'continue', '--ex', 'continue', DEBUGGEE, 'fault');
    expect(fault.stdout).toMatch(/^\(rvnommu\) continue\nProgram received signal SIGSEGV\.\n0x[0-9a-f]{8} in main\+0x[0-9a-f]+\n=> [0-9a-f]{8}: 00a02023  sw\ta0, 0\(zero\)\n/m);
    expect(fault.stdout).toMatch(/Program terminated by signal 11\.\n$/);
  });

  it('reloads the symbols when the program execs, and moves a breakpoint set by symbol into the new image', () => {
    // reexec.elf execs its own file: the new image lies at another address than the old one.
    const session = rvnommu(
      'debug', '--batch',
      '--ex', 'break main', '--ex', 'watch 0x80000000', '--ex', 'continue', '--ex', 'continue',
      '--ex', 'info breakpoints', '--ex', 'continue', '--ex', 'info symbol $pc', '--ex', 'continue',
      'images/bin/debug/reexec.elf',
    );
    expect(session.status).toBe(0);
    const out = session.stdout;
    const old = /^Breakpoint 1 at (0x[0-9a-f]{8}) <main>$/m.exec(out)![1];
    expect(out).toContain(`Breakpoint 1, ${old} in main\n`);
    const exec = /^process 1 exec'd \/images\/bin\/debug\/reexec\.elf: symbols reloaded\nBreakpoint 1 at (0x[0-9a-f]{8}) <main>\nWatchpoint 2 deleted with the old program\n0x[0-9a-f]{8} in _start\n/m.exec(out);
    expect(exec).not.toBeNull();
    const moved = exec![1];
    expect(moved).not.toBe(old);
    expect(out).toMatch(new RegExp(`^1 +breakpoint +${moved} +main$`, 'm'));
    expect(out).toContain(`Breakpoint 1, ${moved} in main\n`);
    expect(out).toContain('(rvnommu) info symbol $pc\nmain\n');
    expect(out).toMatch(/reexec: running again\nProgram exited with code 4\.\n$/);
  });

  it('debugs a bFLT program by addresses, saying that it has no symbols', () => {
    const session = rvnommu('debug', '--batch', '--ex', 'break main', '--ex', 'break $pc+8', '--ex', 'continue', '--ex', 'bt', '--ex', 'continue', 'images/bin/flat/hello.flt');
    expect(session.status).toBe(0);
    const out = session.stdout;
    expect(out).toMatch(/^images\/bin\/flat\/hello\.flt: a bFLT program carries no symbols: use addresses\n(0x[0-9a-f]{8})\n=> [0-9a-f]{8}: /);
    const entry = Number.parseInt(/^(0x[0-9a-f]{8})$/m.exec(out)![1], 16);
    const stop = `0x${(entry + 8).toString(16).padStart(8, '0')}`;
    expect(out).toContain("(rvnommu) break main\nno symbol 'main': a bFLT program carries no symbols: use addresses\n");
    expect(out).toContain(`(rvnommu) break $pc+8\nBreakpoint 1 at ${stop}\n`);
    expect(out).toContain(`(rvnommu) continue\nBreakpoint 1, ${stop}\n`);
    expect(out).toContain(`(rvnommu) bt\n#0  ${stop}\n`);
    expect(out).toMatch(/hello: ok\nProgram exited with code 0\.\n$/);
  });
});
