/**
 * `@handoff/testing/contract`: the store contract as a vitest suite. The one entry point of
 * the kit that imports `vitest` (a peer dependency), so that nothing else — packs, the CLI,
 * hosts — needs a test runner installed.
 *
 * @example
 * ```ts
 * import { memoryStore } from '@handoff/engine';
 * import { storeContract } from '@handoff/testing/contract';
 *
 * storeContract('memory', () => memoryStore());
 * ```
 *
 * @module
 */
export { storeContract } from './storeContract';
export type { StoreContractOptions } from './storeContract';
