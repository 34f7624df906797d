import { describe, expect, it } from 'vitest';
import { Errno } from '../errno.js';
import { FdTable } from './FdTable.js';
import type { OpenFile } from './OpenFile.js';
import { createPipe, pipeOf } from './PipeFile.js';
import { ROOT_CREDENTIALS } from './Credentials.js';
import { createTestVfs } from './testing.js';

/** Open files whose release is observable: the pipe's reader count drops when the read end is released. */
function pipeEnds(): [OpenFile, OpenFile] {
  return createPipe(createTestVfs().pipeFs, ROOT_CREDENTIALS, 0);
}

describe('FdTable', () => {
  it('allocates the lowest free descriptor, from a minimum if asked', () => {
    const table = new FdTable();
    const [reader, writer] = pipeEnds();
    expect(table.allocate(reader)).toBe(0);
    expect(table.allocate(writer)).toBe(1);
    expect(table.allocate(reader.hold())).toBe(2);
    expect(table.close(1)).toBe(0);
    expect(table.allocate(writer.hold(), false, 0)).toBe(1);
    expect(table.allocate(writer.hold(), false, 10)).toBe(10);
    expect(table.allocate(writer.hold(), false, 3)).toBe(3);
    expect(table.get(10)).toBe(writer);
    expect(table.get(-1)).toBeUndefined();
    expect(table.get(4)).toBeUndefined();
  });

  it('enforces the descriptor limit with EMFILE', () => {
    const table = new FdTable();
    table.limit = 3;
    const [reader] = pipeEnds();
    for (let i = 0; i < 3; i++) expect(table.allocate(reader.hold())).toBe(i);
    expect(table.allocate(reader)).toBe(-Errno.EMFILE);
    expect(table.hasFree()).toBe(false);
    expect(table.allocate(reader, false, 5)).toBe(-Errno.EMFILE);
  });

  it('closes with EBADF for descriptors that are not open, and releases the file when the last one goes', () => {
    const table = new FdTable();
    const [reader, writer] = pipeEnds();
    const pipe = pipeOf(reader)!;
    table.allocate(reader);
    table.allocate(writer);
    table.allocate(reader.hold());
    expect(table.close(5)).toBe(-Errno.EBADF);
    expect(table.close(0)).toBe(0);
    expect(table.close(0)).toBe(-Errno.EBADF);
    expect(pipe.readers).toBe(1);
    expect(table.close(2)).toBe(0);
    expect(pipe.readers).toBe(0);
  });

  it('keeps close-on-exec per descriptor and applies it at exec', () => {
    const table = new FdTable();
    const [reader, writer] = pipeEnds();
    table.allocate(reader, true);
    table.allocate(writer);
    table.allocate(reader.hold());
    expect(table.isCloseOnExec(0)).toBe(true);
    expect(table.isCloseOnExec(2)).toBe(false);
    expect(table.setCloseOnExec(2, true)).toBe(true);
    expect(table.setCloseOnExec(7, true)).toBe(false);
    table.closeOnExec();
    expect(table.get(0)).toBeUndefined();
    expect(table.get(1)).toBe(writer);
    expect(table.get(2)).toBeUndefined();
  });

  it('installs at a given descriptor, closing what was there (dup2)', () => {
    const table = new FdTable();
    const [reader, writer] = pipeEnds();
    const pipe = pipeOf(reader)!;
    table.allocate(reader);
    table.allocate(writer);
    table.installAt(0, writer.hold(), true);
    expect(table.get(0)).toBe(writer);
    expect(table.isCloseOnExec(0)).toBe(true);
    expect(pipe.readers).toBe(0);
  });

  it('copies for fork (same open files, independent slots) and shares for CLONE_FILES', () => {
    const table = new FdTable();
    const [reader, writer] = pipeEnds();
    const pipe = pipeOf(reader)!;
    table.allocate(reader, true);
    table.allocate(writer);
    const copy = table.clone();
    expect(copy.get(0)).toBe(reader);
    expect(copy.isCloseOnExec(0)).toBe(true);
    copy.close(0);
    expect(table.get(0)).toBe(reader);
    expect(pipe.readers).toBe(1);
    table.release();
    expect(pipe.readers).toBe(0);
    expect(pipe.writers).toBe(1);
    const shared = copy.share();
    expect(shared).toBe(copy);
    copy.release();
    expect(pipe.writers).toBe(1);
    copy.release();
    expect(pipe.writers).toBe(0);
    copy.release();
    expect(pipe.writers).toBe(0);
  });

  it('shares the position and flags of an open file between duplicates', () => {
    const table = new FdTable();
    const [reader] = pipeEnds();
    table.allocate(reader);
    table.allocate(reader.hold());
    table.get(0)!.position = 42;
    table.get(0)!.flags |= 0o4000;
    expect(table.get(1)!.position).toBe(42);
    expect(table.get(1)!.nonBlocking).toBe(true);
  });
});
