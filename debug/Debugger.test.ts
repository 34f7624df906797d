import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BareMachine } from '../cpu/BareMachine.js';
import { BareTarget } from './BareTarget.js';
import { Debugger } from './Debugger.js';
import { runDebugRepl } from './DebugRepl.js';
import { Tracer } from './Tracer.js';

// The built-in debugger driven command by command, as a user would type them.
const WORKLOAD_ELF = 'images/bin/bench/workload-bare.elf';

function debuggerFor(path: string, traced = false): { debug: Debugger; target: BareTarget; trace: () => string } {
  const machine = new BareMachine(readFileSync(path), path, { output: () => {} });
  const target = new BareTarget(machine, path);
  let trace = '';
  const tracer = traced ? new Tracer(target, (text) => (trace += text)) : undefined;
  return { debug: new Debugger(target, tracer), target, trace: () => trace };
}

/** Little-endian bytes of instruction words (encodings from llvm-mc-14 -show-encoding). */
function code(...words: number[]): Uint8Array {
  return new Uint8Array(Uint32Array.from(words).buffer);
}

describe('Debugger: breakpoints and stepping', () => {
  it('starts stopped before the entry point', () => {
    const { debug } = debuggerFor(WORKLOAD_ELF);
    expect(debug.location()).toBe('0x80000000 in _start\n=> 80000000: 00005117  auipc\tsp, 5');
  });

  it('breaks at a symbol and at an address, and continuing passes the breakpoint it stopped at', async () => {
    const { debug } = debuggerFor(WORKLOAD_ELF);
    expect(await debug.execute('break workload')).toBe('Breakpoint 1 at 0x800000f8 <workload>');
    expect(await debug.execute('b workload+8')).toBe('Breakpoint 2 at 0x80000100 <workload+0x8>');
    expect(await debug.execute('info breakpoints')).toBe(
      'Num  Type        Address     What\n1    breakpoint  0x800000f8  workload\n2    breakpoint  0x80000100  workload+0x8',
    );
    expect(await debug.execute('continue')).toBe('Breakpoint 1, 0x800000f8 in workload\n=> 800000f8: fc010113  addi\tsp, sp, -64');
    expect(await debug.execute('c')).toBe('Breakpoint 2, 0x80000100 in workload+0x8\n=> 80000100: 02812c23  sw\ts0, 56(sp)');
    expect(await debug.execute('delete 2')).toBe('');
    expect(await debug.execute('info b')).toBe('Num  Type        Address     What\n1    breakpoint  0x800000f8  workload');
    expect(await debug.execute('delete 7')).toBe('No breakpoint number 7.');
  });

  it('steps single instructions and shows the registers they changed', async () => {
    const { debug } = debuggerFor(WORKLOAD_ELF);
    expect(await debug.execute('stepi')).toBe('0x80000004 in _start+0x4\n=> 80000004: 08010113  addi\tsp, sp, 128');
    expect(await debug.execute('stepi 2')).toBe('0x8000000c in _start+0xc\n=> 8000000c: 00c080e7  jalr\t12(ra)');
    expect(await debug.execute('regs')).toBe(
      [
        'zero 0x00000000  ra   0x80000008  sp   0x80005080  gp   0x00000000',
        'tp   0x00000000  t0   0x00000000  t1   0x00000000  t2   0x00000000',
        's0   0x00000000  s1   0x00000000  a0   0x00000000  a1   0x00000000',
        'a2   0x00000000  a3   0x00000000  a4   0x00000000  a5   0x00000000',
        'a6   0x00000000  a7   0x00000000  s2   0x00000000  s3   0x00000000',
        's4   0x00000000  s5   0x00000000  s6   0x00000000  s7   0x00000000',
        's8   0x00000000  s9   0x00000000  s10  0x00000000  s11  0x00000000',
        't3   0x00000000  t4   0x00000000  t5   0x00000000  t6   0x00000000',
        'pc   0x8000000c <_start+0xc>  priv M',
      ].join('\n'),
    );
    // An empty line does nothing here; the REPL repeats the last command.
    expect(await debug.execute('')).toBe('');
  });

  it('nexti runs a called function to its return; stepi enters it', async () => {
    // fences.elf: `jalr 496(ra)` at 0x80000018 calls `patchable` at 0x80000204, which returns to 0x8000001c.
    const stepped = debuggerFor('images/bin/isa/fences.elf').debug;
    const nexted = debuggerFor('images/bin/isa/fences.elf').debug;
    for (const debug of [stepped, nexted]) {
      await debug.execute('break 0x80000018');
      await debug.execute('continue');
      await debug.execute('delete');
    }
    expect(await stepped.execute('stepi')).toMatch(/^0x80000204 in patchable\n/);
    expect(await nexted.execute('nexti')).toBe('0x8000001c in _start+0x1c\n=> 8000001c: 00100193  li\tgp, 1');
  });

  it('stops at a breakpoint inside a function that nexti runs over', async () => {
    const { debug } = debuggerFor('images/bin/isa/fences.elf');
    await debug.execute('break 0x80000018');
    await debug.execute('continue');
    expect(await debug.execute('break patchable')).toBe('Breakpoint 2 at 0x80000204 <patchable>');
    expect(await debug.execute('nexti')).toMatch(/^Breakpoint 2, 0x80000204 in patchable\n/);
  });

  it('catches syscalls before the ecall, and continuing runs the ecall', async () => {
    const { debug } = debuggerFor('images/bin/isa/umode.elf');
    expect(await debug.execute('catch syscall')).toBe('Catchpoint 1 (any syscall)');
    expect(await debug.execute('continue')).toMatch(/^Catchpoint 1 \(syscall \d+( \w+)?\), 0x80000050 in _start\+0x50\n=> 80000050: 00000073  ecall$/);
    expect(await debug.execute('continue')).toMatch(/^Catchpoint 1 \(syscall \d+( \w+)?\), 0x[0-9a-f]{8} in .*\n=> [0-9a-f]{8}: 00000073  ecall$/);
    expect(await debug.execute('catch syscall write')).toBe('Catchpoint 2 (syscall 64 write)');
    expect(await debug.execute('catch syscall nosuchcall')).toBe("unknown syscall 'nosuchcall'");
    expect(await debug.execute('catch signal')).toBe('usage: catch syscall [NUMBER|NAME]');
  });

  it('reports the end of the program and refuses to run on', async () => {
    const { debug } = debuggerFor('images/bin/isa/alu.elf');
    expect(await debug.execute('continue')).toBe('Program exited with code 0.');
    expect(await debug.execute('stepi')).toBe('The program is not being run (Program exited with code 0.)');
    expect(await debug.execute('regs')).toMatch(/^zero 0x00000000/);
  });
});

