import { describe, expect, it, vi } from 'vitest';
import { type Command, parseCommandArgs } from './Command.js';

const command: Command = { help: 'Usage: probe [options] program [args...]', run: async () => 0 };
const options = { ram: { type: 'string' }, E: { type: 'string', short: 'E', multiple: true }, count: { type: 'boolean' } } as const;

describe('parseCommandArgs', () => {
  it('with a program, ends the options at its path: what follows is the program’s, even if it looks like an option', () => {
    const parsed = parseCommandArgs(command, ['--ram', '8M', '-E', 'A=1', '--count', 'prog.elf', '--ram', '-x'], options, { programFollows: true });
    expect(parsed?.values).toEqual({ ram: '8M', E: ['A=1'], count: true });
    expect(parsed?.positionals).toEqual(['prog.elf', '--ram', '-x']);
    expect(parseCommandArgs(command, ['--count', '--', '-prog.elf', 'a'], options, { programFollows: true })?.positionals).toEqual(['-prog.elf', 'a']);
  });

  it('without one, takes options and operands in any order, and refuses an unknown option', () => {
    const parsed = parseCommandArgs(command, ['a', '--ram', '8M', 'b'], options);
    expect(parsed?.values).toEqual({ ram: '8M' });
    expect(parsed?.positionals).toEqual(['a', 'b']);
    expect(() => parseCommandArgs(command, ['--nope'], options)).toThrow(/Unknown option '--nope'/);
  });

  it('shows the help for -h or --help and leaves nothing for the command to do', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(parseCommandArgs(command, ['--ram', '8M', '-h'], options, { programFollows: true })).toBeUndefined();
    expect(parseCommandArgs(command, ['x', '--help'], options)).toBeUndefined();
    expect(log.mock.calls).toEqual([[command.help], [command.help]]);
    log.mockRestore();
  });
});
