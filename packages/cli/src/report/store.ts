/**
 * Opening a durable store named on the command line: a PGlite data directory or a
 * `postgres://` URL.
 *
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { postgresStore, type PostgresStore } from '@handoff/store-postgres';
import { FileError } from '../errors';
import { resolvePath } from '../files';

/** Whether `target` is a PostgreSQL connection URL rather than a directory. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Open the store: `postgresStore({ url })` for a URL, else `postgresStore({ dataDir })`.
 * @param mustExist refuse a directory that does not exist yet (reports), instead of creating it (simulations)
 * @throws FileError when the path is a file, or missing while `mustExist`; the store's own error when it cannot open
 */
export async function openStore(target: string, options: { cwd?: string; mustExist?: boolean } = {}): Promise<PostgresStore> {
  let store: PostgresStore;
  if (isPostgresUrl(target)) store = postgresStore({ url: target, nodeId: 'handoff-cli' });
  else {
    const dir = resolvePath(target, options.cwd);
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new FileError(target, 'is a file, not a PGlite data directory.', 'pass a directory (created by handoff simulate --store DIR) or a postgres:// URL.');
    if (options.mustExist && !existsSync(dir)) throw new FileError(target, 'no such directory.', 'run handoff simulate <pack> --store DIR first, or pass a postgres:// URL.');
    store = postgresStore({ dataDir: dir, nodeId: 'handoff-cli' });
  }
  try {
    await store.ready;
  } catch (err) {
    await store.close().catch(() => undefined);
    throw new FileError(target, `cannot be opened as a Handoff store (${(err as Error).message.split('\n')[0]}).`, isPostgresUrl(target) ? 'check the URL, the server and the credentials.' : 'pass a directory written by handoff simulate --store, or an empty one.');
  }
  return store;
}
