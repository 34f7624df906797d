import { createHash, randomFillSync } from 'node:crypto';
import type { Clock } from './vfs/Timespec.js';

/**
 * Where the machine's time and randomness come from. The host's by default; with `run --deterministic` both are
 * derived from the instruction count and a fixed seed, so that two runs of a program see the same clocks and
 * the same random bytes and produce identical traces and output.
 */
export interface MachineSources {
  /** Milliseconds since boot (CLOCK_MONOTONIC, the time CSR, uptime). */
  sinceBoot(): number;
  /** Milliseconds since the epoch (CLOCK_REALTIME, file timestamps). */
  realtime(): number;
  /** Fills `into` with random bytes (getrandom, AT_RANDOM, /dev/urandom). */
  fillRandom(into: Uint8Array): void;
  /**
   * A sleep ended that was to last until `sinceBoot` ms after boot: a clock that does not run by itself (the
   * deterministic one) moves forward to that time, as an idle machine's timer would.
   */
  sleptUntil(sinceBoot: number): void;
}

/** The sources' real time as the clock the file systems stamp inodes with. */
export function fileClock(sources: MachineSources): Clock {
  return () => {
    const ms = sources.realtime();
    const sec = Math.floor(ms / 1000);
    return { sec, nsec: Math.floor((ms - sec * 1000) * 1_000_000) };
  };
}

/** The host's clocks and its cryptographic generator. */
export function hostSources(): MachineSources {
  const bootTime = performance.now();
  return {
    sinceBoot: () => performance.now() - bootTime,
    realtime: () => performance.timeOrigin + performance.now(),
    fillRandom: (into) => {
      randomFillSync(into);
    },
    // Host time went on during the sleep by itself.
    sleptUntil: () => {},
  };
}

/** The instruction rate deterministic time assumes: 100 MIPS, so 100,000 instructions make a millisecond. */
const INSTRUCTIONS_PER_MS = 100_000;
/** Deterministic wall-clock time starts at 2024-01-01T00:00:00Z. */
const DETERMINISTIC_EPOCH_MS = Date.UTC(2024, 0, 1);
const DEFAULT_SEED = 'rvnommu';

/**
 * Time from the count of executed instructions plus the time slept (each sleep moves time on to its end),
 * randomness from SHA-256 of a seed and a block counter: the same program with the same input sees the same
 * values, run after run.
 */
export function deterministicSources(instructions: () => number, seed = DEFAULT_SEED): MachineSources {
  let block = 0;
  let pool = new Uint8Array(0);
  let slept = 0;
  const sinceBoot = () => instructions() / INSTRUCTIONS_PER_MS + slept;
  return {
    sinceBoot,
    sleptUntil: (end) => {
      slept += Math.max(0, end - sinceBoot());
    },
    realtime: () => DETERMINISTIC_EPOCH_MS + sinceBoot(),
    fillRandom: (into) => {
      let filled = 0;
      while (filled < into.length) {
        if (pool.length === 0) pool = createHash('sha256').update(`${seed}:${block++}`).digest();
        const count = Math.min(pool.length, into.length - filled);
        into.set(pool.subarray(0, count), filled);
        pool = pool.subarray(count);
        filled += count;
      }
    },
  };
}
