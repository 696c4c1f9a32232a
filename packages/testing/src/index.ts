/**
 * `@handoff/testing`: a test engine on a virtual clock, with deterministic ids, the event
 * trail, and helpers for Given / When / Then scenarios over process packs.
 *
 * Imports no test runner: the store contract suite, which needs `vitest`, is its own entry
 * point, `@handoff/testing/contract`. The simulator lives in `@handoff/simulator` and is
 * re-exported here unchanged (docs/decisions/0010-simulator-package-and-contract-subpath.md).
 *
 * @packageDocumentation
 */
export { createTestEngine } from './createTestEngine';
export type { TestEngine, TestEngineOptions } from './createTestEngine';
export { simulate, seededRandom } from '@handoff/simulator';
export type { SeededRandom, SimulateOptions, SimulatedTask, SimulationContext, SimulationProfile, SimulationSummary, PoolSummary } from '@handoff/simulator';
export { lintBpmn, readLintConfig } from './bpmnlint';
export type { LintFinding } from './bpmnlint';
export { readDiagram, missingDi, outsideLane, lanesOutOfBand, overlaps, detachedEdges, diagonalEdges, edgesThroughShapes, nonStandardSizes, backwardFlows, untranslated } from './diagram';
export type { Bounds, Point, Diagram, DiagramNode, DiagramFlow, DiagramLane } from './diagram';