describe('Debugger: watchpoints', () => {
  it('reports a write with the old and new value and the instruction that wrote', async () => {
    const { debug } = debuggerFor(WORKLOAD_ELF);
    expect(await debug.execute('watch crc_table+8')).toBe('Watchpoint 1: 0x80006108 <crc_table+0x8> (4 bytes)');
    expect(await debug.execute('continue')).toBe(
      [
        'Watchpoint 1: 0x80006108 <crc_table+0x8> written by 80000150: 00a62023  sw\ta0, 0(a2)',
        'Old value = 0x00000000 (0)',
        'New value = 0xee0e612c (3993919788)',
        '0x80000154 in workload+0x5c',
        '=> 80000154: 00158593  addi\ta1, a1, 1',
      ].join('\n'),
    );
  });

  it('does not stop for a write that leaves the value unchanged', async () => {
    const { debug, target } = debuggerFor('images/bin/isa/alu.elf');
    // lui t0, 0x80004; sw zero, 0(t0); li t1, 5; sw t1, 0(t0)  (then alu.elf carries on and passes)
    expect(target.writeMemory(0x8000_0000, code(0x800042b7, 0x0002a023, 0x00500313, 0x0062a023))).toBe(true);
    await debug.execute('watch 0x80004000');
    expect(await debug.execute('continue')).toBe(
      [
        'Watchpoint 1: 0x80004000 written by 8000000c: 0062a023  sw\tt1, 0(t0)',
        'Old value = 0x00000000 (0)',
        'New value = 0x00000005 (5)',
        '0x80000010 in _start+0x10',
        '=> 80000010: 30529073  csrw\tmtvec, t0',
      ].join('\n'),
    );
    expect(await debug.execute('continue')).toBe('Program exited with code 0.');
  });

  it('reports a read with the value and the instruction that read', async () => {
    const { debug } = debuggerFor(WORKLOAD_ELF);
    expect(await debug.execute('rwatch buffer 16')).toBe('Read watchpoint 1: 0x80005100 <buffer> (16 bytes)');
    expect(await debug.execute('continue')).toMatch(
      /^Read watchpoint 1: 0x80005100 <buffer> read by [0-9a-f]{8}: [0-9a-f]{8} {2}lbu\t.*\nValue = ([0-9a-f]{2} ){15}[0-9a-f]{2}\n0x[0-9a-f]{8} in workload\+0x[0-9a-f]+\n=> /,
    );
  });

  it('reports an access watchpoint met while stepping, and stops stepping there', async () => {
    const { debug } = debuggerFor(WORKLOAD_ELF);
    // bare_main's prologue saves ra at 12(sp), with sp = 0x80005070.
    expect(await debug.execute('awatch 0x8000507c')).toBe('Access watchpoint 1: 0x8000507c (4 bytes)');
    expect(await debug.execute('stepi 10')).toBe(
      [
        'Access watchpoint 1: 0x8000507c accessed by 80000018: 00112623  sw\tra, 12(sp)',
        'Old value = 0x00000000 (0)',
        'New value = 0x80000010 (2147483664)',
        '0x8000001c in bare_main+0x8',
        '=> 8000001c: 00812423  sw\ts0, 8(sp)',
      ].join('\n'),
    );
    expect(await debug.execute('watch 0x80000000 0')).toBe('cannot watch 0 bytes at 0x80000000');
  });
});

