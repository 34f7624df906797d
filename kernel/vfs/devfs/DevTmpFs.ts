import type { CharDevices } from '../CharDevices.js';
import { ROOT_CREDENTIALS } from '../Credentials.js';
import { Dentry } from '../Dentry.js';
import { makeDev, S_IFCHR } from '../fileMode.js';
import type { FileSystemType, MountRequest } from '../FileSystemType.js';
import type { GuestPages } from '../ramfs/FileData.js';
import { RamDirectory } from '../ramfs/RamDirectory.js';
import { RamSuperBlock } from '../ramfs/RamSuperBlock.js';
import type { SuperBlock } from '../SuperBlock.js';
import { MEM_MAJOR } from './memoryDevices.js';

/** TTYAUX_MAJOR: /dev/tty (5,0) and /dev/console (5,1). */
export const TTYAUX_MAJOR = 5;

/** The nodes every rvnommu /dev starts with: name, type and permissions, major, minor. */
const NODES: [string, number, number, number][] = [
  ['null', S_IFCHR | 0o666, MEM_MAJOR, 3],
  ['zero', S_IFCHR | 0o666, MEM_MAJOR, 5],
  ['full', S_IFCHR | 0o666, MEM_MAJOR, 7],
  ['random', S_IFCHR | 0o666, MEM_MAJOR, 8],
  ['urandom', S_IFCHR | 0o666, MEM_MAJOR, 9],
  ['tty', S_IFCHR | 0o666, TTYAUX_MAJOR, 0],
  ['console', S_IFCHR | 0o600, TTYAUX_MAJOR, 1],
];

/** What udev or mdev would add: the /proc/self/fd links and the mount points of /dev/shm and /dev/pts. */
const LINKS: [string, string][] = [
  ['fd', '/proc/self/fd'],
  ['stdin', '/proc/self/fd/0'],
  ['stdout', '/proc/self/fd/1'],
  ['stderr', '/proc/self/fd/2'],
];

/**
 * devtmpfs: one tmpfs-like tree of device nodes shared by every mount of it, as in Linux, where the drivers
 * create the nodes (the fixed ones above, and those drivers register with a name, even after the mount). The character devices behind the nodes are registered with the VFS separately.
 */
export function devTmpFileSystemType(memoryBytes: number, devices: CharDevices, pages: GuestPages): FileSystemType {
  let instance: SuperBlock | undefined;
  return {
    name: 'devtmpfs',
    guestMountable: true,
    mount(request: MountRequest) {
      instance ??= populate(new RamSuperBlock('devtmpfs', true, request.dev, request.clock, { bytes: memoryBytes / 2, inodes: memoryBytes / 8192 }, () => [], pages), devices);
      return instance;
    },
  };
}

function populate(sb: RamSuperBlock, devices: CharDevices): SuperBlock {
  sb.takeInode();
  const root = new RamDirectory(sb, 0o755, 0, 0);
  const top = new Dentry('/', null, root);
  sb.root = top;
  for (const [name, mode, major, minor] of NODES) root.mknod(top, name, mode, makeDev(major, minor), ROOT_CREDENTIALS);
  for (const [name, target] of LINKS) root.symlink(top, name, target, ROOT_CREDENTIALS);
  root.mkdir(top, 'shm', 0o1777, ROOT_CREDENTIALS);
  root.mkdir(top, 'pts', 0o755, ROOT_CREDENTIALS);
  devices.watchNodes((node) => root.mknod(top, node.name, node.mode, node.rdev, ROOT_CREDENTIALS));
  return sb;
}
