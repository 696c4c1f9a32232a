import { InvalidArgumentError } from '@handoff/engine';
import { describe, expect, it } from 'vitest';
import { postgresStore } from '../src/index';

describe('Feature: postgresStore options', () => {
  it.each([
    ['dataDir and url', { dataDir: './data', url: 'postgres://localhost/x' }],
    ['url and pool', { url: 'postgres://localhost/x', pool: {} as never }],
  ])('Scenario: %s together are refused with INVALID_ARGUMENT', (_label, options) => {
    // when / then
    expect(() => postgresStore(options)).toThrow(InvalidArgumentError);
    expect(() => postgresStore(options)).toThrow(/give only one of dataDir, url, pglite, pool/);
  });

  it('Scenario: an unreachable server rejects `ready` and every call, without an unhandled rejection', async () => {
    // given a port nobody listens on
    const store = postgresStore({ url: 'postgres://postgres@127.0.0.1:1/none', nodeId: 'node-x' });
    // then
    expect(store.kind).toBe('postgres');
    await expect(store.ready).rejects.toThrow(/ECONNREFUSED/);
    await expect(store.getInstance('inst-1')).rejects.toThrow(/ECONNREFUSED/);
    await expect(store.nextDue()).rejects.toThrow(/ECONNREFUSED/);
    await store.close();
  });
});