describe('Debugger: inspection', () => {
  it('dumps memory with ASCII, and says where memory ends', async () => {
    const { debug } = debuggerFor(WORKLOAD_ELF);
    expect(await debug.execute('x 0x800005cc 17')).toBe(
      [
        '800005cc: 30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|',
        '800005dc: 00                                                |.|',
      ].join('\n'),
    );
    expect(await debug.execute('x 0x83fffff8 16')).toBe(
      '83fffff8: 00 00 00 00 00 00 00 00                           |........|\ncannot read memory at 0x84000000',
    );
    expect(await debug.execute('x')).toBe('usage: x ADDR [LENGTH]');
  });

  it('disassembles around pc with symbol headers, the current instruction and breakpoints marked', async () => {
    const { debug } = debuggerFor(WORKLOAD_ELF);
    await debug.execute('break bare_main+4');
    await debug.execute('stepi 4');
    expect(await debug.execute('disasm')).toBe(
      [
        '   80000004: 08010113  addi\tsp, sp, 128',
        '   80000008: 00000097  auipc\tra, 0',
        '   8000000c: 00c080e7  jalr\t12(ra)',
        '   80000010: 0000006f  j\t0x80000010 <_start+0x10>',
        '<bare_main>:',
        '=> 80000014: ff010113  addi\tsp, sp, -16',
        ' * 80000018: 00112623  sw\tra, 12(sp)',
        '   8000001c: 00812423  sw\ts0, 8(sp)',
        '   80000020: 32000513  li\ta0, 800',
        '   80000024: 00000097  auipc\tra, 0',
        '   80000028: 0d4080e7  jalr\t212(ra)',
      ].join('\n'),
    );
    expect(await debug.execute('disasm workload 2')).toBe('<workload>:\n   800000f8: fc010113  addi\tsp, sp, -64\n   800000fc: 02112e23  sw\tra, 60(sp)');
    expect(await debug.execute('disasm 0x7ffffffc 2')).toBe('cannot read memory at 0x7ffffffc');
  });

  it('follows the frame-pointer chain for a backtrace', async () => {
    const { debug, target } = debuggerFor(WORKLOAD_ELF);
    // Two frame records as -fno-omit-frame-pointer code leaves them: [s0-4] = ra, [s0-8] = caller's s0.
    const inner = 0x8000_4f00;
    const outer = 0x8000_4f80;
    const words = new DataView(new ArrayBuffer(8));
    const record = (at: number, ra: number, callerFp: number) => {
      words.setUint32(0, callerFp, true);
      words.setUint32(4, ra, true);
      target.writeMemory(at - 8, new Uint8Array(words.buffer.slice(0)));
    };
    record(inner, 0x8000_002c, outer); // returns into bare_main
    record(outer, 0x8000_0010, 0); // returns into _start; the chain ends
    target.setRegister(1, 32, 0x8000_0100);
    target.setRegister(1, 8, inner);
    expect(await debug.execute('bt')).toBe('#0  0x80000100 in workload+0x8\n#1  0x8000002c in bare_main+0x18\n#2  0x80000010 in _start+0x10');
    // At a function's first instruction its record does not exist yet: the caller is in ra, s0 is the caller's.
    target.setRegister(1, 32, 0x8000_00f8);
    target.setRegister(1, 1, 0x8000_002c);
    target.setRegister(1, 8, outer);
    expect(await debug.execute('backtrace')).toBe('#0  0x800000f8 in workload\n#1  0x8000002c in bare_main+0x18\n#2  0x80000010 in _start+0x10');
    // A record pointing to itself ends the walk instead of looping.
    record(inner, 0x8000_002c, inner);
    target.setRegister(1, 32, 0x8000_0100);
    target.setRegister(1, 8, inner);
    expect(await debug.execute('bt')).toBe('#0  0x80000100 in workload+0x8\n#1  0x8000002c in bare_main+0x18');
  });

  it('evaluates expressions, sets registers, lists CSRs and threads', async () => {
    const { debug } = debuggerFor(WORKLOAD_ELF);
    expect(await debug.execute('print workload+0x10')).toBe('0x80000108 = 2147483912 = -2147483384 <workload+0x10>');
    expect(await debug.execute('p $pc - 4')).toBe('0x7ffffffc = 2147483644 = 2147483644');
    expect(await debug.execute('p $misa')).toBe('0x40101101 = 1074794753 = 1074794753');
    expect(await debug.execute('set $a0 = 0x1234')).toBe('');
    expect(await debug.execute('p $x10')).toBe('0x00001234 = 4660 = 4660');
    expect(await debug.execute('set $zero = 1')).toBe('cannot set $zero');
    expect(await debug.execute('set a0 1')).toBe('usage: set $REGISTER = EXPR');
    expect(await debug.execute('csrs')).toMatch(/^mstatus {4}0x00000000\nmisa {7}0x40101101\n/);
    expect(await debug.execute('info threads')).toBe('* 1     hart0');
    expect(await debug.execute('thread 2')).toBe('Unknown thread 2.');
    expect(await debug.execute('info symbol 0x80000030')).toBe('bare_main+0x1c');
  });

  it('answers bad input with one line, never an exception', async () => {
    const { debug } = debuggerFor(WORKLOAD_ELF);
    expect(await debug.execute('frobnicate')).toBe('Undefined command: "frobnicate".  Try "help".');
    expect(await debug.execute('break nosuch')).toBe("no symbol 'nosuch' in the program");
    expect(await debug.execute('break 0x1ffffffff')).toBe('0x1ffffffff does not fit in 32 bits');
    expect(await debug.execute('break')).toBe('an address or value is needed');
    expect(await debug.execute('x $nosuch')).toBe('no register $nosuch');
    expect(await debug.execute('p 1 +')).toBe("cannot read '1 +' as an address (numbers, $registers, symbols, + and -)");
    expect(await debug.execute('p 1 * 2')).toBe("unexpected '* 2' in '1 * 2'");
    expect(await debug.execute('info')).toBe('info breakpoints | registers | threads | symbol ADDR');
    expect(await debug.execute('help')).toMatch(/^Commands/);
  });
});

