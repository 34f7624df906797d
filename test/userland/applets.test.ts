import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithOracle } from '../oracle.js';
import { USERLAND, makeSystem, run, sh } from './userland.js';

const system = makeSystem();

/** A host directory with a few files, for the commands to read. */
function sampleFiles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rvnommu-userland-files-'));
  writeFileSync(join(dir, 'text'), 'hello\nworld\n');
  // Repeated lines (the "*" of hexdump), a partial last line and every byte value.
  const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  writeFileSync(join(dir, 'binary'), Buffer.concat([Buffer.alloc(64, 0x41), everyByte, Buffer.from('tail')]));
  writeFileSync(join(dir, '.hidden'), '');
  mkdirSync(join(dir, 'sub'));
  return dir;
}

describeWithOracle('qemu-riscv32', 'commands compared with qemu-riscv32', () => {
  const files = sampleFiles();
  it.each([
    ['cat', ['text', 'text']],
    ['echo', ['-n', 'a', 'b c']],
    ['echo', ['Plain']],
    ['hexdump', ['-C', 'binary']],
    ['hexdump', ['-C', 'text', 'binary']],
    ['ls', ['-1', '-a', '.']],
    ['ls', ['text', 'sub', '.']],
  ])('%s %j', (name, args) => {
    // File arguments name the sample files: at /files in the guest, in the host directory under qemu.
    const inside = (dir: string) => args.map((arg) => (/^[a-z.]+$/.test(arg) ? `${dir}/${arg}` : arg));
    const ours = run(system, name, inside('/files'), { mounts: [`${files}:/files`] });
    const qemu = spawnSync('qemu-riscv32', [join(USERLAND, `${name}.elf`), ...inside(files)], { encoding: 'utf8' });
    expect(ours.stderr).toBe('');
    expect(ours.stdout.replaceAll('/files', files)).toBe(qemu.stdout);
    expect(ours.status).toBe(qemu.status);
  });
});

describeWithOracle('hexdump', 'hexdump -C compared with the host hexdump', () => {
  it('prints the canonical layout: offsets, two groups of 8, printable text, * for repeats', () => {
    const files = sampleFiles();
    const ours = run(system, 'hexdump', ['-C', '/files/binary'], { mounts: [`${files}:/files`] });
    const host = spawnSync('hexdump', ['-C', join(files, 'binary')], { encoding: 'utf8' });
    expect(ours.stdout).toBe(host.stdout);
    expect(ours.stdout).toContain('*\n');
  });
});

