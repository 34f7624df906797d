import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BareMachine } from '../cpu/BareMachine.js';
import { BareTarget } from './BareTarget.js';
import { Tracer } from './Tracer.js';

async function traceOf(path: string): Promise<{ lines: string[]; exitCode: number }> {
  const machine = new BareMachine(readFileSync(path), path, { output: () => {} });
  const target = new BareTarget(machine, path);
  let text = '';
  const tracer = new Tracer(target, (chunk) => (text += chunk));
  const end = await target.resume({ hook: tracer });
  tracer.flush();
  if (end.kind !== 'exited') throw new Error(`${path} did not exit: ${JSON.stringify(end)}`);
  return { lines: text.split('\n').slice(0, -1), exitCode: end.code };
}

describe('Tracer', () => {
  it('prints address, word, disassembly and the registers and CSRs each instruction changed', async () => {
    const { lines, exitCode } = await traceOf('images/bin/isa/alu.elf');
    expect(exitCode).toBe(0);
    expect(lines.slice(0, 12)).toEqual([
      '80000000: 00000193  li\tgp, 0',
      '80000004: 00000d93  li\ts11, 0',
      '80000008: 00000297  auipc\tt0, 0  t0=0x80000008',
      '8000000c: 7e828293  addi\tt0, t0, 2024  t0=0x800007f0',
      '80000010: 30529073  csrw\tmtvec, t0  mtvec=0x800007f0',
      '80000014: 00100193  li\tgp, 1  gp=0x00000001',
      '80000018: 00100593  li\ta1, 1  a1=0x00000001',
      '8000001c: 00100613  li\ta2, 1  a2=0x00000001',
      '80000020: 00c58533  add\ta0, a1, a2  a0=0x00000002',
      '80000024: 00200f93  li\tt6, 2  t6=0x00000002',
      '80000028: 01f50463  beq\ta0, t6, 0x80000030 <_start+0x30>',
      '80000030: 00200193  li\tgp, 2  gp=0x00000002',
    ]);
  });

  it('shows a trap as the CSRs and privilege it changed, and the next line at the handler', async () => {
    const { lines } = await traceOf('images/bin/isa/umode.elf');
    const ecall = lines.findIndex((line) => /: 00000073  ecall {2}.*mcause=0x00000008.*priv=M$/.test(line));
    expect(ecall).toBeGreaterThan(0);
    const mtvec = /mtvec=0x([0-9a-f]{8})/.exec(lines.slice(0, ecall).reverse().find((line) => line.includes('mtvec='))!)![1];
    expect(lines[ecall + 1].startsWith(`${mtvec}: `)).toBe(true);
  });

  it('gives identical traces on every run: time is the instruction count, interrupts included', async () => {
    const first = await traceOf('images/bin/isa/timer-ticks.elf');
    const second = await traceOf('images/bin/isa/timer-ticks.elf');
    expect(first.exitCode).toBe(0);
    expect(first.lines.some((line) => line.includes('mcause=0x80000007'))).toBe(true); // a timer interrupt
    expect(second.lines).toEqual(first.lines);
  });

  it('runs the program exactly as an untraced run does: same exit, same instruction count', async () => {
    // Instruction by instruction (as the tracer and breakpoints run it) versus BareMachine's full-speed slices.
    for (const program of ['timer-ticks', 'interrupt-latency', 'interrupts', 'timer-compare', 'umode', 'traps']) {
      const path = `images/bin/isa/${program}.elf`;
      const free = new BareMachine(readFileSync(path), path, { output: () => {} }).run();
      const machine = new BareMachine(readFileSync(path), path, { output: () => {} });
      const end = await new BareTarget(machine, path).resume({ hook: { before: () => undefined } });
      expect({ program, end, retired: machine.hart.retired }).toEqual({
        program,
        end: { kind: 'exited', code: free.exitCode },
        retired: free.instructions,
      });
    }
  });
});
