import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { bareCommand } from '../cli/bare.js';
import { UsageError } from '../cli/Command.js';

// The debugging options of `rvnommu bare`, as cli/main.ts runs the command: mistakes are one-line UsageErrors.
const ELF = 'images/bin/isa/alu.elf';

describe('rvnommu bare --gdb / --trace options', () => {
  it('rejects a port that is not a TCP port', async () => {
    await expect(bareCommand.run(['--gdb', '70000', ELF])).rejects.toThrow(new UsageError('--gdb 70000: not a TCP port (0-65535)'));
    await expect(bareCommand.run(['--gdb', 'http', ELF])).rejects.toThrow(UsageError);
  });

  it('says so in one line when the port is taken', async () => {
    const server = createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    try {
      await expect(bareCommand.run(['--gdb', String(port), ELF])).rejects.toThrow(new UsageError(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`));
    } finally {
      server.close();
    }
  });

  it('refuses combinations that cannot work together', async () => {
    await expect(bareCommand.run(['--gdb', '0', '--trace', ELF])).rejects.toThrow(new UsageError('bare: --trace and --gdb cannot be combined'));
    await expect(bareCommand.run(['--gdb', '0', '--max-instructions', '10', ELF])).rejects.toThrow(
      new UsageError('bare: --max-instructions does not apply under --gdb (interrupt the program from GDB instead)'),
    );
  });
});
