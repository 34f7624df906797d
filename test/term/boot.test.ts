import { afterEach, describe, expect, it } from 'vitest';
import { PROMPT, PtyConsole } from './PtyConsole.js';

describe('rvnommu boot on a terminal (node-pty + xterm.js)', () => {
  let session: PtyConsole | undefined;

  /** Boots the built-in system and waits for the shell's first prompt. */
  async function boot(size?: { columns: number; rows: number }): Promise<PtyConsole> {
    session = new PtyConsole(['boot'], size);
    await session.waitFor('the first prompt', (lines) => (lines.some((line) => line.trimEnd() === PROMPT) ? true : undefined));
    return session;
  }

  afterEach(() => {
    session?.close();
    session = undefined;
  });

  it('boots to a shell prompt and lists /', async () => {
    const terminal = await boot();
    expect(terminal.lines().join('\n')).toContain('Welcome to rvnommu');
    const listing = await terminal.run('ls /');
    expect(listing.join(' ').split(/\s+/).filter(Boolean)).toEqual(['bin', 'dev', 'etc', 'proc', 'sbin', 'tmp', 'usr']);
  });

  it('expands arithmetic and runs a pipeline', async () => {
    const terminal = await boot();
    expect(await terminal.run('echo $((6*7))')).toEqual(['42']);
    expect(await terminal.run("echo 'through two pipes' | cat | cat")).toEqual(['through two pipes']);
    // Lines end as the guest's line discipline ends them (\r\n), not translated again by the host tty.
    expect(terminal.received).toContain('42\r\n');
    expect(terminal.received).not.toContain('\r\r\n');
  });

  it('interrupts `sleep 10` with ^C: the shell survives and prompts again', async () => {
    const terminal = await boot();
    const row = terminal.cursorRow();
    // A child shell says when the job is in the foreground: an `echo` of the interactive shell itself comes before
    // sleep's group owns the terminal, and a ^C typed then would reach the shell instead (which goes on).
    terminal.type("sh -c 'echo sleeping; sleep 10'\r");
    await terminal.waitFor('sleeping', (lines) => (lines.includes('sleeping') ? true : undefined));
    terminal.type('\x03');
    // Sooner than sleep would end on its own.
    await terminal.waitForPrompt(row, 8_000);
    expect(await terminal.run('echo $?')).toEqual(['130']);
    expect(await terminal.run('echo still here')).toEqual(['still here']);
  });

  it('stops the foreground job on ^Z (state T), and fg lets it finish', async () => {
    const terminal = await boot();
    const row = terminal.cursorRow();
    terminal.type("sh -c 'echo sleeping; sleep 2; echo woke'\r");
    await terminal.waitFor('sleeping', (lines) => (lines.includes('sleeping') ? true : undefined));
    terminal.type('\x1a');
    await terminal.waitForPrompt(row, 8_000);
    expect(terminal.lines().join('\n')).toMatch(/\[1\] Stopped +sh -c 'echo sleeping; sleep 2; echo woke'/);
    // ^Z may come before the job's shell has started `sleep 2`: every process the job has by then is stopped.
    const processes = await terminal.run('ps');
    // The ^Z may reach the job before `sh -c` has started sleep: then the shell of the job is what stopped.
    const job = processes.filter((line) => line.includes('sleep 2'));
    expect(job.length).toBeGreaterThan(0);
    for (const line of job) expect(line).toMatch(/ T +\d+ /);
    expect(await terminal.run('fg')).toEqual(["sh -c 'echo sleeping; sleep 2; echo woke'", 'woke']);
  });

  it('tells the guest the window size (TIOCGWINSZ, as ls lays out its columns) and follows a resize', async () => {
    const terminal = await boot({ columns: 100, rows: 30 });
    const names = await terminal.run('ls -1 /bin');
    expect(names).toContain('sh');
    // ls's columns: as wide as the longest name plus two, as many as fit the terminal's width.
    const width = Math.max(...names.map((name) => name.length)) + 2;
    // ls fills its columns top to bottom, so the first row holds as many names as there are columns in use.
    const columnsFor = (screen: number) => {
      const rows = Math.ceil(names.length / Math.floor(screen / width));
      return Math.ceil(names.length / rows);
    };
    const columnsShown = async () => (await terminal.run('ls /bin'))[0].split(/\s+/).filter(Boolean).length;
    // rvnommu learns a new size when node handles the SIGWINCH the pty sends, an event-loop turn after the change,
    // so a command typed at once may still see the old one: the test asks again until it sees the new size.
    const resizeAndSee = async (columns: number, expected: number) => {
      terminal.resize(columns, 30);
      let shown = await columnsShown();
      for (let attempt = 1; shown !== expected && attempt < 10; attempt++) shown = await columnsShown();
      expect(shown).toBe(expected);
    };

    expect(await columnsShown()).toBe(columnsFor(100));
    await resizeAndSee(2 * width + 1, 2);
    await resizeAndSee(100, columnsFor(100));
  });

  it('boots again on reboot in the same raw terminal, and exits with status 0 on poweroff', async () => {
    const terminal = await boot();
    terminal.type('reboot\r');
    await terminal.waitForText('reboot: Restarting system');
    const restarted = terminal.lines().findIndex((line) => line.includes('reboot: Restarting system'));
    await terminal.waitForPrompt(restarted);
    expect(terminal.lines().slice(restarted).join('\n')).toContain('Welcome to rvnommu');
    // The guest's line discipline still has the keys: the command is echoed once, its output follows.
    expect(await terminal.run('echo $((6*7))')).toEqual(['42']);
    terminal.type('poweroff\r');
    await terminal.waitForText('reboot: Power down');
    expect((await terminal.exited).exitCode).toBe(0);
    expect(terminal.received).toMatch(/\r\n\[ +\d+\.\d{6}\] reboot: Power down\r\n/);
  });

  it('quits on Ctrl-A x', async () => {
    const terminal = await boot();
    terminal.type('\x01x');
    expect((await terminal.exited).exitCode).toBe(0);
    await terminal.waitForText('rvnommu: quit (Ctrl-A x)');
  });
});
