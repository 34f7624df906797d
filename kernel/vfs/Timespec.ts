/** A time64 timestamp: seconds since the epoch and nanoseconds, as inodes and struct statx hold them. */
export interface Timespec {
  readonly sec: number;
  readonly nsec: number;
}

/** The wall clock the file systems stamp inodes with (CLOCK_REALTIME). */
export type Clock = () => Timespec;

/** A clock reading the host's real time. */
export const hostClock: Clock = () => {
  const ms = Date.now();
  return { sec: Math.floor(ms / 1000), nsec: (ms % 1000) * 1_000_000 };
};
