import { describe, expect, it } from 'vitest';
import { deterministicSources, fileClock } from './MachineSources.js';

describe('deterministicSources', () => {
  it('derives time from the instruction count, from 2024-01-01, at 100 MIPS', () => {
    let instructions = 0;
    const sources = deterministicSources(() => instructions);
    expect(sources.sinceBoot()).toBe(0);
    expect(sources.realtime()).toBe(Date.UTC(2024, 0, 1));
    instructions = 250_000;
    expect(sources.sinceBoot()).toBe(2.5);
    expect(sources.realtime()).toBe(Date.UTC(2024, 0, 1) + 2.5);
    expect(fileClock(sources)()).toEqual({ sec: Date.UTC(2024, 0, 1) / 1000, nsec: 2_500_000 });
  });

  it('moves time on to the end of a sleep, never back', () => {
    let instructions = 100_000;
    const sources = deterministicSources(() => instructions);
    sources.sleptUntil(21);
    expect(sources.sinceBoot()).toBe(21);
    sources.sleptUntil(5);
    expect(sources.sinceBoot()).toBe(21);
    instructions += 200_000;
    expect(sources.sinceBoot()).toBe(23);
  });

  it('gives the same random stream for the same seed however it is drawn, another for another seed', () => {
    const draw = (seed: string, sizes: number[]) => {
      const sources = deterministicSources(() => 0, seed);
      return Buffer.concat(sizes.map((size) => {
        const bytes = new Uint8Array(size);
        sources.fillRandom(bytes);
        return bytes;
      }));
    };
    const whole = draw('a', [100]);
    expect(draw('a', [7, 50, 43])).toEqual(whole);
    expect(draw('b', [100])).not.toEqual(whole);
    expect(new Set(whole).size).toBeGreaterThan(50);
  });
});
