import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ElfFile } from '../binfmt/ElfFile.js';
import { AT_ENTRY, AT_NULL, AT_RANDOM } from '../binfmt/InitialStack.js';
import { FLASH_BASE, FLASH_SIZE } from '../devices/Flash.js';
import type { RomSpec } from '../kernel/vfs/romfs/attachRom.js';
import { runProgram } from '../kernel/runProgram.js';
import { buildRomfsImage, readHostTree } from '../kernel/vfs/romfs/RomfsBuilder.js';
import { HostInput } from '../kernel/tty/HostInput.js';
import { Breakpoints } from './Breakpoints.js';
import { Debugger } from './Debugger.js';
import type { StopEvent } from './DebugTarget.js';
import { KernelTarget } from './KernelTarget.js';
import { runPassingSignals } from './runUnderGdb.js';

// A static PIE on our libc with its symbols (images/programs/debug/debuggee.c): main, worker (a pthread) and the
// global `counter`, which main counts to 3 and the thread raises by 10; it exits with status 3.
const DEBUGGEE = 'images/bin/debug/debuggee.elf';
const ELF = ElfFile.parse(readFileSync(DEBUGGEE), DEBUGGEE);
const SIGSEGV = 11;
/** `addi sp, sp, -64`, main's first instruction. */
const ADDI_SP_SP_MINUS_64 = 0xfc010113;
const PC = 32;
const SP = 2;

interface Run {
  readonly status: number;
  readonly output: string;
}

/**
 * Loads a program under the kernel and lets `session` drive it as a debugger would; resolves once it returns.
 * With `rom`, `path` names the program in the ROM's file system.
 */
async function debugSession(args: string[], session: (target: KernelTarget) => Promise<void>, path = DEBUGGEE, rom?: RomSpec): Promise<Run> {
  let output = '';
  const stdin = new HostInput();
  stdin.end();
  const sink = { write: (bytes: Uint8Array) => (output += Buffer.from(bytes).toString()) };
  let status = -1;
  await runProgram({
    elf: rom ? undefined : readFileSync(path),
    path,
    argv: [path, ...args],
    envp: [],
    rom,
    stdio: { stdin, stdout: sink, stderr: sink, stdinIsTerminal: false, stdoutIsTerminal: false, stderrIsTerminal: false },
    log: () => {},
    runner: async (kernel, first, elf) => {
      await session(new KernelTarget(kernel, first, elf, path));
      return 0;
    },
  }).then((result) => (status = result));
  return { status, output };
}

function word(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
}

function auxvEntries(auxv: Uint8Array): Map<number, number> {
  const entries = new Map<number, number>();
  for (let offset = 0; offset + 8 <= auxv.length; offset += 8) {
    const type = word(auxv.subarray(offset));
    if (type === AT_NULL) break;
    entries.set(type, word(auxv.subarray(offset + 4)));
  }
  return entries;
}

