/**
 * `@handoff/testing/random`: the seeded random source, kept for compatibility; it lives in
 * `@handoff/simulator/random` (loads nothing else: for child processes).
 *
 * @module
 */
export { seededRandom } from '@handoff/simulator/random';
export type { SeededRandom } from '@handoff/simulator/random';
