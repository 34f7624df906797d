import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeFilter } from '../../cli/boot.js';
import { cliGdbSession } from '../gdbSession.js';
import { describeWithOracle } from '../oracle.js';

function rvnommu(args: string[], input = '') {
  return spawnSync('node', ['bin/rvnommu.js', ...args], { encoding: 'utf8', input, timeout: 60_000 });
}

/** A romfs image whose /sbin/init is `program` (and that has the /dev devtmpfs goes on, unless told otherwise). */
function imageWithInit(program: string, withDev = true): string {
  const root = mkdtempSync(join(tmpdir(), 'rvnommu-boot-'));
  mkdirSync(join(root, 'sbin'));
  if (withDev) mkdirSync(join(root, 'dev'));
  copyFileSync(program, join(root, 'sbin', 'init'));
  const image = join(mkdtempSync(join(tmpdir(), 'rvnommu-boot-image-')), 'root.rom');
  const made = rvnommu(['mkimage', root, '-o', image]);
  expect(made.stderr).toBe('');
  return image;
}

describe('rvnommu boot', () => {
  it('runs /sbin/init from the romfs root as pid 1 on the console; its end is a kernel panic, and status 1', () => {
    const boot = rvnommu(['boot', imageWithInit('images/bin/programs/exit3.elf')]);
    expect(boot.stderr).toMatch(/^rvnommu: booted .*root\.rom \(\d+ KiB romfs\) in \d+ ms, starting init\r\n$/);
    // Linux's panic() lines, on the console (stdout here), with init's wait status as the exit code.
    const panic = 'Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000300';
    expect(boot.stdout).toMatch(new RegExp(`\n\\[ +\\d+\\.\\d{6}\\] ${panic}\n\\[ +\\d+\\.\\d{6}\\] ---\\[ end ${panic} \\]---\n$`));
    expect(boot.status).toBe(1);
  });

  it('gives init the console: its stdin is the pipe rvnommu reads', () => {
    const boot = rvnommu(['boot', '--init', '/sbin/init', imageWithInit('images/bin/programs/stdin.elf')], 'one\ntwo\n');
    expect(boot.stdout).toContain('stdin: 8 bytes, 2 lines');
    expect(boot.stdout).toContain('Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000000');
    expect(boot.status).toBe(1);
  });

  it('refuses what it cannot boot in one line with status 2', () => {
    const cases: [string[], RegExp][] = [
      [['boot', 'images/bin/programs/hello.elf'], /not a romfs image/],
      [['boot', imageWithInit('images/bin/programs/hello.elf', false)], /no \/dev directory/],
      [['boot', '--init', '/sbin/none', imageWithInit('images/bin/programs/hello.elf')], /\/sbin\/none/],
      [['boot', '/nonexistent.rom'], /cannot read \/nonexistent\.rom: ENOENT/],
    ];
    for (const [args, message] of cases) {
      const boot = rvnommu(args);
      expect(boot.status).toBe(2);
      expect(boot.stderr.trim().split('\n')).toHaveLength(1);
      expect(boot.stderr).toMatch(message);
    }
  });
});

