import type { Dentry } from './Dentry.js';
import type { Mount } from './Mount.js';

/** A location in the file tree: a dentry seen through one mount (Linux's struct path). */
export interface VfsPath {
  readonly mount: Mount;
  readonly dentry: Dentry;
}
