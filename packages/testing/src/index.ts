/**
 * `@handoff/testing`: a test engine on a virtual clock, with deterministic ids, the event
 * trail, and helpers for Given / When / Then scenarios over process packs.
 *
 * @packageDocumentation
 */
export { createTestEngine } from './createTestEngine';
export type { TestEngine, TestEngineOptions } from './createTestEngine';
