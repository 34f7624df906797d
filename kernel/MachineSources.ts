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
   * Every task waits and the earliest timed wait ends `sinceBoot` ms after boot: returns how many host ms the
   * machine must idle for that time to come. The host's clock runs by itself, so the machine waits; the
   * deterministic clock does not, so it jumps to that time at once (a discrete-event simulator's clock) and
   * the answer is 0.
   */
  idleUntil(sinceBoot: number): number;
}

/** The sources' real time as the clock the file systems stamp inodes with. */
export function fileClock(sources: MachineSources): Clock {
  return () => {
    const ms = sources.realtime();
    const sec = Math.floor(ms / 1000);
    return { sec, nsec: Math.floor((ms - sec * 1000) * 1_000_000) };
  };
}

/** getRandomValues fills at most this many bytes a call. */
const RANDOM_VALUES_LIMIT = 65536;

/** The host's clocks and its cryptographic generator (Web Crypto, which both Node and browsers have). */
export function hostSources(): MachineSources {
  const bootTime = performance.now();
  const sinceBoot = () => performance.now() - bootTime;
  return {
    sinceBoot,
    realtime: () => performance.timeOrigin + performance.now(),
    fillRandom: (into) => {
      for (let offset = 0; offset < into.length; offset += RANDOM_VALUES_LIMIT) {
        globalThis.crypto.getRandomValues(into.subarray(offset, offset + RANDOM_VALUES_LIMIT));
      }
    },
    idleUntil: (end) => Math.max(0, end - sinceBoot()),
  };
}

/** The instruction rate deterministic time assumes: 100 MIPS, so 100,000 instructions make a millisecond. */
const INSTRUCTIONS_PER_MS = 100_000;
/** Deterministic wall-clock time starts at 2024-01-01T00:00:00Z. */
const DETERMINISTIC_EPOCH_MS = Date.UTC(2024, 0, 1);
const DEFAULT_SEED = 'rvnommu';

/**
 * Time from the count of executed instructions plus the time the machine idled (each idle period moves time on
 * to the earliest deadline),
 * randomness from a SplitMix32 sequence seeded with the FNV-1a hash of a seed: the same program with the same
 * input sees the same values, run after run. (Not SHA-256 through node:crypto: the kernel runs in browsers too,
 * where digests are asynchronous.)
 */
export function deterministicSources(instructions: () => number, seed = DEFAULT_SEED): MachineSources {
  let state = fnv1a(seed);
  let word = 0;
  let wordBytesLeft = 0;
  let idled = 0;
  const sinceBoot = () => instructions() / INSTRUCTIONS_PER_MS + idled;
  return {
    sinceBoot,
    idleUntil: (end) => {
      idled += Math.max(0, end - sinceBoot());
      return 0;
    },
    realtime: () => DETERMINISTIC_EPOCH_MS + sinceBoot(),
    fillRandom: (into) => {
      for (let i = 0; i < into.length; i++) {
        if (wordBytesLeft === 0) {
          state = (state + 0x9e3779b9) | 0;
          word = splitmix32(state);
          wordBytesLeft = 4;
        }
        into[i] = word & 0xff;
        word >>>= 8;
        wordBytesLeft--;
      }
    },
  };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash >>> 0;
}

/** SplitMix32's output function: mixes a Weyl sequence's state into a well-spread 32-bit word. */
function splitmix32(state: number): number {
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
