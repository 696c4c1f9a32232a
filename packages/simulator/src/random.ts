/**
 * Seeded random numbers (mulberry32): the same seed gives the same sequence on every machine.
 * Its own module (`@handoff/simulator/random`, also re-exported as `@handoff/testing/random`) so that a process that only needs the numbers —
 * e.g. a crash-test child restarted many times — loads nothing else.
 *
 * @module
 */

/** A seeded pseudo-random source (mulberry32). Never uses `Math.random`. */
export interface SeededRandom {
  /** The next number in [0, 1). */
  next(): number;
  /** A number in [a, b). */
  uniform(a: number, b: number): number;
  /** An integer in [a, b] (both inclusive). */
  int(a: number, b: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A key of `weights`, with probability proportional to its weight (keys in insertion order). */
  pick<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** An exponentially distributed number with mean `mean`. */
  exponential(mean: number): number;
}

/**
 * A seeded random source: the same seed gives the same sequence on every machine.
 *
 * @example
 * ```ts
 * const rng = seededRandom(42);
 * rng.uniform(5, 15); rng.chance(0.3); rng.pick({ hall: 1, rep: 4 }); rng.exponential(10);
 * ```
 */
export function seededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()),
    chance: (p) => next() < p,
    pick<K extends string>(weights: Readonly<Record<K, number>>): K {
      const entries = Object.entries(weights) as [K, number][];
      const total = entries.reduce((s, [, w]) => s + w, 0);
      if (!(total > 0)) throw new RangeError('pick() needs at least one positive weight');
      let r = next() * total;
      for (const [k, w] of entries) {
        if (r < w) return k;
        r -= w;
      }
      return entries[entries.length - 1]![0];
    },
    exponential: (mean) => -mean * Math.log(1 - next()),
  };
}
