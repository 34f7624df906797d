/** The identity file access is checked against (the fsuid/fsgid and supplementary groups of struct cred). */
export interface Credentials {
  readonly uid: number;
  readonly gid: number;
  readonly groups: readonly number[];
}

/** uClinux systems usually run everything as root: every capability, no DAC restrictions but exec bits. */
export const ROOT_CREDENTIALS: Credentials = { uid: 0, gid: 0, groups: [] };

export function isSuperuser(cred: Credentials): boolean {
  return cred.uid === 0;
}

export function inGroup(cred: Credentials, gid: number): boolean {
  return cred.gid === gid || cred.groups.includes(gid);
}
