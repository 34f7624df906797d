import { realpathSync, statSync } from 'node:fs';
import { ROOT_CREDENTIALS } from '../Credentials.js';
import { Dentry } from '../Dentry.js';
import { makeDirectoryTree } from '../entryOperations.js';
import { isDir } from '../fileMode.js';
import type { Mount } from '../Mount.js';
import { MS_NODEV, MS_NOSUID } from '../mountFlags.js';
import type { Vfs } from '../Vfs.js';
import { HostInode } from './HostInode.js';
import { HostSuperBlock } from './HostSuperBlock.js';

/** A --mount that cannot be set up: a one-line message for the user. */
export class HostMountError extends Error {}

/**
 * `--mount hostdir:/guestdir`: makes the host directory visible at the guest path (created if missing), never
 * letting the guest reach outside it. Device nodes and set-user-ID bits of the host are not honoured (nodev,
 * nosuid). Throws HostMountError when the host directory or the guest path is unusable.
 */
export function mountHostDirectory(vfs: Vfs, hostDir: string, guestPath: string, flags = MS_NODEV | MS_NOSUID): Mount {
  let real: Buffer;
  try {
    real = realpathSync.native(hostDir, { encoding: 'buffer' });
    if (!statSync(real).isDirectory()) throw new HostMountError(`--mount ${hostDir}: not a directory`);
  } catch (error) {
    if (error instanceof HostMountError) throw error;
    throw new HostMountError(`--mount ${hostDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const sb = new HostSuperBlock(vfs.anonymousDev(), vfs.clock, real);
  const stats = sb.lstat(real);
  if (typeof stats === 'number' || !isDir(Number(stats.mode))) throw new HostMountError(`--mount ${hostDir}: not a directory`);
  sb.root = new Dentry('/', null, sb.inodeFor(stats, (ino) => new HostInode(sb, ino, Number(stats.mode))));
  const fs = vfs.newFsContext();
  try {
    const made = makeDirectoryTree(vfs, { fs, cred: ROOT_CREDENTIALS, base: fs.root }, guestPath, 0o755);
    if (made) throw new HostMountError(`--mount ${hostDir}:${guestPath}: cannot create ${guestPath} (errno ${-made})`);
  } finally {
    fs.release();
  }
  const mount = vfs.mountAt(guestPath, sb, flags, real.toString('latin1'));
  if (typeof mount === 'number') throw new HostMountError(`--mount ${hostDir}:${guestPath}: errno ${-mount}`);
  return mount;
}
