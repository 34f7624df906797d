import type { FileOperations } from './FileOperations.js';
import { makeDev } from './fileMode.js';
import type { OpenFile } from './OpenFile.js';

/** A character device driver: opening a device node of its number goes to it (chrdev_open). */
export interface CharDevice {
  /** Operations of a new open file on the device, or a negative errno. */
  open(file: OpenFile): FileOperations | number;
}

/** The character devices by device number; a node without a driver opens with ENXIO. */
export class CharDevices {
  private readonly drivers = new Map<number, CharDevice>();

  register(major: number, minor: number, device: CharDevice): void {
    this.drivers.set(makeDev(major, minor), device);
  }

  get(rdev: number): CharDevice | undefined {
    return this.drivers.get(rdev);
  }
}
