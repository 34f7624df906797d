import type { SuperBlock } from './SuperBlock.js';
import type { Clock } from './Timespec.js';

/** What a file system gets to build a new instance. */
export interface MountRequest {
  /** The source (device) argument of mount, e.g. "tmpfs". */
  readonly source: string;
  /** The comma-separated data argument, e.g. "size=64k,mode=1777". */
  readonly options: string;
  /** A fresh anonymous device number for the instance. */
  readonly dev: number;
  readonly clock: Clock;
}

/** A kind of file system mount() knows by name (Linux's file_system_type). */
export interface FileSystemType {
  readonly name: string;
  /** False for file systems only the host sets up (hostfs): mount(2) from the guest gives ENODEV. */
  readonly guestMountable: boolean;
  /** A new instance (or a shared one), or a negative errno for bad options. */
  mount(request: MountRequest): SuperBlock | number;
}
