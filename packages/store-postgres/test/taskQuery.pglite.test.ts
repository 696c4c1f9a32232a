import { afterAll, beforeAll, describe } from 'vitest';
import { taskQueryProperty } from '../../engine/test/store/taskQueryProperty';
import { sharedPglite } from './support';

// One PGlite for the file; every run starts from empty tables.
const db = sharedPglite();
beforeAll(() => db.open(), 60_000);
afterAll(() => db.close());

describe('Feature: PGlite answers task queries like a full scan', () => {
  taskQueryProperty('PGlite', 'packages/store-postgres/test/taskQuery.pglite.test.ts', async () => {
    const store = await db.fresh();
    // the shared PGlite stays open: `close` only releases this store
    return store;
  }, 60);
});
