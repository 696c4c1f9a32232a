/**
 * Which database faults become which typed error (src/faults.ts), without a server: a commit
 * never sent, a commit whose answer was lost, a refusal for want of resources, a plain SQL
 * error; and the timeout options' validation.
 */
import { CommitUnknownError, ConcurrencyError, InvalidArgumentError, StoreUnavailableError } from '@handoff/engine';
import { describe, expect, it } from 'vitest';
import { commitError, PostgresCommitError } from '../src/commitQueue';
import { ConnectFailed, StatementStalled, storeError } from '../src/faults';
import { postgresStore } from '../src/index';

const pgError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
const netError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });

describe('Feature: database faults become typed errors', () => {
  it.each([
    ['no connection could be had (refused)', new ConnectFailed(netError('ECONNREFUSED')), StoreUnavailableError, 'STORE_UNAVAILABLE'],
    ['the connection ended after the commit was sent', new Error('Connection terminated unexpectedly'), CommitUnknownError, 'COMMIT_UNKNOWN'],
    ['the connection reset after sending', netError('ECONNRESET'), CommitUnknownError, 'COMMIT_UNKNOWN'],
    ['the connection stalled past the deadline', new StatementStalled(2000), CommitUnknownError, 'COMMIT_UNKNOWN'],
    ['the server was shut down under the commit (57P01)', pgError('57P01', 'terminating connection due to administrator command'), CommitUnknownError, 'COMMIT_UNKNOWN'],
    ['a crash shutdown under the commit (57P02)', pgError('57P02'), CommitUnknownError, 'COMMIT_UNKNOWN'],
    ['the disk is full (53100)', pgError('53100', 'could not extend file'), StoreUnavailableError, 'STORE_UNAVAILABLE'],
    ['the statement timed out on the server (57014)', pgError('57014', 'canceling statement due to statement timeout'), StoreUnavailableError, 'STORE_UNAVAILABLE'],
  ])('Scenario: a commit fails because %s', (_label, err, type, code) => {
    // when
    const typed = commitError(err) as StoreUnavailableError;
    // then
    expect(typed).toBeInstanceOf(type);
    expect(typed.code).toBe(code);
    expect(typed.operation).toBe('commit');
    expect(typed.hint).toMatch(/\.$/);
  });

  it('Scenario: a commit the database refuses for its content, or a conflict, is not an outage', () => {
    expect(commitError(pgError('23502'))).toBeInstanceOf(PostgresCommitError);
    expect(commitError(pgError('23502'))).not.toBeInstanceOf(StoreUnavailableError);
    expect(commitError(Object.assign(pgError('HF001'), { detail: '{"id":"i1","expected":1,"actual":2}' }))).toBeInstanceOf(ConcurrencyError);
  });

  it('Scenario: a read on a lost connection is STORE_UNAVAILABLE with the operation and cause; a plain SQL error stays as it is', () => {
    const cause = netError('ECONNREFUSED');
    const typed = storeError('getInstance', new ConnectFailed(cause)) as StoreUnavailableError;
    expect(typed).toBeInstanceOf(StoreUnavailableError);
    expect(typed).not.toBeInstanceOf(CommitUnknownError);
    expect(typed.operation).toBe('getInstance');
    expect(typed.cause).toBe(cause);
    expect((storeError('acquireTimers', pgError('57P03', 'the database system is starting up')) as StoreUnavailableError).sqlState).toBe('57P03');
    const sqlBug = pgError('42P01', 'relation "handoff_x" does not exist');
    expect(storeError('queryTasks', sqlBug)).toBe(sqlBug);
  });

  it('Scenario: an unreachable server gives STORE_UNAVAILABLE on every call', async () => {
    // given a port nobody listens on
    const store = postgresStore({ url: 'postgres://postgres@127.0.0.1:1/none', nodeId: 'node-x', connectTimeoutMs: 1000 });
    // then
    await expect(store.getInstance('inst-1')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.acquireTimers!(0, 1, { owner: 'x', until: 1 })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', operation: 'acquireTimers' });
    await expect(store.query('SELECT 1')).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
  });

  it.each([
    ['statementTimeoutMs', -1],
    ['statementTimeoutMs', 1.5],
    ['connectTimeoutMs', Number.NaN],
  ])('Scenario: %s = %s is refused with INVALID_ARGUMENT', (name, value) => {
    expect(() => postgresStore({ url: 'postgres://localhost/x', [name]: value })).toThrow(InvalidArgumentError);
  });
});
