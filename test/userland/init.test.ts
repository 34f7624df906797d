import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSystem, run } from './userland.js';

const system = makeSystem();
const BANNER = 'init: Linux rvnommu 6.1.0-rvnommu #1 rvnommu no-MMU riscv32\n';
const POWER_OFF = 'init: the system is going down for power off\n';
/** The kernel's console line when the machine stops; `rvnommu run` prints it on stderr. */
const consoleLine = (message: string) => new RegExp(`^\\[ +\\d+\\.\\d{6}\\] reboot: ${message}\\n$`);

describe('init on rvnommu', () => {
  it('mounts the file systems once, starts a shell on its stdin, and powers off when the shell ends with status 0', () => {
    const result = run(system, 'init', [], { input: 'echo from the console\nmount\nps\n' });
    expect(result.stderr).toMatch(consoleLine('Power down'));
    expect(result.stdout.startsWith(`${BANNER}from the console\n`)).toBe(true);
    expect(result.stdout.endsWith(POWER_OFF)).toBe(true);
    for (const mount of ['proc /proc proc', 'tmpfs /tmp tmpfs', 'tmpfs /dev/shm tmpfs']) {
      expect(result.stdout.split('\n').filter((line) => line.startsWith(mount))).toHaveLength(1);
    }
    expect(result.stdout).toMatch(/^ +1 +0 +1 S +\d+ bin\/init$/m);
    expect(result.stdout).toMatch(/^ +2 +1 +\d+ S +\d+ \/bin\/sh$/m);
    expect(result.status).toBe(0);
  });

  it('runs /etc/rc with the shell before the console shell', () => {
    const etc = mkdtempSync(join(tmpdir(), 'rvnommu-etc-'));
    writeFileSync(join(etc, 'rc'), 'echo rc: $0\nmkdir /tmp/from-rc\n');
    const result = run(system, 'init', [], { input: 'ls /tmp\nexit\n', mounts: [`${etc}:/etc`] });
    expect(result.stdout).toBe(`${BANNER}rc: /etc/rc\nfrom-rc\n${POWER_OFF}`);
    expect(result.status).toBe(0);
  });

  it('starts the shell again when it ends with another status', () => {
    const result = run(system, 'init', [], { input: 'echo first shell $$\nexit 3\necho second shell $$\n' });
    expect(result.stdout).toMatch(/^init: .*\nfirst shell 2\nsecond shell 3\ninit: the system is going down for power off\n$/);
    expect(result.status).toBe(0);
  });

  it('reaps orphans and ends the processes still running when the system powers off', () => {
    const started = Date.now();
    const result = run(system, 'init', [], { input: 'sh -c "sleep 30 & sleep 30 &"\nsleep 0.1\nps\nexit 0\n' });
    // The two sleeps outlived their shell: init is their parent now.
    expect(result.stdout.split('\n').filter((line) => /^ +\d+ +1 +\d+ S +\d+ sleep 30$/.test(line))).toHaveLength(2);
    expect(result.stdout.endsWith(POWER_OFF)).toBe(true);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.status).toBe(0);
  });

  it('halts, powers off or restarts on halt, poweroff and reboot (its SIGUSR1, SIGUSR2 and SIGTERM), ending the others first', () => {
    const cases: [string, string, string][] = [
      ['halt', 'halt', 'System halted'],
      ['poweroff', 'power off', 'Power down'],
      ['reboot', 'reboot', 'Restarting system'],
    ];
    for (const [command, what, message] of cases) {
      // The shell waits in sleep, reading no more input, until init's SIGTERM ends it.
      const result = run(system, 'init', [], { input: `sleep 30 &\n${command}; sleep 30\necho not run\n` });
      expect(result.stdout).toBe(`${BANNER}init: the system is going down for ${what}\n`);
      expect(result.stderr).toMatch(consoleLine(message));
      expect(result.status).toBe(0);
    }
  });
});
