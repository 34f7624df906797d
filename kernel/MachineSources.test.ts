import { describe, expect, it } from 'vitest';
import { deterministicSources, fileClock, hostSources } from './MachineSources.js';

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

  it('jumps to the end of an idle period at once, never back', () => {
    let instructions = 100_000;
    const sources = deterministicSources(() => instructions);
    expect(sources.idleUntil(21)).toBe(0);
    expect(sources.sinceBoot()).toBe(21);
    expect(sources.idleUntil(5)).toBe(0);
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

describe('hostSources', () => {
  it('idles for the host time left until a deadline, none for one already past', () => {
    const sources = hostSources();
    const now = sources.sinceBoot();
    expect(sources.idleUntil(now + 5000)).toBeGreaterThan(4900);
    expect(sources.idleUntil(now + 5000)).toBeLessThanOrEqual(5000);
    expect(sources.idleUntil(now - 10)).toBe(0);
  });
});
