/**
 * A memory store that fails on demand, for the outage tests on a virtual clock.
 */
import { CommitUnknownError, memoryStore, StoreUnavailableError, type Store } from '../../src/index';

/**
 * A memory store that can go down: while `down`, every call fails with a
 * `StoreUnavailableError`; with `landThenLose`, commits are written and then answered with
 * `CommitUnknownError` (the connection lost after sending).
 */
export function flakyStore() {
  const inner = memoryStore();
  const state = { down: false, landThenLose: false, failures: 0 };
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || prop === 'close') return value;
      return async (...args: unknown[]) => {
        if (state.down) {
          state.failures++;
          throw new StoreUnavailableError(String(prop), new Error('connect ECONNREFUSED 127.0.0.1:5432'));
        }
        const out = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (prop === 'commit' && state.landThenLose) throw new CommitUnknownError(new Error('Connection terminated unexpectedly'));
        return out;
      };
    },
  }) as Store;
  return { store, state };
}

