/**
 * `@handoff/simulator`: a deterministic discrete-event simulator for Handoff engines on a
 * virtual clock (arrivals, pools of simulated staff, a summary per seed) and the seeded
 * random source it draws from. Runtime code: it depends on `@handoff/engine` only, never
 * on a test runner, so process packs and the CLI can ship it.
 *
 * @packageDocumentation
 */
export { simulate, seededRandom } from './simulate';
export type { SeededRandom, SimulateOptions, SimulatedTask, SimulationContext, SimulationProfile, SimulationSummary, PoolSummary } from './simulate';