describe('rvnommu boot: the built-in system', () => {
  it('starts init, which runs /etc/rc and a shell reading the console; the system powers off when the shell exits', () => {
    const script = ['echo $((6 * 7))', 'ls /', 'cat /proc/mounts', '/usr/tests/exit3; echo status $?', '/usr/tests/fdpic/hello fdpic', '/usr/tests/flat/hello flat', 'ps', 'dmesg', 'exit'].join('\n');
    const boot = rvnommu(['boot'], `${script}\n`);
    expect(boot.stderr).toMatch(/^rvnommu: booted .*default\.rom \(\d+ KiB romfs\) in \d+ ms, starting init\r\n/);
    expect(boot.stdout).toContain('Welcome to rvnommu');
    expect(boot.stdout).toMatch(/^42$/m);
    expect(boot.stdout).toMatch(/^bin\ndev\netc\nproc\nsbin\ntmp\nusr$/m);
    // The flash's romfs is the read-only root; init mounted the rest.
    expect(boot.stdout).toMatch(/^mtd0 \/ romfs ro/m);
    expect(boot.stdout).toMatch(/^proc \/proc proc /m);
    expect(boot.stdout).toMatch(/^tmpfs \/tmp tmpfs /m);
    expect(boot.stdout).toContain('status 3');
    // The image's FDPIC (text in place in the flash) and bFLT builds of the test programs run too.
    expect(boot.stdout).toMatch(/^argv\[1\]=fdpic$/m);
    expect(boot.stdout).toMatch(/^argv\[1\]=flat$/m);
    expect(boot.stdout.match(/^hello: ok$/gm)).toHaveLength(2);
    expect(boot.stdout).toMatch(/^ +1 +0 +1 S .*\/sbin\/init$/m);
    // The kernel's log, as dmesg shows it: the boot's own messages.
    expect(boot.stdout).toMatch(/^\[ +\d+\.\d{6}\] VFS: Mounted root \(romfs filesystem\) readonly on device mtd0\.$/m);
    expect(boot.stdout).toMatch(/^\[ +\d+\.\d{6}\] Run \/sbin\/init as init process$/m);
    expect(boot.stdout).toMatch(/init: the system is going down for power off\n\[ +\d+\.\d{6}\] reboot: Power down\n$/);
    expect(boot.stderr.match(/rvnommu: booted /g)).toHaveLength(1);
    expect(boot.status).toBe(0);
  });

  it('boots again from scratch on reboot, and ends with status 0 on poweroff or halt', () => {
    // The shell waits in sleep after each command, reading no further, until init's SIGTERM ends it: the
    // next line is for the next boot's shell.
    const script = ['echo first boot $$', 'echo kept > /tmp/file', 'reboot; sleep 30', 'echo second boot $$', 'cat /tmp/file', 'poweroff; sleep 30'];
    const boot = rvnommu(['boot'], `${script.join('\n')}\n`);
    expect(boot.stderr.match(/^rvnommu: booted .*default\.rom \(\d+ KiB romfs\) in \d+ ms, starting init\r$/gm)).toHaveLength(2);
    const [first, second] = boot.stdout.split(/^\[ +\d+\.\d{6}\] reboot: Restarting system\n/m);
    expect(first).toContain('Welcome to rvnommu');
    const shell = /^first boot (\d+)\ninit: the system is going down for reboot\n$/m.exec(first)?.[1];
    expect(shell).toBeDefined();
    expect(second).toContain('Welcome to rvnommu');
    // A new machine: the shell has the same pid again, and the old tmpfs is gone.
    expect(second).toMatch(new RegExp(`^second boot ${shell}\ninit: the system is going down for power off\n`, 'm'));
    expect(boot.stderr).toContain('cat: /tmp/file: No such file or directory\n');
    expect(second).toMatch(/init: the system is going down for power off\n\[ +\d+\.\d{6}\] reboot: Power down\n$/);
    expect(boot.status).toBe(0);

    const halted = rvnommu(['boot'], 'halt; sleep 30\n');
    expect(halted.stdout).toMatch(/init: the system is going down for halt\n\[ +\d+\.\d{6}\] reboot: System halted\n$/);
    expect(halted.status).toBe(0);
  });
});

describeWithOracle('gdb-multiarch', 'rvnommu boot --gdb', () => {
  it('waits for GDB before init runs, then debugs init: a breakpoint at main, registers, the exit', async () => {
    const debuggee = 'images/bin/debug/debuggee.elf';
    const commands = ['break main', 'continue', 'info registers pc', 'delete', 'continue'];
    const session = await cliGdbSession(['boot', '--gdb', '0', imageWithInit(debuggee)], debuggee, commands);
    expect(session.gdbOutput).toMatch(/Breakpoint 1, 0x[0-9a-f]+ in main \(\)/);
    expect(session.gdbOutput).toMatch(/^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <main\+\d+>$/m);
    expect(session.gdbOutput).toMatch(/\[Inferior 1 \(Remote target\) exited with code 03\]/);
    expect(session.cliStatus).toBe(1);
    expect(session.cliOutput).toContain('Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000300');
  });
});

describe('the console escape (Ctrl-A)', () => {
  it('quits on Ctrl-A x, passes Ctrl-A Ctrl-A as one Ctrl-A, and anything else unchanged, across chunks', () => {
    let quits = 0;
    const filter = escapeFilter(() => quits++);
    expect([...filter(Uint8Array.of(0x61, 0x01))]).toEqual([0x61]);
    expect([...filter(Uint8Array.of(0x01, 0x62))]).toEqual([0x01, 0x62]);
    expect([...filter(Uint8Array.of(0x01, 0x01, 0x63))]).toEqual([0x01, 0x63]);
    expect(quits).toBe(0);
    expect([...filter(Uint8Array.of(0x01, 0x78))]).toEqual([]);
    expect(quits).toBe(1);
  });
});
