import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import { Kernel } from '../Kernel.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../mm/constants.js';
import { MemoryMap } from '../mm/MemoryMap.js';
import { createRootFileSystem } from '../runProgram.js';
import { Task } from '../Task.js';
import { FdTable } from '../vfs/FdTable.js';
import {
  LINUX_REBOOT_CMD_CAD_OFF,
  LINUX_REBOOT_CMD_CAD_ON,
  LINUX_REBOOT_CMD_HALT,
  LINUX_REBOOT_CMD_POWER_OFF,
  LINUX_REBOOT_CMD_RESTART,
  LINUX_REBOOT_CMD_RESTART2,
  rebootSyscalls,
} from './reboot.js';

const MAGIC1 = 0xfee1dead | 0;
const MAGIC2 = 0x28121969;
const LINUX_REBOOT_CMD_KEXEC = 0x45584543;

/** A kernel whose console lines are kept, a task with a page at `buffer`, and reboot(2) called as that task. */
function machine() {
  const console: string[] = [];
  const kernel = new Kernel({ framebuffer: null, log: () => {}, console: (line) => console.push(line) });
  createRootFileSystem(kernel.vfs);
  const mm = new MemoryMap(kernel.physical);
  const task = new Task(1, 1, null, mm, new FdTable(), kernel.vfs.newFsContext(), 'init');
  const buffer = kernel.mmap.doMmap(mm, null, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
  mm.activate();
  const reboot = (magic1: number, magic2: number, cmd: number, arg = 0) =>
    rebootSyscalls[142]({ kernel, task, mem: kernel.mem }, magic1, magic2, cmd | 0, arg, 0, 0) as number;
  return { kernel, buffer, console, reboot };
}

describe('reboot(2)', () => {
  it('is for root only (CAP_SYS_BOOT), checked before the magic', () => {
    const { kernel, reboot } = machine();
    kernel.credentials = () => ({ uid: 1000, gid: 1000, groups: [] });
    expect(reboot(0, 0, LINUX_REBOOT_CMD_POWER_OFF)).toBe(-Errno.EPERM);
    expect(reboot(MAGIC1, MAGIC2, LINUX_REBOOT_CMD_POWER_OFF)).toBe(-Errno.EPERM);
    expect(kernel.machineStop).toBeNull();
  });

  it('wants LINUX_REBOOT_MAGIC1 and one of the four MAGIC2s, and a known command: else EINVAL', () => {
    const { kernel, reboot } = machine();
    expect(reboot(MAGIC1 + 1, MAGIC2, LINUX_REBOOT_CMD_HALT)).toBe(-Errno.EINVAL);
    expect(reboot(MAGIC1, MAGIC2 + 1, LINUX_REBOOT_CMD_HALT)).toBe(-Errno.EINVAL);
    expect(reboot(MAGIC1, MAGIC2, LINUX_REBOOT_CMD_KEXEC)).toBe(-Errno.EINVAL);
    expect(reboot(MAGIC1, MAGIC2, 0x12345678)).toBe(-Errno.EINVAL);
    for (const magic2 of [0x28121969, 0x05121996, 0x16041998, 0x20112000]) expect(reboot(MAGIC1, magic2, LINUX_REBOOT_CMD_CAD_ON)).toBe(0);
    expect(kernel.machineStop).toBeNull();
  });

  it('sets the Ctrl-Alt-Del flag with CAD_ON and CAD_OFF, and the machine runs on', () => {
    const { kernel, reboot, console } = machine();
    expect(reboot(MAGIC1, MAGIC2, LINUX_REBOOT_CMD_CAD_OFF)).toBe(0);
    expect(kernel.ctrlAltDelRestarts).toBe(false);
    expect(reboot(MAGIC1, MAGIC2, LINUX_REBOOT_CMD_CAD_ON)).toBe(0);
    expect(kernel.ctrlAltDelRestarts).toBe(true);
    expect(kernel.machineStop).toBeNull();
    expect(console).toEqual([]);
  });

  it('halts, powers off and restarts the machine with the line Linux prints, on the console and in the log', () => {
    const cases: [number, object, string][] = [
      [LINUX_REBOOT_CMD_HALT, { kind: 'halt' }, 'reboot: System halted'],
      [LINUX_REBOOT_CMD_POWER_OFF, { kind: 'power-off' }, 'reboot: Power down'],
      [LINUX_REBOOT_CMD_RESTART, { kind: 'restart' }, 'reboot: Restarting system'],
    ];
    for (const [cmd, stop, message] of cases) {
      const { kernel, reboot, console } = machine();
      expect(reboot(MAGIC1, MAGIC2, cmd)).toBe(0);
      expect(kernel.machineStop).toEqual(stop);
      expect(console).toEqual([expect.stringMatching(new RegExp(`^\\[ +\\d+\\.\\d{6}\\] ${message}$`))]);
      expect(kernel.messages.contents).toMatch(new RegExp(`<0>\\[ +\\d+\\.\\d{6}\\] ${message}\\n$`));
    }
  });

  it('restarts with RESTART2 and its command string, or fails with EFAULT on a bad pointer', () => {
    const { kernel, buffer, reboot, console } = machine();
    expect(reboot(MAGIC1, MAGIC2, LINUX_REBOOT_CMD_RESTART2, 0x10)).toBe(-Errno.EFAULT);
    expect(kernel.machineStop).toBeNull();
    kernel.mem.copyOut(buffer, new TextEncoder().encode('bootloader\0'));
    expect(reboot(MAGIC1, MAGIC2, LINUX_REBOOT_CMD_RESTART2, buffer)).toBe(0);
    expect(kernel.machineStop).toEqual({ kind: 'restart', command: 'bootloader' });
    expect(console[0]).toMatch(/\] reboot: Restarting system with command 'bootloader'$/);
  });

  it('cuts a RESTART2 command at 255 bytes, as strncpy_from_user into its buffer does', () => {
    const { kernel, buffer, reboot } = machine();
    kernel.mem.copyOut(buffer, new Uint8Array(300).fill(0x61));
    expect(reboot(MAGIC1, MAGIC2, LINUX_REBOOT_CMD_RESTART2, buffer)).toBe(0);
    expect(kernel.machineStop).toEqual({ kind: 'restart', command: 'a'.repeat(255) });
  });
});

