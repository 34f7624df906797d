import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import { Kernel } from '../Kernel.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../mm/constants.js';
import { MemoryMap } from '../mm/MemoryMap.js';
import { createRootFileSystem, installProgram } from '../runProgram.js';
import { Task } from '../Task.js';
import { FdTable } from '../vfs/FdTable.js';
import { type Blocked, isBlocked, type SyscallResult } from '../WaitQueue.js';
import { SYSCALLS } from './table.js';

const SYS = { futex: 422, clone: 220, execve: 221, exit: 93, exitGroup: 94, setTidAddress: 96 } as const;
const CLONE_VM = 0x100;
const CLONE_FS = 0x200;
const CLONE_FILES = 0x400;
const CLONE_SIGHAND = 0x800;
const CLONE_VFORK = 0x4000;
const CLONE_THREAD = 0x10000;
const CLONE_SYSVSEM = 0x40000;
const CLONE_SETTLS = 0x80000;
const CLONE_PARENT_SETTID = 0x100000;
const CLONE_CHILD_CLEARTID = 0x200000;
const CLONE_CHILD_SETTID = 0x1000000;
const SIGCHLD = 17;
const FUTEX_WAIT = 0;
const FUTEX_WAKE = 1;
const FUTEX_CMP_REQUEUE = 4;
/** What a thread library asks for (musl, glibc and ours). */
const THREAD = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;

