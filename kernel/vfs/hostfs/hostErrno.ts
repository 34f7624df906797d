import { Errno } from '../../errno.js';

/**
 * The guest errno for a failed host call, by the error's code name (ENOENT, EACCES...), so that the numbers are
 * Linux's whatever the host system is. Codes the kernel does not know become EIO.
 */
export function hostErrno(error: unknown): number {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const value = code && code in Errno ? Errno[code as keyof typeof Errno] : undefined;
  return -(typeof value === 'number' ? value : Errno.EIO);
}

/** Runs a host call, turning a thrown host error into a negative guest errno. */
export function hostCall<T>(call: () => T): T | number {
  try {
    return call();
  } catch (error) {
    return hostErrno(error);
  }
}