describe('KernelTarget', () => {
  it('breaks at main of a static PIE (symbols + load bias), steps, reads and writes registers and memory', async () => {
    let end: StopEvent | undefined;
    const run = await debugSession([], async (target) => {
      const bias = target.loadMap()[0].addr - target.loadMap()[0].vaddr;
      // A static PIE linked at 0 runs wherever the kernel put it, in RAM.
      expect(bias).toBeGreaterThanOrEqual(0x8000_0000);
      const main = target.symbols.lookup('main')!.address;
      expect(main).toBe((ELF.symbol('main')!.value + bias) >>> 0);
      expect(target.threads()).toEqual([{ id: 1, name: 'debuggee.elf' }]);
      expect(target.osabi).toBe('GNU/Linux');
      // Before the first instruction: at the entry point, which the auxiliary vector names for GDB.
      const auxv = auxvEntries(target.auxv());
      expect(auxv.get(AT_ENTRY)).toBe((ELF.entry + bias) >>> 0);
      expect(target.registers(1)![PC] >>> 0).toBe(auxv.get(AT_ENTRY));
      expect(target.readMemory(auxv.get(AT_RANDOM)!, 16)).toHaveLength(16);

      const breakpoints = new Breakpoints();
      breakpoints.addBreakpoint(main);
      expect(await target.resume({ hook: breakpoints })).toEqual({ kind: 'stopped', thread: 1, cause: { kind: 'breakpoint', address: main } });
      const atMain = target.registers(1)!;
      expect(atMain[PC] >>> 0).toBe(main);
      expect(word(target.readMemory(main, 4))).toBe(ADDI_SP_SP_MINUS_64);

      expect(await target.resume({ step: 1 })).toEqual({ kind: 'stopped', thread: 1, cause: { kind: 'step' } });
      const stepped = target.registers(1)!;
      expect(stepped[PC] >>> 0).toBe(main + 4);
      expect(stepped[SP]).toBe(atMain[SP] - 64);
      expect(target.registers(2)).toBeUndefined();

      // The program counts `counter` from whatever is there: 100, then + 3 + 10.
      const counter = target.symbols.lookup('counter')!.address;
      expect(target.writeMemory(counter, Uint8Array.of(100, 0, 0, 0))).toBe(true);
      expect(target.setRegister(1, 0, 5)).toBe(false);
      end = await runPassingSignals(target);
    });
    expect(end).toEqual({ kind: 'exited', code: 3 });
    expect(run.output).toMatch(/^counter 113$/m);
  });

  it('lists the clone thread of pthread_create with its comm; each thread has its own registers', async () => {
    await debugSession([], async (target) => {
      const worker = target.symbols.lookup('worker')!.address;
      const breakpoints = new Breakpoints();
      breakpoints.addBreakpoint(worker);
      const stop = await target.resume({ hook: breakpoints });
      expect(stop).toEqual({ kind: 'stopped', thread: 2, cause: { kind: 'breakpoint', address: worker } });
      expect(target.threads()).toEqual([{ id: 1, name: 'debuggee.elf' }, { id: 2, name: 'debuggee.elf' }]);
      expect(target.registers(2)![PC] >>> 0).toBe(worker);
      // The creating thread is still in clone's return path, from its saved context.
      expect(target.symbols.label(target.registers(1)![PC])).toMatch(/^__clone\+0x[0-9a-f]+$/);
      breakpoints.passOnce(2, worker);
      expect(await target.resume({ hook: breakpoints })).toEqual({ kind: 'exited', code: 3 });
    });
  });

  it('stops for a fault before the signal acts: discarding it faults again, passing it on kills the program', async () => {
    const run = await debugSession(['fault'], async (target) => {
      const first = await target.resume({});
      expect(first).toEqual({ kind: 'stopped', thread: 1, cause: { kind: 'signal', signal: SIGSEGV } });
      const pc = target.registers(1)![PC];
      expect(target.symbols.label(pc)).toMatch(/^main\+/);
      expect(await target.resume({})).toEqual(first);
      expect(target.registers(1)![PC]).toBe(pc);
      expect(await target.resume({ signal: SIGSEGV })).toEqual({ kind: 'signalled', signal: SIGSEGV });
      expect(await target.resume({})).toEqual({ kind: 'signalled', signal: SIGSEGV });
    });
    expect(run.output).toBe('');
  });

  it('stops for each signal before its handler runs; passed on, the handler gets it with its siginfo', async () => {
    // signals.elf checks its handlers ran, and that an SA_SIGINFO handler sees raise()'s si_code.
    const stops: number[] = [];
    const run = await debugSession([], async (target) => {
      let signal: number | undefined;
      for (;;) {
        const event = await target.resume({ signal });
        if (event.kind !== 'stopped') {
          expect(event).toEqual({ kind: 'exited', code: 0 });
          return;
        }
        expect(event.cause.kind).toBe('signal');
        signal = event.cause.kind === 'signal' ? event.cause.signal : undefined;
        stops.push(signal!);
      }
    }, 'images/bin/programs/signals.elf');
    expect(run.output).toMatch(/^signals: ok$/m);
    // SIGUSR1 (10) by raise and kill, SIGUSR2 (12) to the SA_SIGINFO handler; ignored signals never stop.
    expect(stops.slice(0, 3)).toEqual([10, 10, 12]);
  });

  it('stops before a caught syscall and runs on to the exit', async () => {
    await debugSession([], async (target) => {
      const breakpoints = new Breakpoints();
      breakpoints.catchSyscall(94 /* exit_group */);
      expect(await target.resume({ hook: breakpoints })).toEqual({ kind: 'stopped', thread: 1, cause: { kind: 'syscall', number: 94 } });
      expect(target.registers(1)![10]).toBe(3);
      breakpoints.passOnce(1, target.registers(1)![PC]);
      expect(await target.resume({ hook: breakpoints })).toEqual({ kind: 'exited', code: 3 });
    });
  });

  it('is interrupted while the program waits in a blocking syscall, and the syscall completes after the resume', async () => {
    // stdin.elf reads its standard input, which here never ends until the test ends it.
    const path = 'images/bin/programs/stdin.elf';
    const stdin = new HostInput();
    let output = '';
    const sink = { write: (bytes: Uint8Array) => (output += Buffer.from(bytes).toString()) };
    const events: StopEvent[] = [];
    await runProgram({
      elf: readFileSync(path),
      path,
      argv: [path],
      envp: [],
      stdio: { stdin, stdout: sink, stderr: sink, stdinIsTerminal: false, stdoutIsTerminal: false, stderrIsTerminal: false },
      runner: async (kernel, first, elf) => {
        const target = new KernelTarget(kernel, first, elf, path);
        const running = target.resume({});
        setTimeout(() => target.interrupt(), 50);
        events.push(await running);
        stdin.push(Buffer.from('a line\n'));
        stdin.end();
        events.push(await target.resume({}));
        return 0;
      },
    });
    expect(events[0]).toEqual({ kind: 'stopped', thread: 1, cause: { kind: 'interrupt' } });
    expect(events[1]).toEqual({ kind: 'exited', code: 0 });
    expect(output).toMatch(/^> a line\nstdin: 7 bytes, 1 lines, /);
  });

  it("relocates an FDPIC program's symbols by their own segment: main in the text in flash, counter in the data in RAM", async () => {
    // The FDPIC build of the debuggee (images/fdpic/build.sh), run from a romfs: its text runs in place in flash.
    const fdpic = 'images/bin/fdpic/debug/debuggee.elf';
    const symbols = ElfFile.parse(readFileSync(fdpic), fdpic);
    const tree = mkdtempSync(join(tmpdir(), 'rvnommu-fdpic-debug-'));
    copyFileSync(fdpic, join(tree, 'debuggee.elf'));
    const rom = { image: buildRomfsImage(readHostTree(tree)), mountPoint: '/rom' };
    const inFlash = (address: number) => address >= FLASH_BASE && address < FLASH_BASE + FLASH_SIZE;
    const run = await debugSession([], async (target) => {
      const debug = new Debugger(target);
      const execute = (command: string) => debug.execute(command);
      const main = target.symbols.lookup('main')!.address;
      expect(inFlash(main)).toBe(true);
      // gp starts at the run-time GOT (DT_PLTGOT, __fdpic_got), which the loader found by itself.
      const gp = target.registers(1)![3] >>> 0;
      const counter = target.symbols.lookup('counter')!.address;
      expect(counter - gp).toBe(symbols.symbol('counter')!.value - symbols.symbol('__fdpic_got')!.value);
      expect(inFlash(counter)).toBe(false);
      expect(await execute('break main')).toBe(`Breakpoint 1 at 0x${main.toString(16)} <main>`);
      expect(await execute('continue')).toMatch(new RegExp(`^Breakpoint 1, 0x${main.toString(16)} in main\n`));
      expect(await execute('print counter')).toMatch(new RegExp(`^0x${counter.toString(16)} = .* <counter>$`));
      expect(target.writeMemory(counter, Uint8Array.of(100, 0, 0, 0))).toBe(true);
      expect(await execute('x counter 4')).toMatch(new RegExp(`^${counter.toString(16)}: 64 00 00 00 `));
      expect(await execute('break worker')).toMatch(/^Breakpoint 2 at 0x[0-9a-f]+ <worker>$/);
      expect(await execute('continue')).toMatch(/^Breakpoint 2, \[thread 2\] 0x[0-9a-f]+ in worker\n/);
      expect(await execute('bt')).toMatch(/^#0  0x2[0-9a-f]+ in worker\n#1  0x2[0-9a-f]+ in thread_start\+0x[0-9a-f]+$/m);
      expect(await execute('continue')).toBe('Program exited with code 3.');
    }, '/rom/debuggee.elf', rom);
    expect(run.output).toMatch(/^counter 113$/m);
  });
});