/** A kernel with one process whose address space holds a few pages of anonymous memory at `base`. */
function machine() {
  const kernel = new Kernel({ framebuffer: null, log: () => {} });
  createRootFileSystem(kernel.vfs);
  const pid = kernel.allocatePid();
  const mm = new MemoryMap(kernel.physical);
  const leader = new Task(pid, pid, null, mm, new FdTable(), kernel.vfs.newFsContext(), 'test');
  const base = kernel.mmap.doMmap(mm, null, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
  mm.activate();
  kernel.addTask(leader);
  const call = (task: Task, nr: number, ...args: number[]): SyscallResult => {
    const [a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0] = args.map((value) => value | 0);
    return SYSCALLS[nr]({ kernel, task, mem: kernel.mem }, a0, a1, a2, a3, a4, a5);
  };
  const clone = (flags: number, parentTid = 0, tls = 0, childTid = 0): Task => {
    const tid = call(leader, SYS.clone, flags, base + 3 * PAGE_SIZE, parentTid, tls, childTid);
    const child = kernel.tasks.get(typeof tid === 'number' ? tid : -1);
    if (!child) throw new Error(`clone failed: ${typeof tid === 'number' ? tid : 'blocked'}`);
    return child;
  };
  /** Parks the task in a blocking syscall as the scheduler does. */
  const park = (task: Task, result: SyscallResult): Blocked => {
    if (!isBlocked(result)) throw new Error(`expected the call to block, got ${result}`);
    task.state = 'blocked';
    task.blocked = result;
    return result;
  };
  return { kernel, leader, mm, base, call, clone, park };
}

describe('clone', () => {
  it('makes a thread of the process that shares its tables, with its tp, stack and tid words set', () => {
    const { kernel, leader, base, clone } = machine();
    const flags = THREAD | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
    const thread = clone(flags, base, 0x1234_5678, base + 4);
    expect(thread.tgid).toBe(leader.tgid);
    expect(thread.tid).not.toBe(leader.tid);
    expect(thread.exitSignal).toBe(-1);
    expect(thread.regs[4]).toBe(0x1234_5678);
    expect(thread.regs[2] >>> 0).toBe(base + 3 * PAGE_SIZE);
    expect(thread.regs[10]).toBe(0);
    expect(kernel.mem.read32(base)).toBe(thread.tid);
    expect(kernel.mem.read32(base + 4)).toBe(thread.tid);
    expect(thread.clearChildTid).toBe(base + 4);
    expect(thread.mm).toBe(leader.mm);
    expect(thread.files).toBe(leader.files);
    expect(thread.fs).toBe(leader.fs);
    expect(thread.sigactions).toBe(leader.sigactions);
  });

  it('gives a process made with CLONE_VM | CLONE_VFORK copies of the tables and keeps tp', () => {
    const { leader, call, kernel } = machine();
    leader.regs[4] = 0x42;
    expect(isBlocked(call(leader, SYS.clone, CLONE_VM | CLONE_VFORK | SIGCHLD, 0))).toBe(true);
    const child = [...kernel.tasks.values()].find((task) => task !== leader)!;
    expect(child.tgid).toBe(child.tid);
    expect(child.exitSignal).toBe(SIGCHLD);
    expect(child.regs[4]).toBe(0x42);
    expect(child.files).not.toBe(leader.files);
    expect(child.fs).not.toBe(leader.fs);
    expect(child.sigactions).not.toBe(leader.sigactions);
  });

  it('gives the process the status of exit_group from a thread, after its leader exited alone', () => {
    const { kernel, leader, call, clone } = machine();
    const thread = clone(THREAD);
    call(leader, SYS.exit, 0);
    expect(kernel.processExited(leader)).toBe(false);
    call(thread, SYS.exitGroup, 3);
    expect(kernel.processExited(leader)).toBe(true);
    expect(leader.exitStatus).toBe(3 << 8);
  });

  it('refuses fork (no CLONE_VM) and a thread without shared signal actions', () => {
    const { leader, call } = machine();
    expect(call(leader, SYS.clone, SIGCHLD, 0)).toBe(-Errno.EINVAL);
    expect(call(leader, SYS.clone, CLONE_VM | CLONE_THREAD, 0)).toBe(-Errno.EINVAL);
    expect(call(leader, SYS.clone, CLONE_SIGHAND | CLONE_THREAD, 0)).toBe(-Errno.EINVAL);
  });

  it('makes the child even when a tid word cannot be written, as Linux ignores those faults', () => {
    const { kernel, mm, clone } = machine();
    const thread = clone(THREAD | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID, 4, 0, 8);
    expect(kernel.tasks.get(thread.tid)).toBe(thread);
    expect(mm.users).toBe(2);
  });
});

describe('futexes: CLONE_CHILD_CLEARTID, threads that exit, wake and requeue counts', () => {
  it('zeroes the word and wakes its waiter when the thread exits, once', () => {
    const { kernel, leader, base, call, clone, park } = machine();
    const thread = clone(THREAD | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID, base + 4, 0, base + 4);
    const join = park(leader, call(leader, SYS.futex, base + 4, FUTEX_WAIT, thread.tid, 0));
    kernel.exitTask(thread, 0);
    expect(kernel.mem.read32(base + 4)).toBe(0);
    expect(join.resume()).toBe(0);
    expect(thread.clearChildTid).toBe(0);
  });

  it('set_tid_address names the word and returns the tid', () => {
    const { kernel, base, call, clone } = machine();
    const thread = clone(THREAD);
    expect(call(thread, SYS.setTidAddress, base + 12)).toBe(thread.tid);
    kernel.mem.write32(base + 12, 77);
    kernel.exitTask(thread, 0);
    expect(kernel.mem.read32(base + 12)).toBe(0);
  });

  it('is done at execve too, in the old address space, and not again when the new program exits', () => {
    const { kernel, leader, base, call } = machine();
    installProgram(kernel.vfs, '/hello.elf', readFileSync('images/bin/programs/hello.elf'));
    kernel.mem.copyOut(base + 64, new TextEncoder().encode('/hello.elf\0'));
    call(leader, SYS.setTidAddress, base + 12);
    kernel.mem.write32(base + 12, 77);
    expect(call(leader, SYS.execve, base + 64, 0, 0)).toBe(0);
    expect(kernel.physical.read32(base + 12)).toBe(0);
    expect(leader.clearChildTid).toBe(0);
  });

  it('takes a thread that dies in FUTEX_WAIT off the futex, so that it absorbs no wake-up', () => {
    const { kernel, leader, base, call, clone, park } = machine();
    const thread = clone(THREAD);
    park(thread, call(thread, SYS.futex, base + 8, FUTEX_WAIT, 0, 0));
    kernel.exitTask(thread, 0);
    const waiter = park(leader, call(leader, SYS.futex, base + 8, FUTEX_WAIT, 0, 0));
    const waker = clone(THREAD);
    expect(call(waker, SYS.futex, base + 8, FUTEX_WAKE, 1)).toBe(1);
    expect(waiter.resume()).toBe(0);
  });

  it('FUTEX_WAKE with a count of 0 wakes one waiter, as futex_wake does', () => {
    const { leader, base, call, clone, park } = machine();
    const thread = clone(THREAD);
    park(thread, call(thread, SYS.futex, base + 8, FUTEX_WAIT, 0, 0));
    park(leader, call(leader, SYS.futex, base + 8, FUTEX_WAIT, 0, 0));
    expect(call(leader, SYS.futex, base + 8, FUTEX_WAKE, 0)).toBe(1);
    expect(call(leader, SYS.futex, base + 8, FUTEX_WAKE, -1)).toBe(1);
    expect(call(leader, SYS.futex, base + 8, FUTEX_WAKE, 0)).toBe(0);
  });

  it('FUTEX_CMP_REQUEUE refuses a negative count before it compares the word', () => {
    const { leader, base, call } = machine();
    expect(call(leader, SYS.futex, base + 8, FUTEX_CMP_REQUEUE, -1, 1, base + 16, 5)).toBe(-Errno.EINVAL);
    expect(call(leader, SYS.futex, base + 8, FUTEX_CMP_REQUEUE, 1, -1, base + 16, 5)).toBe(-Errno.EINVAL);
    expect(call(leader, SYS.futex, base + 8, FUTEX_CMP_REQUEUE, 1, 1, base + 16, 5)).toBe(-Errno.EAGAIN);
  });
});