describe('Debugger: tracing while debugging', () => {
  it('traces exactly the instructions that ran, up to the stop', async () => {
    const { debug, trace } = debuggerFor(WORKLOAD_ELF, true);
    await debug.execute('break bare_main');
    await debug.execute('continue');
    expect(trace()).toBe(
      [
        '80000000: 00005117  auipc\tsp, 5  sp=0x80005000',
        '80000004: 08010113  addi\tsp, sp, 128  sp=0x80005080',
        '80000008: 00000097  auipc\tra, 0  ra=0x80000008',
        '8000000c: 00c080e7  jalr\t12(ra)  ra=0x80000010',
        '',
      ].join('\n'),
    );
    await debug.execute('stepi');
    expect(trace().endsWith('80000014: ff010113  addi\tsp, sp, -16  sp=0x80005070\n')).toBe(true);
  });
});

describe('DebugRepl', () => {
  it('runs commands line by line, repeats the last one on an empty line, and stops at quit', async () => {
    const { debug } = debuggerFor(WORKLOAD_ELF);
    let output = '';
    await runDebugRepl(debug, {
      input: Readable.from(['stepi\n', '\n', 'p $pc\nquit\n', 'stepi\n']),
      write: (text) => (output += text),
      interrupt: () => {},
      interactive: false,
    });
    expect(output).toBe(
      [
        '0x80000004 in _start+0x4',
        '=> 80000004: 08010113  addi\tsp, sp, 128',
        '0x80000008 in _start+0x8',
        '=> 80000008: 00000097  auipc\tra, 0',
        '0x80000008 = 2147483656 = -2147483640 <_start+0x8>',
        '',
      ].join('\n'),
    );
    expect(debug.done).toBe(true);
  });
});