describe('the end of init in a booted system', () => {
  async function runAsInit(panicWhenInitExits: boolean) {
    const console: string[] = [];
    const kernel = new Kernel({ framebuffer: null, log: () => {}, console: (line) => console.push(line), panicWhenInitExits });
    createRootFileSystem(kernel.vfs);
    const path = 'images/bin/programs/exit3.elf';
    const init = kernel.spawn({ elf: readFileSync(path), path, argv: [path], envp: [], files: new FdTable(), fs: kernel.vfs.newFsContext() });
    const status = await kernel.run(init);
    return { kernel, console, status };
  }

  it('is a kernel panic that stops the machine, with init\'s wait status as the exit code', async () => {
    const { kernel, console, status } = await runAsInit(true);
    expect(status).toBe(3 << 8);
    const message = 'Attempted to kill init! exitcode=0x00000300';
    expect(kernel.machineStop).toEqual({ kind: 'panic', message });
    expect(console.map((line) => line.replace(/^\[ +\d+\.\d{6}\] /, ''))).toEqual([
      `Kernel panic - not syncing: ${message}`,
      `---[ end Kernel panic - not syncing: ${message} ]---`,
    ]);
  });

  it('is an ordinary exit for a program that `rvnommu run` started as pid 1', async () => {
    const { kernel, console, status } = await runAsInit(false);
    expect(status).toBe(3 << 8);
    expect(kernel.machineStop).toBeNull();
    expect(console).toEqual([]);
  });
});
