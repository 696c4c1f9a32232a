/**
 * `@handoff/testing`: a test engine on a virtual clock, with deterministic ids, the event
 * trail, and helpers for Given / When / Then scenarios over process packs.
 *
 * @packageDocumentation
 */
export { createTestEngine } from './createTestEngine';
export type { TestEngine, TestEngineOptions } from './createTestEngine';
export { simulate, seededRandom } from './simulate';
export type { SeededRandom, SimulateOptions, SimulatedTask, SimulationContext, SimulationProfile, SimulationSummary, PoolSummary } from './simulate';
export { storeContract } from './storeContract';
export type { StoreContractOptions } from './storeContract';
export { lintBpmn, readLintConfig } from './bpmnlint';
export type { LintFinding } from './bpmnlint';
export { readDiagram, missingDi, outsideLane, lanesOutOfBand, overlaps, detachedEdges, diagonalEdges, edgesThroughShapes, nonStandardSizes, backwardFlows, untranslated } from './diagram';
export type { Bounds, Point, Diagram, DiagramNode, DiagramFlow, DiagramLane } from './diagram';
