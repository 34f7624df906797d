import type { FileOperations } from './FileOperations.js';
import { makeDev, S_IFCHR } from './fileMode.js';
import type { OpenFile } from './OpenFile.js';

/** A character device driver: opening a device node of its number goes to it (chrdev_open). */
export interface CharDevice {
  /** Operations of a new open file on the device, or a negative errno. */
  open(file: OpenFile): FileOperations | number;
}

/** A node a driver asks devtmpfs to create for it: /dev/NAME. */
export interface DeviceNode {
  readonly name: string;
  /** S_IFCHR and the permission bits. */
  readonly mode: number;
  readonly rdev: number;
}

/** The character devices by device number; a node without a driver opens with ENXIO. */
export class CharDevices {
  private readonly drivers = new Map<number, CharDevice>();
  private readonly nodes: DeviceNode[] = [];
  private readonly nodeListeners: ((node: DeviceNode) => void)[] = [];

  /** Registers a driver; a `nodeName` also puts /dev/NAME in devtmpfs (device_create, devtmpfs_create_node). */
  register(major: number, minor: number, device: CharDevice, nodeName?: string, permissions = 0o660): void {
    const rdev = makeDev(major, minor);
    this.drivers.set(rdev, device);
    if (nodeName === undefined) return;
    const node = { name: nodeName, mode: S_IFCHR | permissions, rdev };
    this.nodes.push(node);
    for (const listener of this.nodeListeners) listener(node);
  }

  get(rdev: number): CharDevice | undefined {
    return this.drivers.get(rdev);
  }

  /** Calls `listener` for every node registered so far and for each one registered later. */
  watchNodes(listener: (node: DeviceNode) => void): void {
    for (const node of this.nodes) listener(node);
    this.nodeListeners.push(listener);
  }
}
