import { storeContract } from '@handoff/testing/contract';
import { afterAll, beforeAll } from 'vitest';
import { sharedPglite } from './support';

// One PGlite for the file (opening takes seconds); every test starts from empty tables.
const db = sharedPglite();
beforeAll(() => db.open(), 60_000);
afterAll(() => db.close());

storeContract('PGlite (in memory)', () => db.fresh(), { close: async (s) => s.close?.() });
