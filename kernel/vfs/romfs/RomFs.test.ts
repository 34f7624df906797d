import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_SIZE, PhysicalMemory } from '../../../cpu/PhysicalMemory.js';
import { Flash, FLASH_BASE, FLASH_SECTOR_SIZE, FLASH_SIZE } from '../../../devices/Flash.js';
import { Errno } from '../../errno.js';
import { MAP_PRIVATE, MAP_SHARED, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../mm/constants.js';
import { MtdDevice } from '../devfs/mtdDevice.js';
import { makeDirectory, readSymlink } from '../entryOperations.js';
import { devMajor, devMinor, DT_DIR, DT_LNK, DT_REG, S_IFCHR, S_IFDIR, S_IFREG } from '../fileMode.js';
import { ST_RDONLY } from '../mountFlags.js';
import { mountAt } from '../mountOperations.js';
import { O_CREAT, O_RDONLY, O_RDWR, O_WRONLY } from '../openFlags.js';
import { LOOKUP_FOLLOW } from '../PathWalker.js';
import { readDirectory } from '../readdir.js';
import { encodeStatfs64 } from '../statfs.js';
import type { StatFs } from '../SuperBlock.js';
import { attachRom, RomImageError } from './attachRom.js';
import { buildRomfsImage, readHostTree, RomfsBuildError, type RomfsNode } from './RomfsBuilder.js';
import { RomFile, romFileSystemType } from './RomFs.js';
import { lookupFor } from '../testing.js';
import { Vfs } from '../Vfs.js';
import { romfsChecksum } from './romfsFormat.js';
import { romMachine } from './testing.js';

const text = (value: string) => new TextEncoder().encode(value);
const dir = (entries: Record<string, RomfsNode>, mode = 0o755): RomfsNode => ({ kind: 'directory', mode, entries: new Map(Object.entries(entries)) });
const file = (data: string | Uint8Array, mode = 0o644): RomfsNode => ({ kind: 'file', mode, data: typeof data === 'string' ? text(data) : data });

const shared = file('linked data\n');
const bigData = new Uint8Array(3 * PAGE_SIZE + 5).map((_, i) => (i * 13) & 0xff);
const sampleTree = dir({
  'hello.txt': file('hello, romfs\n'),
  bin: dir({ tool: file('#!tool', 0o755), again: shared }),
  link: shared,
  'to-hello': { kind: 'symlink', target: 'hello.txt' },
  console: { kind: 'char', major: 5, minor: 1 },
  big: file(bigData),
});

function names(machine: ReturnType<typeof romMachine>, path: string): [string, number][] {
  const opened = machine.openOrThrow(path, O_RDONLY);
  const seen: [string, number][] = [];
  expect(readDirectory(opened, (name, _ino, type) => (seen.push([name, type]), true))).toBe(0);
  opened.release();
  return seen;
}

function readAll(machine: ReturnType<typeof romMachine>, path: string): Uint8Array {
  const opened = machine.openOrThrow(path, O_RDONLY);
  const into = new Uint8Array(opened.inode.size + 10);
  const count = opened.read(into);
  opened.release();
  if (typeof count !== 'number') throw new Error('read blocked');
  return into.subarray(0, count);
}

describe('romfs images', () => {
  it('have the -rom1fs- super block, a zero-sum checksum, 16-byte aligned headers and whole 1 KiB blocks', () => {
    const image = buildRomfsImage(sampleTree, 'test volume');
    const view = new DataView(image.buffer);
    expect(new TextDecoder().decode(image.subarray(0, 8))).toBe('-rom1fs-');
    expect(view.getUint32(8)).toBe(image.length);
    expect(image.length % 1024).toBe(0);
    expect(romfsChecksum(image.subarray(0, 512))).toBe(0);
    expect(new TextDecoder().decode(image.subarray(16, 27))).toBe('test volume');
    // The root directory's header follows the padded volume name: ".", a directory (exec) listing itself.
    const root = 32;
    expect(view.getUint32(root) & 0xf).toBe(1 | 8);
    expect(view.getUint32(root + 4)).toBe(root);
    expect(image[root + 16]).toBe('.'.charCodeAt(0));
    expect(romfsChecksum(image.subarray(root, root + 32))).toBe(0);
    const dotdot = view.getUint32(root) & ~0xf;
    expect(dotdot % 16).toBe(0);
    expect([view.getUint32(dotdot) & 0xf, view.getUint32(dotdot + 4)]).toEqual([0, root]);
  });

  it('are the same bytes every time, whatever order the entries come in', () => {
    if (sampleTree.kind !== 'directory') throw new Error('the sample is a directory');
    const reversed = dir(Object.fromEntries([...sampleTree.entries].reverse()));
    expect(buildRomfsImage(reversed)).toEqual(buildRomfsImage(sampleTree));
  });

  it('refuse names romfs cannot hold', () => {
    expect(() => buildRomfsImage(dir({ ['x'.repeat(128)]: file('') }))).toThrow(RomfsBuildError);
    expect(() => buildRomfsImage(file('not a directory'))).toThrow(RomfsBuildError);
  });
});

describe('romfs on flash', () => {
  it('looks up, lists and reads files, follows symbolic links and shows device nodes', () => {
    const machine = romMachine(buildRomfsImage(sampleTree));
    expect(names(machine, '/rom')).toEqual([
      ['.', DT_DIR],
      ['..', DT_DIR],
      ['big', DT_REG],
      ['bin', DT_DIR],
      ['console', 2],
      ['hello.txt', DT_REG],
      ['link', 0],
      ['to-hello', DT_LNK],
    ]);
    expect(new TextDecoder().decode(readAll(machine, '/rom/hello.txt'))).toBe('hello, romfs\n');
    expect(new TextDecoder().decode(readAll(machine, '/rom/to-hello'))).toBe('hello, romfs\n');
    expect(readSymlink(machine.vfs, machine.at, '/rom/to-hello')).toBe('hello.txt');
    expect(readAll(machine, '/rom/big')).toEqual(bigData);
    const consoleNode = machine.vfs.resolve(machine.at, '/rom/console', 0);
    if (typeof consoleNode === 'number') throw new Error('no console node');
    const node = consoleNode.dentry.inode;
    expect([node.mode & 0o170000, devMajor(node.rdev), devMinor(node.rdev)]).toEqual([S_IFCHR, 5, 1]);
  });

  it('gives fixed permissions with the exec bit, no owners or times, and one inode per hard-linked file', () => {
    const machine = romMachine(buildRomfsImage(sampleTree));
    const inodeOf = (path: string) => {
      const found = machine.vfs.resolve(machine.at, path, LOOKUP_FOLLOW);
      if (typeof found === 'number') throw new Error(`${path}: errno ${-found}`);
      return found.dentry.inode;
    };
    expect(inodeOf('/rom/bin/tool').mode).toBe(S_IFREG | 0o755);
    expect(inodeOf('/rom/hello.txt').mode).toBe(S_IFREG | 0o644);
    expect(inodeOf('/rom/bin').mode).toBe(S_IFDIR | 0o755);
    expect(inodeOf('/rom/hello.txt').mtime).toEqual({ sec: 0, nsec: 0 });
    expect(inodeOf('/rom/link')).toBe(inodeOf('/rom/bin/again'));
    expect(new TextDecoder().decode(readAll(machine, '/rom/bin/again'))).toBe('linked data\n');
    expect(names(machine, '/rom/bin').map(([name]) => name)).toEqual(['.', '..', 'again', 'tool']);
  });

  it('is read-only: writing, creating and changing attributes fail with EROFS', () => {
    const machine = romMachine(buildRomfsImage(sampleTree));
    expect(machine.open('/rom/hello.txt', O_WRONLY)).toBe(-Errno.EROFS);
    expect(machine.open('/rom/new', O_RDWR | O_CREAT)).toBe(-Errno.EROFS);
    expect(makeDirectory(machine.vfs, machine.at, '/rom/sub', 0o755)).toBe(-Errno.EROFS);
  });

  it('reports its size in 1 KiB blocks and the romfs magic to statfs', () => {
    const image = buildRomfsImage(sampleTree);
    const machine = romMachine(image);
    const found = machine.vfs.resolve(machine.at, '/rom', LOOKUP_FOLLOW);
    if (typeof found === 'number') throw new Error('no /rom');
    expect(found.dentry.inode.sb.statfs()).toMatchObject({ magic: 0x7275, blockSize: 1024, blocks: image.length / 1024, blocksFree: 0 });
  });

  it('mounts as the root file system', () => {
    const physical = new PhysicalMemory(FLASH_SIZE);
    const flash = new Flash(physical, FLASH_BASE, FLASH_SIZE, FLASH_SECTOR_SIZE);
    flash.loadImage(buildRomfsImage(sampleTree));
    const vfs = new Vfs();
    vfs.registerFileSystem(romFileSystemType(new MtdDevice(flash, () => false)));
    const root = vfs.mountRoot({ type: 'romfs', source: 'mtd0' });
    expect(root.readOnly).toBe(true);
    const fs = vfs.newFsContext();
    const at = lookupFor(fs);
    expect(readSymlink(vfs, at, '/to-hello')).toBe('hello.txt');
    expect(vfs.open(at, '/bin/tool', O_RDWR, 0)).toBe(-Errno.EROFS);
  });

  it('gives EIO instead of looping forever on a directory list that runs in a circle', () => {
    const image = buildRomfsImage(dir({ a: file('1'), b: file('2') }));
    const view = new DataView(image.buffer);
    // The root's list is ".", "..", "a", "b": point b's next back at "a" and fix b's header checksum.
    const root = 32;
    const a = view.getUint32(view.getUint32(root) & ~0xf) & ~0xf;
    const b = view.getUint32(a) & ~0xf;
    view.setUint32(b, a | (view.getUint32(b) & 0xf));
    view.setUint32(b + 12, 0);
    view.setUint32(b + 12, (0x1_0000_0000 - romfsChecksum(image.subarray(b, b + 32))) >>> 0);
    view.setUint32(12, 0);
    view.setUint32(12, (0x1_0000_0000 - romfsChecksum(image.subarray(0, 512))) >>> 0);
    const machine = romMachine(image);
    expect(machine.vfs.resolve(machine.at, '/rom/missing', 0)).toBe(-Errno.EIO);
    expect(machine.vfs.resolve(machine.at, '/rom/a', 0)).not.toBeTypeOf('number');
  });

  it('mounts with mount(2) from the source mtd0, read-only whatever the flags say', () => {
    const machine = romMachine(buildRomfsImage(sampleTree));
    const { vfs, at } = machine;
    makeDirectory(vfs, at, '/mnt', 0o755);
    const target = vfs.resolve(at, '/mnt', LOOKUP_FOLLOW);
    if (typeof target === 'number') throw new Error('no /mnt');
    expect(mountAt(vfs, at, target, { source: '/dev/sda', type: 'romfs', flags: 0, data: '' })).toBe(-Errno.EINVAL);
    expect(mountAt(vfs, at, target, { source: 'mtd0', type: 'romfs', flags: 0, data: '' })).toBe(0);
    expect(new TextDecoder().decode(readAll(machine, '/mnt/hello.txt'))).toBe('hello, romfs\n');
    expect(machine.open('/mnt/new', O_RDWR | O_CREAT)).toBe(-Errno.EROFS);
    const mounted = vfs.resolve(at, '/mnt', LOOKUP_FOLLOW);
    if (typeof mounted === 'number') throw new Error('no /mnt');
    const statfs = new DataView(encodeStatfs64(mounted.dentry.inode.sb.statfs() as StatFs, mounted).buffer);
    expect(statfs.getUint32(64, true) & ST_RDONLY).toBe(ST_RDONLY);
  });

  it('refuses an image that is not romfs, or too big for the flash, in one line', () => {
    expect(() => romMachine(new Uint8Array(4096))).toThrow(RomImageError);
    const corrupt = buildRomfsImage(sampleTree);
    corrupt[100] ^= 1;
    expect(() => romMachine(corrupt)).toThrow(/not a romfs image/);
    expect(() => romMachine(buildRomfsImage(sampleTree), '/')).toThrow(RomImageError);
    const machine = romMachine(buildRomfsImage(sampleTree));
    expect(() => attachRom(machine, new Uint8Array(17 * 1024 * 1024), '/big')).toThrow(/more than the 16 MiB/);
  });
});

describe('mapping romfs files', () => {
  it('maps a file read-only in place: two processes get the same, unaligned, flash address', () => {
    const machine = romMachine(buildRomfsImage(sampleTree));
    const opened = machine.openOrThrow('/rom/hello.txt', O_RDONLY);
    const inode = opened.inode as RomFile;
    const first = machine.newMm();
    const second = machine.newMm();
    const a = machine.map(first, opened, 13, PROT_READ | PROT_EXEC, MAP_PRIVATE);
    const b = machine.map(second, machine.openOrThrow('/rom/hello.txt', O_RDONLY), 13, PROT_READ, MAP_PRIVATE);
    expect(a).toBe(FLASH_BASE + inode.dataOffset);
    expect(a % PAGE_SIZE).not.toBe(0);
    expect(b).toBe(a);
    const offset = machine.physical.backingOffsetOfRange(a, 13);
    expect(new TextDecoder().decode(machine.physical.u8.subarray(offset, offset + 13))).toBe('hello, romfs\n');
    // The user page map gives the process the pages around the data while its map is active.
    first.activate();
    expect(machine.physical.userMap[a >>> 12] & 1).toBe(1);
    expect(machine.mmap.doMunmap(first, a, 13)).toBe(0);
    expect(machine.physical.userMap[a >>> 12]).toBe(0);
  });

  it('maps later pages of a file at the same offset inside the flash', () => {
    const machine = romMachine(buildRomfsImage(sampleTree));
    const opened = machine.openOrThrow('/rom/big', O_RDONLY);
    const addr = machine.map(machine.newMm(), opened, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 2);
    expect(addr).toBe(FLASH_BASE + (opened.inode as RomFile).dataOffset + 2 * PAGE_SIZE);
    expect(machine.map(machine.newMm(), opened, 2 * PAGE_SIZE, PROT_READ, MAP_PRIVATE, 3)).toBe(-Errno.EINVAL);
  });

  it('copies a private writable mapping and refuses a shared writable one', () => {
    const machine = romMachine(buildRomfsImage(sampleTree));
    const opened = machine.openOrThrow('/rom/hello.txt', O_RDONLY);
    const copy = machine.map(machine.newMm(), opened, 13, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    expect(copy >>> 0).toBeGreaterThanOrEqual(0x8000_0000);
    expect(machine.map(machine.newMm(), opened, 13, PROT_READ | PROT_WRITE, MAP_SHARED)).toBe(-Errno.EACCES);
    expect(machine.map(machine.newMm(), opened, 13, PROT_READ, MAP_SHARED)).toBe(FLASH_BASE + (opened.inode as RomFile).dataOffset);
  });
});

describe('reading a host directory', () => {
  let temp = '';
  afterEach(() => temp && rmSync(temp, { recursive: true, force: true }));

  it('keeps hard links, symbolic links and executable bits and builds the same image twice', () => {
    temp = mkdtempSync(join(tmpdir(), 'romfs-'));
    mkdirSync(join(temp, 'sub'));
    writeFileSync(join(temp, 'sub', 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(temp, 'a'), 'same');
    linkSync(join(temp, 'a'), join(temp, 'b'));
    symlinkSync('sub/run.sh', join(temp, 'run'));
    const image = buildRomfsImage(readHostTree(temp));
    expect(buildRomfsImage(readHostTree(temp))).toEqual(image);
    const machine = romMachine(image);
    const inode = (path: string) => {
      const found = machine.vfs.resolve(machine.at, path, 0);
      if (typeof found === 'number') throw new Error(`${path}: errno ${-found}`);
      return found.dentry.inode;
    };
    expect(inode('/rom/a')).toBe(inode('/rom/b'));
    expect(inode('/rom/sub/run.sh').mode & 0o111).toBe(0o111);
    expect(readSymlink(machine.vfs, machine.at, '/rom/run')).toBe('sub/run.sh');
    expect(() => readHostTree(join(temp, 'missing'))).toThrow(RomfsBuildError);
  });
});
