import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { gdbBatch, gdbPortIn } from '../test/gdbSession.js';
import { describeWithOracle } from '../test/oracle.js';
import { BareMachine } from '../cpu/BareMachine.js';
import { BareTarget } from './BareTarget.js';
import { runUnderGdb, type GdbRunEnd } from './runUnderGdb.js';

// The real client: Debian's gdb-multiarch in batch mode against the stub, on a committed bare ELF with symbols.
const ELF = 'images/bin/bench/workload-bare.elf';

interface Session {
  readonly gdbOutput: string;
  readonly gdbStatus: number | null;
  readonly end: GdbRunEnd;
  readonly programOutput: string;
}

/** Serves one machine on an ephemeral port and runs gdb-multiarch -batch with `commands` against it. */
async function debugSession(commands: string[]): Promise<Session> {
  let programOutput = '';
  const machine = new BareMachine(readFileSync(ELF), ELF, { output: (bytes) => (programOutput += Buffer.from(bytes).toString()) });
  let reportPort: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => (reportPort = resolve));
  const ending = runUnderGdb(new BareTarget(machine, ELF), {
    port: 0,
    log: (line) => {
      const found = gdbPortIn(line);
      if (found !== undefined) reportPort(found);
    },
  });
  const gdb = await gdbBatch(await port, ELF, commands);
  return { gdbOutput: gdb.output, gdbStatus: gdb.status, end: await ending, programOutput };
}

describeWithOracle('gdb-multiarch', 'GDB stub end to end', () => {
  it('breaks at a symbol, shows registers, steps, disassembles, watches a variable and continues to the exit', async () => {
    const session = await debugSession([
      'break *workload',
      'continue',
      'info registers pc sp ra',
      'stepi',
      'x/i $pc',
      'print $sp',
      'info registers priv mstatus misa',
      // crc_table[2], filled by crc_init soon after workload starts (the program has no debug info: plain C casts).
      'watch *((int *)&crc_table + 2)',
      'continue',
      'x/i $pc',
      'delete',
      'continue',
    ]);
    const out = session.gdbOutput;
    expect(session.gdbStatus).toBe(0);
    expect(out).toMatch(/Breakpoint 1 at 0x800000f8/);
    expect(out).toMatch(/Breakpoint 1, 0x800000f8 in workload \(\)/);
    expect(out).toMatch(/^pc\s+0x800000f8\s+0x800000f8 <workload>$/m);
    expect(out).toMatch(/^ra\s+0x8000002c\s+0x8000002c <bare_main\+24>$/m);
    // stepi runs `addi sp, sp, -64`: the next instruction stores ra into the new frame.
    expect(out).toMatch(/^0x800000fc in workload \(\)$/m);
    expect(out).toMatch(/^=> 0x800000fc <workload\+4>:\s+sw\s+ra,60\(sp\)$/m);
    expect(out).toMatch(/^\$1 = \(void \*\) 0x80005030$/m);
    expect(out).toMatch(/^priv\s+0x3\s+prv:3 \[Machine\]$/m);
    expect(out).toMatch(/^misa\s+0x40101101\s/m);
    // The watchpoint reports the store that changed the variable: GDB steps it itself (RISC-V watchpoints fire
    // before the access), so the stop is right after the `sw` in crc_init, inlined into workload.
    expect(out).toMatch(/Hardware watchpoint 2: \*\(\(int \*\)&crc_table \+ 2\)\s+Old value = 0\s+New value = -301047508\s/);
    expect(out).toMatch(/^=> 0x80000154 <workload\+92>:\s+add\s+a1,a1,1$/m);
    expect(out).toMatch(/\[Inferior 1 \(Remote target\) exited normally\]/);
    expect(session.end).toEqual({ kind: 'exited', code: 0 });
    expect(session.programOutput).toBe('workload checksum 0x32959f58\n');
  });

  it('interrupts nothing and kills the program when GDB quits while it is stopped', async () => {
    const session = await debugSession(['break *bare_main', 'continue', 'info registers pc']);
    expect(session.gdbOutput).toMatch(/Breakpoint 1, 0x80000014 in bare_main \(\)/);
    expect(session.end).toEqual({ kind: 'killed' });
    expect(session.programOutput).toBe('');
  });

  it('detaches, and the program runs on to its end without the debugger', async () => {
    const session = await debugSession(['break *workload', 'continue', 'detach']);
    expect(session.gdbOutput).toMatch(/Breakpoint 1, 0x800000f8 in workload \(\)/);
    expect(session.gdbOutput).toMatch(/\[Inferior 1 \(Remote target\) detached\]/);
    expect(session.end).toEqual({ kind: 'exited', code: 0 });
    expect(session.programOutput).toBe('workload checksum 0x32959f58\n');
  });
});
