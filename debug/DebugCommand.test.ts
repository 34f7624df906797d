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

  it('refuses programs it cannot debug yet, and files it cannot read, with one line', async () => {
    await expect(debugCommand.run(['--batch', 'images/bin/smoke/hello.elf'])).rejects.toThrow(
      new UsageError("debug: images/bin/smoke/hello.elf has no 'tohost' symbol; only bare-metal programs can be debugged so far"),
    );
    await expect(debugCommand.run(['--batch', 'no/such.elf'])).rejects.toThrow(new UsageError('cannot read no/such.elf: ENOENT'));
    await expect(debugCommand.run([])).rejects.toThrow(UsageError);
  });
});
