import { lstatSync, readFileSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import {
  paddedNameLength,
  ROMFH_BLK,
  ROMFH_CHR,
  ROMFH_DIR,
  ROMFH_EXEC,
  ROMFH_FIF,
  ROMFH_HRD,
  ROMFH_REG,
  ROMFH_SCK,
  ROMFH_SIZE,
  ROMFH_SYM,
  ROMFS_BLOCK_SIZE,
  ROMFS_MAXFN,
  ROMFS_SIGNATURE,
  ROMFS_SUPER_CHECKSUM_BYTES,
  romfsAlign,
  romfsChecksum,
} from './romfsFormat.js';

/**
 * A tree to put in a romfs image. romfs keeps no owners or times and of the permissions only whether a file or
 * directory is executable; a node object reached by several names becomes one file with hard links.
 */
export type RomfsNode =
  | { readonly kind: 'directory'; readonly mode: number; readonly entries: ReadonlyMap<string, RomfsNode> }
  | { readonly kind: 'file'; readonly mode: number; readonly data: Uint8Array }
  | { readonly kind: 'symlink'; readonly target: string }
  | { readonly kind: 'char' | 'block'; readonly major: number; readonly minor: number }
  | { readonly kind: 'fifo' | 'socket' };

/** A tree or image that cannot be made (the message is one line for the user). */
export class RomfsBuildError extends Error {}

/** One file header of the image, before offsets are known. */
interface Header {
  readonly name: Uint8Array;
  readonly type: number;
  readonly data: Uint8Array;
  /** The header spec points at (directories: their first entry; hard links: their target). */
  specHeader?: Header;
  /** spec for device nodes (major << 16 | minor). */
  specValue: number;
  /** The next header of the same directory. */
  next?: Header;
  offset: number;
}

const encoder = new TextEncoder();
const EXEC_BITS = 0o111;

/**
 * Builds a romfs image of `root` the way genromfs lays one out: every directory lists "." and ".." (hard links to
 * itself and its parent; the root's "." is the root directory's own header) and then its entries in byte order of
 * their names, each subdirectory's list following its header. The result depends only on the tree: building it
 * again gives the same bytes. The image is padded to whole 1 KiB blocks.
 */
export function buildRomfsImage(root: RomfsNode, volumeName = 'rvnommu'): Uint8Array {
  if (root.kind !== 'directory') throw new RomfsBuildError('the root of a romfs image must be a directory');
  const volume = checkedName(volumeName, 'volume name');
  const headers: Header[] = [];
  const placed = new Map<RomfsNode, Header>();

  const rootHeader = newHeader(headers, '.', ROMFH_DIR | execBit(root.mode));
  rootHeader.specHeader = rootHeader;
  const dotdot = newHeader(headers, '..', ROMFH_HRD);
  dotdot.specHeader = rootHeader;
  rootHeader.next = dotdot;
  appendEntries(headers, placed, root, rootHeader, dotdot);

  let offset = romfsAlign(ROMFH_SIZE + volume.length + 1);
  for (const header of headers) {
    header.offset = offset;
    offset = romfsAlign(offset + ROMFH_SIZE + paddedNameLength(header.name.length) + header.data.length);
  }
  const size = Math.ceil(offset / ROMFS_BLOCK_SIZE) * ROMFS_BLOCK_SIZE;
  if (size > 0xffff_ffff) throw new RomfsBuildError(`the image would be ${size} bytes: romfs sizes are 32-bit`);

  const image = new Uint8Array(size);
  const view = new DataView(image.buffer);
  image.set(encoder.encode(ROMFS_SIGNATURE), 0);
  view.setUint32(8, size);
  image.set(volume, ROMFH_SIZE);
  for (const header of headers) writeHeader(image, view, header);
  const superChecksummed = Math.min(size, ROMFS_SUPER_CHECKSUM_BYTES);
  view.setUint32(12, (0x1_0000_0000 - romfsChecksum(image.subarray(0, superChecksummed))) >>> 0);
  return image;
}

/** Reads a host directory into a tree: sorted later by the builder, hard links found by inode, times ignored. */
export function readHostTree(dir: string): RomfsNode {
  const seen = new Map<string, RomfsNode>();
  const stats = statOrThrow(dir);
  if (!stats.isDirectory()) throw new RomfsBuildError(`${dir} is not a directory`);
  return readHostDirectory(dir, stats, seen);
}

function readHostDirectory(dir: string, stats: Stats, seen: Map<string, RomfsNode>): RomfsNode {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new RomfsBuildError(`cannot read ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const entries = new Map<string, RomfsNode>();
  for (const name of names) {
    const path = join(dir, name);
    const child = statOrThrow(path);
    if (child.isDirectory()) {
      entries.set(name, readHostDirectory(path, child, seen));
      continue;
    }
    const identity = `${child.dev}:${child.ino}`;
    const known = child.nlink > 1 ? seen.get(identity) : undefined;
    const node = known ?? readHostLeaf(path, child);
    if (child.nlink > 1) seen.set(identity, node);
    entries.set(name, node);
  }
  return { kind: 'directory', mode: stats.mode, entries };
}

function readHostLeaf(path: string, stats: Stats): RomfsNode {
  try {
    if (stats.isFile()) return { kind: 'file', mode: stats.mode, data: readFileSync(path) };
    if (stats.isSymbolicLink()) return { kind: 'symlink', target: readlinkSync(path) };
  } catch (error) {
    throw new RomfsBuildError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  // Linux's dev_t: major in bits 8-19 (and 32 up), minor in bits 0-7 and 20-31.
  const major = ((stats.rdev >>> 8) & 0xfff) | (Math.floor(stats.rdev / 2 ** 32) & ~0xfff);
  const minor = (stats.rdev & 0xff) | ((stats.rdev >>> 12) & ~0xff);
  if (stats.isCharacterDevice()) return { kind: 'char', major, minor };
  if (stats.isBlockDevice()) return { kind: 'block', major, minor };
  if (stats.isFIFO()) return { kind: 'fifo' };
  return { kind: 'socket' };
}

function statOrThrow(path: string): Stats {
  try {
    return lstatSync(path);
  } catch (error) {
    throw new RomfsBuildError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Appends the headers of `dir`'s entries after `last`, each subdirectory followed by its own list. */
function appendEntries(headers: Header[], placed: Map<RomfsNode, Header>, dir: RomfsNode & { kind: 'directory' }, dirHeader: Header, last: Header): void {
  const names = [...dir.entries.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) {
    const node = dir.entries.get(name)!;
    const existing = placed.get(node);
    let header: Header;
    if (existing) {
      if (node.kind === 'directory') throw new RomfsBuildError(`${name}: a directory cannot have two names`);
      header = newHeader(headers, name, ROMFH_HRD);
      header.specHeader = existing;
    } else {
      header = newHeader(headers, name, typeOf(node), contentsOf(node));
      placed.set(node, header);
      if (node.kind === 'char' || node.kind === 'block') header.specValue = ((node.major & 0xffff) << 16 | (node.minor & 0xffff)) >>> 0;
    }
    last.next = header;
    last = header;
    if (node.kind === 'directory' && !existing) {
      const dot = newHeader(headers, '.', ROMFH_HRD);
      dot.specHeader = header;
      const up = newHeader(headers, '..', ROMFH_HRD);
      up.specHeader = dirHeader;
      dot.next = up;
      header.specHeader = dot;
      appendEntries(headers, placed, node, header, up);
    }
  }
}

function newHeader(headers: Header[], name: string, type: number, data: Uint8Array = new Uint8Array(0)): Header {
  const header: Header = { name: checkedName(name, 'file name'), type, data, specValue: 0, offset: 0 };
  headers.push(header);
  return header;
}

function checkedName(name: string, what: string): Uint8Array {
  const bytes = encoder.encode(name);
  if (bytes.length >= ROMFS_MAXFN) throw new RomfsBuildError(`${what} ${name.slice(0, 40)}...: longer than ${ROMFS_MAXFN - 1} bytes`);
  if (bytes.includes(0) || (what === 'file name' && bytes.includes(0x2f))) throw new RomfsBuildError(`${what} ${JSON.stringify(name)} is not valid`);
  return bytes;
}

function execBit(mode: number): number {
  return mode & EXEC_BITS ? ROMFH_EXEC : 0;
}

function typeOf(node: RomfsNode): number {
  switch (node.kind) {
    case 'directory':
      return ROMFH_DIR | execBit(node.mode);
    case 'file':
      return ROMFH_REG | execBit(node.mode);
    case 'symlink':
      return ROMFH_SYM;
    case 'block':
      return ROMFH_BLK;
    case 'char':
      return ROMFH_CHR;
    case 'socket':
      return ROMFH_SCK;
    case 'fifo':
      return ROMFH_FIF;
  }
}

/** A regular file's bytes, or a symbolic link's target. */
function contentsOf(node: RomfsNode): Uint8Array {
  if (node.kind === 'file') return node.data;
  if (node.kind === 'symlink') return encoder.encode(node.target);
  return new Uint8Array(0);
}

function writeHeader(image: Uint8Array, view: DataView, header: Header): void {
  const at = header.offset;
  const spec = header.specHeader ? header.specHeader.offset : header.specValue;
  view.setUint32(at, ((header.next?.offset ?? 0) | header.type) >>> 0);
  view.setUint32(at + 4, spec);
  view.setUint32(at + 8, header.data.length);
  image.set(header.name, at + ROMFH_SIZE);
  const metaEnd = at + ROMFH_SIZE + paddedNameLength(header.name.length);
  view.setUint32(at + 12, (0x1_0000_0000 - romfsChecksum(image.subarray(at, metaEnd))) >>> 0);
  image.set(header.data, metaEnd);
}
