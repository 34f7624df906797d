import { Errno } from '../../errno.js';
import { ROOT_CREDENTIALS } from '../Credentials.js';
import { Dentry } from '../Dentry.js';
import type { FileSystemType, MountRequest } from '../FileSystemType.js';
import type { GuestPages } from './FileData.js';
import { RamDirectory } from './RamDirectory.js';
import { RamSuperBlock } from './RamSuperBlock.js';

interface RamOptions {
  size?: number;
  inodes?: number;
  mode?: number;
  uid?: number;
  gid?: number;
}

/** Parses "size=64k" style numbers with k/m/g suffixes, or a percentage of `memory` when allowed. */
function parseSize(text: string, memory: number): number | undefined {
  const match = /^(\d+)([kmgtpe%]?)$/i.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2].toLowerCase();
  if (unit === '%') return Math.floor((memory * value) / 100);
  return value * 1024 ** ' kmgtpe'.indexOf(unit || ' ');
}

function parseId(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * tmpfs options (size, nr_inodes, mode, uid, gid) with its strictness: an unknown or malformed option is EINVAL.
 * ramfs knows only mode and traditionally ignores everything else.
 */
function parseOptions(text: string, tmpfs: boolean, memory: number): RamOptions | number {
  const options: RamOptions = {};
  for (const option of text.split(',').filter((o) => o !== '')) {
    const equals = option.indexOf('=');
    const key = equals < 0 ? option : option.slice(0, equals);
    const value = equals < 0 ? '' : option.slice(equals + 1);
    let parsed: number | undefined;
    if (key === 'mode') parsed = /^[0-7]+$/.test(value) ? parseInt(value, 8) & 0o7777 : undefined;
    else if (!tmpfs) continue;
    else if (key === 'size') parsed = parseSize(value, memory);
    else if (key === 'nr_inodes') parsed = parseSize(value, Infinity);
    else if (key === 'uid' || key === 'gid') parsed = parseId(value);
    if (parsed === undefined) {
      if (!tmpfs) continue;
      return -Errno.EINVAL;
    }
    if (key === 'mode') options.mode = parsed;
    else if (key === 'size') options.size = parsed;
    else if (key === 'nr_inodes') options.inodes = parsed;
    else if (key === 'uid') options.uid = parsed;
    else options.gid = parsed;
  }
  return options;
}

/**
 * ramfs and tmpfs (also the root file system and devtmpfs' storage). `memoryBytes` is the machine's RAM: ramfs
 * may fill it, tmpfs defaults to half of it and to as many inodes as half of its pages (shmem's defaults).
 */
export function ramFileSystemType(name: 'ramfs' | 'tmpfs', memoryBytes: number, pages: GuestPages): FileSystemType {
  const tmpfs = name === 'tmpfs';
  const defaultBytes = tmpfs ? Math.floor(memoryBytes / 2) : memoryBytes;
  const defaultInodes = tmpfs ? Math.floor(memoryBytes / 4096 / 2) : Number.MAX_SAFE_INTEGER;
  const defaultMode = tmpfs ? 0o1777 : 0o755;
  return {
    name,
    guestMountable: true,
    mount(request: MountRequest) {
      const options = parseOptions(request.options, tmpfs, memoryBytes);
      if (typeof options === 'number') return options;
      const limits = { bytes: options.size ?? defaultBytes, inodes: options.inodes ?? defaultInodes };
      const mode = options.mode ?? defaultMode;
      const shown = (): string[] => {
        const list: string[] = [];
        if (tmpfs && sb.limits.bytes !== defaultBytes) list.push(`size=${Math.ceil(sb.limits.bytes / 1024)}k`);
        if (tmpfs && sb.limits.inodes !== defaultInodes) list.push(`nr_inodes=${sb.limits.inodes}`);
        if (mode !== defaultMode) list.push(`mode=${mode.toString(8).padStart(3, '0')}`);
        if (options.uid) list.push(`uid=${options.uid}`);
        if (options.gid) list.push(`gid=${options.gid}`);
        return list;
      };
      const sb = new RamSuperBlock(name, tmpfs, request.dev, request.clock, limits, shown, pages);
      sb.takeInode();
      const root = new RamDirectory(sb, mode, options.uid ?? ROOT_CREDENTIALS.uid, options.gid ?? ROOT_CREDENTIALS.gid);
      sb.root = new Dentry('/', null, root);
      return sb;
    },
  };
}
