import { describe, expect, it } from 'vitest';
import { Errno } from '../errno.js';
import { isWouldBlock } from './FileOperations.js';
import { DEFAULT_PIPE_SIZE, Pipe, PIPE_BUF } from './Pipe.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT } from './pollEvents.js';

function openPipe(): Pipe {
  const pipe = new Pipe();
  pipe.readers = 1;
  pipe.writers = 1;
  return pipe;
}

const bytes = (length: number, value = 1): Uint8Array => new Uint8Array(length).fill(value);

describe('Pipe', () => {
  it('returns what is there, and would block when empty while a writer remains', () => {
    const pipe = openPipe();
    const into = new Uint8Array(10);
    const empty = pipe.read(into, false);
    expect(isWouldBlock(empty) && empty.wouldBlock).toEqual([pipe.readQueue]);
    expect(pipe.write(Uint8Array.of(1, 2, 3), false)).toBe(3);
    expect(pipe.read(into, false)).toBe(3);
    expect([...into.subarray(0, 3)]).toEqual([1, 2, 3]);
  });

  it('reports end of file once every writer is gone and the data is read', () => {
    const pipe = openPipe();
    pipe.write(Uint8Array.of(7), false);
    pipe.close(false, true);
    const into = new Uint8Array(4);
    expect(pipe.read(into, false)).toBe(1);
    expect(pipe.read(into, false)).toBe(0);
  });

  it('fails writes with EPIPE without readers', () => {
    const pipe = openPipe();
    pipe.close(true, false);
    expect(pipe.write(bytes(1), false)).toBe(-Errno.EPIPE);
  });

  it('holds 64 KiB and keeps writes of up to PIPE_BUF whole', () => {
    const pipe = openPipe();
    expect(pipe.write(bytes(DEFAULT_PIPE_SIZE - 100), false)).toBe(DEFAULT_PIPE_SIZE - 100);
    // An atomic write that does not fit waits for room rather than being split.
    expect(isWouldBlock(pipe.write(bytes(PIPE_BUF), false))).toBe(true);
    expect(pipe.write(bytes(100), false)).toBe(100);
    const full = pipe.write(bytes(1), false);
    expect(isWouldBlock(full) && full.wouldBlock).toEqual([pipe.writeQueue]);
  });

  it('writes as much as fits of a write larger than PIPE_BUF', () => {
    const pipe = openPipe();
    pipe.write(bytes(DEFAULT_PIPE_SIZE - 5000), false);
    expect(pipe.write(bytes(PIPE_BUF + 1000), false)).toBe(5000);
  });

  it('keeps bytes in order across the end of the ring', () => {
    const pipe = openPipe();
    const into = new Uint8Array(DEFAULT_PIPE_SIZE);
    pipe.write(bytes(DEFAULT_PIPE_SIZE - 10, 0), false);
    pipe.read(into.subarray(0, DEFAULT_PIPE_SIZE - 20), false);
    const data = Uint8Array.from({ length: 30 }, (_, i) => i + 1);
    expect(pipe.write(data, false)).toBe(30);
    expect(pipe.read(into, false)).toBe(40);
    expect([...into.subarray(10, 40)]).toEqual([...data]);
  });

  it('wakes readers on write and on the last writer closing, writers on read and the last reader closing', () => {
    const pipe = openPipe();
    const woken: string[] = [];
    pipe.readQueue.subscribe(() => woken.push('read'));
    pipe.writeQueue.subscribe(() => woken.push('write'));
    pipe.write(bytes(1), false);
    pipe.read(new Uint8Array(1), false);
    expect(woken).toEqual(['read', 'write']);
    pipe.readQueue.subscribe(() => woken.push('read'));
    pipe.writeQueue.subscribe(() => woken.push('write'));
    pipe.close(false, true);
    pipe.close(true, false);
    expect(woken).toEqual(['read', 'write', 'read', 'write']);
  });

  it('polls readable, writable, hung up and broken', () => {
    const pipe = openPipe();
    expect(pipe.poll(true, false).events).toBe(0);
    expect(pipe.poll(false, true).events & POLLOUT).toBe(POLLOUT);
    pipe.write(bytes(DEFAULT_PIPE_SIZE - PIPE_BUF + 1), false);
    expect(pipe.poll(true, false).events & POLLIN).toBe(POLLIN);
    expect(pipe.poll(false, true).events & POLLOUT).toBe(0);
    pipe.close(false, true);
    expect(pipe.poll(true, false).events & POLLHUP).toBe(POLLHUP);
    pipe.close(true, false);
    expect(pipe.poll(false, true).events & POLLERR).toBe(POLLERR);
  });

  it('keeps packets apart in packet mode and drops what a short read cannot take', () => {
    const pipe = openPipe();
    pipe.write(Uint8Array.of(1, 2, 3), true);
    pipe.write(Uint8Array.of(4, 5), true);
    const into = new Uint8Array(10);
    expect(pipe.read(into.subarray(0, 2), true)).toBe(2);
    expect(pipe.read(into, true)).toBe(2);
    expect([...into.subarray(0, 2)]).toEqual([4, 5]);
  });

  it('resizes to a power of two of pages, refusing sizes the data does not fit', () => {
    const pipe = openPipe();
    expect(pipe.resize(5000)).toBe(8192);
    expect(pipe.size).toBe(8192);
    expect(pipe.resize(1)).toBe(4096);
    pipe.write(bytes(4096), false);
    pipe.resize(8192);
    pipe.write(bytes(100, 2), false);
    expect(pipe.resize(4096)).toBe(-Errno.EBUSY);
    expect(pipe.resize(2 * 1024 * 1024)).toBe(-Errno.EPERM);
    const into = new Uint8Array(5000);
    expect(pipe.read(into, false)).toBe(4196);
    expect(into[4095]).toBe(1);
    expect(into[4096]).toBe(2);
  });
});
