/**
 * PGlite on a full disk: the data directory lives on a small tmpfs (`mount -t tmpfs -o
 * size=…`, needs root); the disk is filled up to a few MB, then commands with large
 * variables are sent until the disk is full. Commits must be refused with a typed error
 * (`StoreUnavailableError`, SQLSTATE 53100 disk_full) — the engine staying responsive — and
 * once space is freed (the tmpfs grown) and the store reopened, every acknowledged command
 * must be there, with its variables intact, and none refused.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, HandoffError, StoreUnavailableError } from '@handoff/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../src/index';
import { MULTINODE_BPMN } from './multinodeWorkload';

/** Mount a tmpfs of `mb` MB at a fresh directory, or say why it cannot be done here. */
function mountTmpfs(mb: number): { dir: string } | { reason: string } {
  if (process.getuid?.() !== 0) return { reason: 'not root: mounting a size-limited tmpfs needs root' };
  const dir = mkdtempSync(join(tmpdir(), 'handoff-fulldisk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m`, 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `mount -t tmpfs failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}` };
  }
}

/** Unmount and remove a directory from {@link mountTmpfs}. */
function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const FREE_MB = 4;
// Whether mounting works here is found out at once (to skip cleanly); the test mounts its own.
const probe = mountTmpfs(1);
if ('dir' in probe) unmount(probe.dir);
if ('reason' in probe) {
  console.warn(`[store-postgres] skipping "PGlite on a full disk": ${probe.reason}`);
  describe.skip(`Feature: PGlite on a full disk (skipped: ${probe.reason})`, () => {
    it('needs root to mount a size-limited tmpfs', () => undefined);
  });
} else {
  describe('Feature: PGlite on a full disk', () => {
    let mnt = '';
    beforeAll(() => {
      const m = mountTmpfs(64);
      if ('reason' in m) throw new Error(m.reason);
      mnt = m.dir;
    });
    afterAll(() => {
      if (mnt) unmount(mnt);
    });

    it(`Scenario: with ${FREE_MB} MB left, commits are refused with a typed error once the disk is full, and after freeing space every acknowledged command is there`, async () => {
      // given a file-backed PGlite store on a 64 MB tmpfs, filled up to FREE_MB MB
      const dataDir = join(mnt, 'data');
      let store = postgresStore({ dataDir });
      await store.ready;
      let engine = createEngine({ store });
      await engine.deploy({ bpmn: MULTINODE_BPMN });
      const fs = statfsSync(mnt);
      const free = fs.bavail * fs.bsize;
      writeFileSync(join(mnt, 'filler'), Buffer.alloc(Math.max(0, free - FREE_MB * 1024 * 1024)));
      // when cases with 200 KB of incompressible variables are started until one is refused
      const acked = new Map<string, string>();
      let refused: unknown;
      for (let i = 0; i < 200 && refused === undefined; i++) {
        const blob = randomBytes(100 * 1024).toString('hex');
        const key = `big-${i}`;
        try {
          await engine.start('multinode', { waitFor: 'PT1H', needsApproval: false, blob }, { businessKey: key });
          acked.set(key, createHash('sha256').update(blob).digest('hex'));
        } catch (err) {
          refused = err;
        }
      }
      // then the refusal is typed: the store is unavailable for want of disk, nothing of it written
      expect(refused, 'the disk never filled').toBeDefined();
      expect(refused).toBeInstanceOf(StoreUnavailableError);
      expect((refused as StoreUnavailableError).code).toBe('STORE_UNAVAILABLE');
      expect((refused as StoreUnavailableError).sqlState).toBe('53100');
      expect((refused as HandoffError).hint).toMatch(/free disk space/);
      expect(acked.size).toBeGreaterThan(0);
      console.info(`[full disk] ${acked.size} cases acknowledged, then: ${(refused as Error).message.slice(0, 160)}`);
      // and the engine still answers: reads work, a further commit is refused the same way
      expect((await engine.instances.list({ processId: 'multinode' })).length).toBe(acked.size);
      await expect(engine.start('multinode', { waitFor: 'PT1H', needsApproval: false, blob: randomBytes(100 * 1024).toString('hex') }, { businessKey: 'again' })).rejects.toBeInstanceOf(StoreUnavailableError);
      await engine.close();
      await store.close();

      // when space is freed and the store reopened
      rmSync(join(mnt, 'filler'));
      store = postgresStore({ dataDir });
      await store.ready;
      engine = createEngine({ store });
      // then every acknowledged case is there with its variables intact, and no refused one
      const stored = await engine.instances.list({ processId: 'multinode' });
      const byKey = new Map(stored.map((s) => [s.businessKey, s]));
      expect([...byKey.keys()].sort()).toEqual([...acked.keys()].sort());
      for (const [key, hash] of acked) {
        const vars = (await engine.instances.get(byKey.get(key)!.id))!.variables as { blob: string };
        expect(createHash('sha256').update(vars.blob).digest('hex'), key).toBe(hash);
      }
      // and commits go through again
      await engine.start('multinode', { waitFor: 'PT1H', needsApproval: false }, { businessKey: 'after' });
      await engine.close();
      await store.close();
    }, 90_000);
  });
}
