import { afterAll, beforeAll, describe, it } from 'vitest';
import { runRetention } from './retentionFlow';
import { sharedPglite } from './support';

const db = sharedPglite();
beforeAll(() => db.open(), 60_000);
afterAll(() => db.close());

describe('Feature: history retention on PGlite', () => {
  it('Scenario: ended instances past camunda:historyTimeToLive leave every table in batches; running ones stay', async () => {
    const store = await db.fresh();
    await runRetention(store);
  }, 120_000);
});