describe('the commands on rvnommu', () => {
  it('test and [ compare strings and integers and test files', () => {
    const cases: [string, number][] = [
      ['test a = a', 0],
      ['test a != a', 1],
      ['[ -z "" ]', 0],
      ['[ -n "" ]', 1],
      ['[ 2 -lt 10 ]', 0],
      ['[ 10 -le 2 ]', 1],
      ['[ 3 -eq 3 -a 4 -ge 4 ]', 0],
      ['[ 1 -gt 2 -o x ]', 0],
      ['[ ! -e /nonexistent ]', 0],
      ['[ -d /proc ]', 0],
      ['[ -f /proc ]', 1],
      ['[ -f /proc/meminfo ]', 0],
      ['[ \\( 1 -eq 2 \\) -o -n x ]', 0],
      ['[ x ]', 0],
      ['[ "" ]', 1],
      ['test', 1],
      ['[ a = a', 2],
      ['[ 1 -eq x ]', 2],
    ];
    const script = cases.map(([command]) => `${command} 2>/dev/null; echo $?`).join('; ');
    expect(sh(system, script).stdout.trim().split('\n').map(Number)).toEqual(cases.map(([, status]) => status));
  });

  it('ls -l shows modes, links, sizes and link targets; -a the dot files', () => {
    const files = sampleFiles();
    const result = sh(system, 'ls -l /files; ls -a /files; ls -l /dev/null', { mounts: [`${files}:/files`] });
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^-rw-r--r-- +1 \d+ +\d+ +324 \w{3} [ \d]\d \d\d:\d\d binary$/);
    expect(lines[1]).toMatch(/^drwxr-xr-x +\d+ .* sub$/);
    expect(lines[2]).toMatch(/^-rw-r--r-- +1 .* 12 .* text$/);
    expect(lines.slice(3, 9)).toEqual(['.', '..', '.hidden', 'binary', 'sub', 'text']);
    expect(lines[9]).toMatch(/^crw-rw-rw- +1 0 +0 +1, +3 .* \/dev\/null$/);
  });

  it('ps lists the processes from /proc with parents and command lines', () => {
    const result = sh(system, 'sleep 1 & ps; kill $!');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('  PID  PPID  PGID S     VSZ COMMAND');
    expect(lines[1]).toMatch(/^ +1 +0 +1 [RS] +\d+ bin\/sh -c sleep 1 & ps; kill \$!$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ +\d+ +1 +1 S +\d+ sleep 1$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ +\d+ +1 +1 R +\d+ ps$/));
  });

  it('kill sends signals by name and number, and lists them', () => {
    const result = sh(system, 'sleep 5 & kill -9 $!; wait $!; echo $?; sleep 5 & kill -s TERM $!; wait $!; echo $?; kill -l; kill -BOGUS 1; echo $?');
    expect(result.stdout).toContain('137\n143\n');
    expect(result.stdout).toContain(' 9) SIGKILL\n10) SIGUSR1\n');
    expect(result.stdout.endsWith('\n1\n')).toBe(true);
  });

  it('halt, poweroff and reboot signal init (pid 1), or with -f call reboot(2) themselves', () => {
    // Run as pid 1 themselves, they send their signal to themselves: reboot's SIGTERM ends it.
    expect(run(system, 'reboot', []).status).toBe(128 + 15);
    const cases: [string, string][] = [
      ['halt', 'System halted'],
      ['poweroff', 'Power down'],
      ['reboot', 'Restarting system'],
    ];
    for (const [command, message] of cases) {
      const forced = run(system, command, ['-f']);
      expect(forced.stderr).toMatch(new RegExp(`^\\[ +\\d+\\.\\d{6}\\] reboot: ${message}\\n$`));
      expect(forced.status).toBe(0);
    }
    const usage = run(system, 'poweroff', ['-x']);
    expect(usage.stderr).toBe('usage: poweroff [-f]\n');
    expect(usage.status).toBe(1);
  });

  it('free shows /proc/meminfo in procps columns', () => {
    const result = sh(system, 'free; cat /proc/meminfo');
    const [header, mem, swap] = result.stdout.split('\n');
    expect(header).toBe('          total        used        free      shared  buff/cache   available');
    const kib = (name: string) => Number(new RegExp(`^${name}: +(\\d+) kB$`, 'm').exec(result.stdout)?.[1]);
    const [total, used, free, , cache] = mem.split(/ +/).slice(1).map(Number);
    expect(mem).toMatch(/^Mem: +\d+ +\d+ +\d+ +\d+ +\d+ +\d+$/);
    expect(total).toBe(kib('MemTotal'));
    // cat reads /proc/meminfo after free has exited: the two programs' own memory may differ by a few pages.
    expect(Math.abs(free - kib('MemFree'))).toBeLessThanOrEqual(16);
    expect(used + free + cache).toBe(total);
    expect(swap).toBe('Swap:         0           0           0');
  });

  it('mount prints /proc/mounts and mounts with -t and -o', () => {
    const result = sh(system, 'mount > /tmp/before; cat /proc/mounts | cat > /tmp/proc; mkdir /mnt; mount -t tmpfs -o ro,size=64k shm /mnt; mount; echo x > /mnt/f; mount -t nosuchfs none /mnt');
    expect(result.stdout).toContain('rootfs / ramfs rw 0 0\n');
    expect(result.stdout).toContain('shm /mnt tmpfs ro,relatime,size=64k 0 0\n');
    expect(result.stderr).toContain('sh: /mnt/f: Read-only file system\n');
    expect(result.stderr).toContain('mount: mounting none on /mnt failed: No such device\n');
  });

  it('uname prints the fields asked for', () => {
    const result = sh(system, 'uname; uname -a; uname -sm; uname -x');
    expect(result.stdout).toBe('Linux\nLinux rvnommu 6.1.0-rvnommu #1 rvnommu no-MMU riscv32\nLinux riscv32\n');
    expect(result.stderr).toBe('usage: uname [-asnrvm]\n');
  });

  it('mkdir -p, rm -r and -f, sleep, true and false', () => {
    const result = sh(system, 'mkdir -p /tmp/a/b/c /tmp/a/b; echo x > /tmp/a/b/c/f; ls /tmp/a/b; mkdir /tmp/a; echo $?; rm /tmp/a; echo $?; ' +
      'rm -r /tmp/a; ls /tmp; rm /tmp/none; echo $?; rm -f /tmp/none; echo $?; sleep 0.1; true; echo $?; false; echo $?');
    expect(result.stdout).toBe('c\n1\n1\n1\n0\n0\n1\n');
    expect(result.stderr).toBe('mkdir: /tmp/a: File exists\nrm: /tmp/a: is a directory\nrm: /tmp/none: No such file or directory\n');
  });

  it('env prints, changes and clears the environment, and execs a command from a process that is not a vfork child', () => {
    const result = sh(system, 'env -i A=1 B=two env; env X=1 /bin/echo exec-ok; env -i nosuch');
    expect(result.stdout).toBe('A=1\nB=two\nexec-ok\n');
    expect(result.stderr).toBe('env: nosuch: No such file or directory\n');
    expect(result.status).toBe(127);
  });

  it('fbdemo draws its pattern into the video memory through the mapping', () => {
    // 8x4: gradient red = x * 255 / 8, green = y * 255 / 4, blue 128; the moving square is 1 pixel at (0, 1).
    const result = sh(system, 'fbdemo && hexdump -C /dev/fb0', { options: ['--fb', '8x4'] });
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('rvnommu-fb: 8x4, 32 bits per pixel, 1 frames');
    expect(lines[1]).toBe('00000000  80 00 00 00 80 00 1f 00  80 00 3f 00 80 00 5f 00  |..........?..._.|');
    expect(lines[3]).toBe('00000020  ff ff ff 00 80 3f 1f 00  80 3f 3f 00 80 3f 5f 00  |.....?...??..?_.|');
    expect(lines[8]).toBe('00000070  80 bf 7f 00 80 bf 9f 00  80 bf bf 00 80 bf df 00  |................|');
    expect(run(system, 'fbdemo', ['5'], { options: ['--fb', '16x16'] }).status).toBe(0);
  });
});
