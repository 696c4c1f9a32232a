/**
 * How the server runs: production mode on the system clock (no clock endpoint), and a
 * file-backed PGlite data directory that keeps the cases across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { broadbandCase, signIn, startTestTasklist } from './support';

describe('Feature: production mode and a durable data directory', () => {
  it('Scenario: on a data directory, a restarted server still has the case and its task; the clock cannot be moved', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tasklist-data-'));
    try {
      // given a production server on a fresh data directory
      let app = await startTestTasklist({ dataDir, mode: 'production' });
      let ana = await signIn(app.url, 'ana');
      expect((await ana.get('/api/session')).body.clock).toMatchObject({ kind: 'system', canAdvance: false });
      const before = Date.now();
      expect(Math.abs((await ana.get('/api/session')).body.clock.now - before)).toBeLessThan(60_000);
      // the virtual clock's endpoint is not there
      const advance = await ana.post('/api/clock/advance', { by: 'PT1H' });
      expect(advance.status).toBe(404);
      expect(advance.body.error.hint).toMatch(/demo or test mode/);
      // when a rep opens a case and the server restarts
      const opened = await ana.post('/api/actions/broadband.openCase', broadbandCase(1));
      expect(opened.status).toBe(201);
      await app.close();
      app = await startTestTasklist({ dataDir, mode: 'production' });
      try {
        // then (signed in again: sessions are in memory) the task is still there
        ana = await signIn(app.url, 'ana');
        const tasks = (await ana.get('/api/tasks')).body.tasks;
        expect(tasks.map((t: any) => [t.instanceId, t.elementId])).toEqual([[opened.body.instanceId, 'visitCustomer']]);
        expect(app.errors).toEqual([]);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
