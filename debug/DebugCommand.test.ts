import { afterEach, describe, expect, it, vi } from 'vitest';
import { debugCommand } from '../cli/debug.js';
import { UsageError } from '../cli/Command.js';

// `rvnommu debug` as cli/main.ts runs it: arguments in, text on stdout, UsageError for what the user must fix.
describe('rvnommu debug', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('runs --ex commands in --batch mode and prints each with its output', async () => {
    let output = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
      output += String(text);
      return true;
    });
    const status = await debugCommand.run(['--batch', '--ex', 'break workload', '--ex', 'continue', '--ex', 'p $ra', 'images/bin/bench/workload-bare.elf']);
    expect(status).toBe(0);
    expect(output).toBe(
      [
        '0x80000000 in _start',
        '=> 80000000: 00005117  auipc\tsp, 5',
        '(rvnommu) break workload',
        'Breakpoint 1 at 0x800000f8 <workload>',
        '(rvnommu) continue',
        'Breakpoint 1, 0x800000f8 in workload',
        '=> 800000f8: fc010113  addi\tsp, sp, -64',
        '(rvnommu) p $ra',
        '0x8000002c = 2147483692 = -2147483604 <bare_main+0x18>',
        '',
      ].join('\n'),
    );
  });

  it('debugs a Linux program (no tohost) under the kernel: catches its write and sees its output', async () => {
    let output = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
      output += typeof text === 'string' ? text : Buffer.from(text).toString();
      return true;
    });
    const status = await debugCommand.run(['--batch', '--ex', 'catch syscall write', '--ex', 'continue', '--ex', 'p $a2', '--ex', 'continue', 'images/bin/smoke/hello.elf']);
    expect(status).toBe(0);
    expect(output).toMatch(/^\(rvnommu\) continue\nCatchpoint 1 \(syscall 64 write\), 0x[0-9a-f]{8}\n=> [0-9a-f]{8}: 00000073  ecall\n/m);
    // The first write is "hello from rv32\n": it happens once the debugger lets the ecall run.
    expect(output).toMatch(/^\(rvnommu\) p \$a2\n0x00000010 = 16 = 16\n\(rvnommu\) continue\nhello from rv32\nCatchpoint 1/m);
  });

  it('refuses files it cannot read, and a missing program, with one line', async () => {
    await expect(debugCommand.run(['--batch', 'no/such.elf'])).rejects.toThrow(new UsageError('cannot read no/such.elf: ENOENT'));
    await expect(debugCommand.run([])).rejects.toThrow(UsageError);
  });
});
