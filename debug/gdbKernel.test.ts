import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ElfFile } from '../binfmt/ElfFile.js';
import { FLASH_BASE, FLASH_SIZE } from '../devices/Flash.js';
import { cliGdbSession, type CliGdbSession } from '../test/gdbSession.js';
import { describeWithOracle } from '../test/oracle.js';

// The real client against `rvnommu run --gdb`: Debian's gdb-multiarch in batch mode debugging a static PIE under
// the kernel (images/programs/debug/debuggee.c, with its symbols), as one debugs a process with gdbserver.
const ELF = 'images/bin/debug/debuggee.elf';

/** `rvnommu run --gdb 0` on `elf` with gdb-multiarch -batch running `commands` against it. */
function debugSession(programArgs: string[], commands: string[], elf = ELF): Promise<CliGdbSession> {
  return cliGdbSession(['run', '--clear-env', '--gdb', '0', elf, ...programArgs], elf, commands);
}

describeWithOracle('gdb-multiarch', 'GDB stub end to end on a Linux program (run --gdb)', () => {
  it('breaks at main of a PIE, steps, shows registers and code, watches a variable, follows a thread, continues to the exit', async () => {
    const session = await debugSession(
      [],
      [
        'break main',
        'continue',
        'info registers pc',
        'stepi',
        'x/i $pc',
        'watch *(int *)&counter',
        'continue',
        'delete',
        'break worker',
        'continue',
        'info threads',
        'delete',
        'continue',
      ],
    );
    const out = session.gdbOutput;
    expect(session.gdbStatus).toBe(0);
    // GDB relocates the PIE's symbols by the offsets the stub reports: main is where the kernel loaded it.
    const main = /Breakpoint 1 at 0x([0-9a-f]+)/.exec(out);
    expect(main).not.toBeNull();
    expect(Number.parseInt(main![1], 16)).toBeGreaterThanOrEqual(0x8000_0000);
    expect(out).toMatch(/Breakpoint 1, 0x[0-9a-f]+ in main \(\)/);
    expect(out).toMatch(/^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <main\+\d+>$/m);
    // GDB's breakpoint is past the prologue, at `if (argc > 1 ...)`'s blt: without arguments stepi takes it.
    expect(out).toMatch(/^0x[0-9a-f]+ in main \(\)\n=> 0x[0-9a-f]+ <main\+52>:\s+li\s+a0,1$/m);
    expect(out).toMatch(/Hardware watchpoint 2: \*\(int \*\)&counter\s+Old value = 0\s+New value = 1\s/);
    expect(out).toMatch(/\[New Thread 2\]/);
    expect(out).toMatch(/Thread 2 "debuggee.elf" hit Breakpoint 3, 0x[0-9a-f]+ in worker \(\)/);
    expect(out).toMatch(/^\s+1\s+Thread 1 "debuggee.elf" 0x[0-9a-f]+ in __clone \(\)$/m);
    expect(out).toMatch(/^\*\s+2\s+Thread 2 "debuggee.elf" 0x[0-9a-f]+ in worker \(\)$/m);
    expect(out).toMatch(/\[Inferior 1 \(Remote target\) exited with code 03\]/);
    expect(session.cliStatus).toBe(3);
    expect(session.cliOutput).toMatch(/^counter 13$/m);
  });

  it('reports a fault as SIGSEGV before it acts, and the program then dies of it', async () => {
    const session = await debugSession(['fault'], ['continue', 'x/i $pc', 'continue']);
    expect(session.gdbOutput).toMatch(/Program received signal SIGSEGV, Segmentation fault\.\n0x[0-9a-f]+ in main \(\)/);
    expect(session.gdbOutput).toMatch(/^=> 0x[0-9a-f]+ <main\+\d+>:\s+sw\s+a0,0\(zero\)/m);
    expect(session.gdbOutput).toMatch(/Program terminated with signal SIGSEGV, Segmentation fault\./);
    expect(session.cliStatus).toBe(128 + 11);
  });

  it('kills the program when GDB quits while it is stopped', async () => {
    const session = await debugSession([], ['break main', 'continue']);
    expect(session.gdbOutput).toMatch(/Breakpoint 1, 0x[0-9a-f]+ in main \(\)/);
    expect(session.cliErrors).toMatch(/^rvnommu: images\/bin\/debug\/debuggee\.elf: killed by the debugger$/m);
    expect(session.cliStatus).toBe(128 + 9);
    expect(session.cliOutput).toBe('');
  });

  it('follows the program into the image it execs: GDB loads its symbols, and a breakpoint at main hits there', async () => {
    const elf = 'images/bin/debug/reexec.elf';
    const session = await debugSession([], ['break main', 'continue', 'info registers pc', 'continue', 'info registers pc', 'continue'], elf);
    const out = session.gdbOutput;
    expect(out).toContain('Remote target is executing new program: /images/bin/debug/reexec.elf');
    // GDB sets its breakpoint at main again in the new image, which the kernel loaded elsewhere.
    const hits = [...out.matchAll(/^Breakpoint 1, (0x[0-9a-f]+) in main \(\)$/gm)].map((hit) => hit[1]);
    expect(hits).toHaveLength(2);
    expect(hits[1]).not.toBe(hits[0]);
    expect(out).toMatch(new RegExp(`^pc\\s+${hits[1]}\\s+${hits[1]} <main\\+\\d+>$`, 'm'));
    expect(out).toMatch(/\[Inferior 1 \(Remote target\) exited with code 04\]/);
    expect(session.cliOutput).toBe('reexec: running again\n');
    expect(session.cliStatus).toBe(4);
  });

  it('delivers the signal the program stopped for when GDB detaches, and the program runs on to its end', async () => {
    // signals.elf checks that its SIGUSR1 handler ran after raise().
    const session = await debugSession([], ['continue', 'detach'], 'images/bin/programs/signals.elf');
    expect(session.gdbOutput).toMatch(/Program received signal SIGUSR1, User defined signal 1\./);
    expect(session.gdbOutput).toMatch(/\[Inferior 1 \(Remote target\) detached\]/);
    expect(session.cliOutput + session.cliErrors).toMatch(/^signals: ok$/m);
    expect(session.cliStatus).toBe(0);
  });

  it('relocates an FDPIC program run from flash: its text in place in the ROM, its data in RAM (qOffsets TextSeg/DataSeg)', async () => {
    const elf = 'images/bin/fdpic/debug/debuggee.elf';
    const tree = mkdtempSync(join(tmpdir(), 'rvnommu-gdb-fdpic-'));
    mkdirSync(join(tree, 'rom'));
    copyFileSync(elf, join(tree, 'rom', 'debuggee.elf'));
    const rom = join(tree, 'fdpic.rom');
    expect(spawnSync('node', ['bin/rvnommu.js', 'mkimage', join(tree, 'rom'), '-o', rom]).status).toBe(0);
    const session = await cliGdbSession(
      ['run', '--clear-env', '--rom', rom, '--gdb', '0', '/rom/debuggee.elf'],
      elf,
      ['break main', 'continue', 'print &counter', 'print $gp', 'print (int)counter', 'set var *(int *)&counter = 5', 'continue'],
    );
    const out = session.gdbOutput;
    expect(session.gdbStatus).toBe(0);
    const inFlash = (address: number) => address >= FLASH_BASE && address < FLASH_BASE + FLASH_SIZE;
    const main = Number.parseInt(/Breakpoint 1 at 0x([0-9a-f]+)/.exec(out)![1], 16);
    expect(inFlash(main)).toBe(true);
    expect(out).toMatch(/Breakpoint 1, 0x[0-9a-f]+ in main \(\)/);
    // gp is the run-time GOT (DT_PLTGOT, __fdpic_got) the kernel computed: counter lies where the data moved with it.
    const counter = Number.parseInt(/^\$1 = .* 0x([0-9a-f]+) <counter>$/m.exec(out)![1], 16);
    const gp = Number.parseInt(/^\$2 = \(void \*\) 0x([0-9a-f]+) <__fdpic_got>$/m.exec(out)![1], 16);
    const symbols = ElfFile.parse(new Uint8Array(readFileSync(elf)), elf);
    expect(counter - gp).toBe(symbols.symbol('counter')!.value - symbols.symbol('__fdpic_got')!.value);
    expect(inFlash(counter)).toBe(false);
    expect(out).toMatch(/^\$3 = 0$/m);
    // The store through GDB's address of counter is the program's: 5, then 3 increments and the thread's 10.
    expect(session.cliOutput).toMatch(/^counter 18$/m);
    expect(session.cliStatus).toBe(3);
  });

  it('debugs a bFLT program without a symbol file: registers, code and stepping by address', async () => {
    const flat = 'images/bin/flat/hello.flt';
    const session = await cliGdbSession(
      ['run', '--clear-env', '--gdb', '0', flat],
      undefined,
      ['x/i $pc', 'stepi', 'info registers t0', 'continue'],
    );
    const out = session.gdbOutput;
    expect(session.gdbStatus).toBe(0);
    // The flat start code's first instruction loads argc.
    expect(out).toMatch(/^=> 0x[0-9a-f]+:\s+lw\s+t0,0\(sp\)$/m);
    expect(out).toMatch(/^t0\s+0x1\s+1$/m);
    expect(out).toMatch(/\[Inferior 1 \(Remote target\) exited normally\]/);
    expect(session.cliOutput).toBe('argc=1\nhello: ok\n');
    expect(session.cliStatus).toBe(0);
  });
});
