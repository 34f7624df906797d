import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import { Kernel } from '../Kernel.js';
import { LOG_INFO } from '../KernelLog.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../mm/constants.js';
import { MemoryMap } from '../mm/MemoryMap.js';
import { createRootFileSystem } from '../runProgram.js';
import { Task } from '../Task.js';
import { FdTable } from '../vfs/FdTable.js';
import { miscSyscalls } from './misc.js';

const SYSLOG = 116;

/** A kernel, a task with a page of memory at `buffer`, and syslog(2) called as that task. */
function machine() {
  const kernel = new Kernel({ framebuffer: null, log: () => {} });
  createRootFileSystem(kernel.vfs);
  const mm = new MemoryMap(kernel.physical);
  const task = new Task(1, 1, null, mm, new FdTable(), kernel.vfs.newFsContext(), 'dmesg');
  const buffer = kernel.mmap.doMmap(mm, null, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
  mm.activate();
  const syslog = (type: number, address: number, length: number) =>
    miscSyscalls[SYSLOG]({ kernel, task, mem: kernel.mem }, type, address, length, 0, 0, 0) as number;
  const text = (length: number) => new TextDecoder().decode(kernel.mem.copyIn(buffer, length) as Uint8Array);
  return { kernel, buffer, syslog, text };
}

describe('syslog(2)', () => {
  it('reads the kernel messages with their levels and times, the newest part when the buffer is short', () => {
    const { kernel, buffer, syslog, text } = machine();
    kernel.printk(LOG_INFO, 'last message');
    kernel.log('rvnommu: a warning');
    const all = syslog(3, buffer, PAGE_SIZE);
    expect(text(all)).toMatch(/^<6>\[ +\d+\.\d{6}\] Linux version 6\.1\.0-rvnommu /);
    expect(text(all)).toMatch(/<6>\[ +\d+\.\d{6}\] last message\n<4>\[ +\d+\.\d{6}\] a warning\n$/);
    expect(syslog(9, 0, 0)).toBe(all);
    expect(syslog(10, 0, 0)).toBe(kernel.messages.capacity);
    expect(syslog(3, buffer, 10)).toBe(10);
    expect(text(10)).toBe('a warning\n');
  });

  it('clears the log on READ_CLEAR and CLEAR, and refuses bad requests as do_syslog does', () => {
    const { kernel, buffer, syslog } = machine();
    expect(syslog(3, buffer, -1)).toBe(-Errno.EINVAL);
    expect(syslog(3, 0, 10)).toBe(-Errno.EINVAL);
    expect(syslog(3, 0x10, 10)).toBe(-Errno.EFAULT);
    expect(syslog(42, buffer, 10)).toBe(-Errno.EINVAL);
    expect(syslog(4, buffer, PAGE_SIZE)).toBeGreaterThan(0);
    expect(syslog(9, 0, 0)).toBe(0);
    kernel.printk(LOG_INFO, 'again');
    expect(syslog(5, 0, 0)).toBe(0);
    expect(syslog(3, buffer, PAGE_SIZE)).toBe(0);
  });
});
