/**
 * The corpus: public executable BPMN files nobody here wrote (see README.md). Every file is
 * deployed on a fresh engine and, when it deploys, smoke-run (classify.ts), in child
 * processes with a time bound per file (runCorpus.ts), so a hang cannot hang this test.
 *
 * Coverage only goes up: a file that deployed in baseline.json must still deploy. After a
 * change that deploys or runs more files, regenerate the baseline and the report with
 * `pnpm --filter @handoff/engine corpus`.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isHang, readBaseline } from './baseline';
import { FILES_DIR, loadManifest, readCorpusFile } from './manifest';
import { type CorpusOutcome, runCorpus } from './runCorpus';

const OPEN_LICENCES = new Set(['Apache-2.0', 'MIT', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC']);
const REGENERATE = 'regenerate baseline.json with `pnpm --filter @handoff/engine corpus`';

const entries = loadManifest();
const baseline = readBaseline();
let outcomes: Map<string, CorpusOutcome>;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [relative(FILES_DIR, join(dir, d.name))]));
}

describe('Feature: public BPMN files written by others deploy, or are refused with a DeployError', () => {
  beforeAll(async () => {
    // Generous for every file (a loaded machine must not make a file look hung); short for
    // the runs the baseline already records as hanging, so known bugs cost little time.
    outcomes = await runCorpus(
      entries.map((e) => e.file),
      { fileTimeoutMs: (file) => (isHang(baseline[file]) ? 3_000 : 20_000) },
    );
  }, 300_000);

  it('Scenario: the manifest lists every stored file once, with its source, an open licence and its hash', () => {
    expect(walk(FILES_DIR).sort()).toEqual(entries.map((e) => e.file).sort());
    expect(new Set(entries.map((e) => e.sha256)).size).toBe(entries.length);
    for (const e of entries) {
      expect(OPEN_LICENCES.has(e.licence), `${e.file}: licence ${e.licence}`).toBe(true);
      expect(e.commit, e.file).toMatch(/^[0-9a-f]{40}$/);
      expect(['users', 'fixtures'], e.file).toContain(e.category);
      expect(createHash('sha256').update(readCorpusFile(e)).digest('hex'), `${e.file} changed since it was collected`).toBe(e.sha256);
    }
    expect(entries.filter((e) => e.category === 'users').length).toBeGreaterThan(300);
  });

  it('Scenario: every file was classified, and has a baseline entry', () => {
    expect(entries.filter((e) => !outcomes.has(e.file)).map((e) => e.file)).toEqual([]);
    expect(entries.filter((e) => !baseline[e.file]).map((e) => e.file), `files without a baseline entry: ${REGENERATE}`).toEqual([]);
  });

  it('Scenario: no file crashes or hangs the engine at deploy (anything thrown is a DeployError)', () => {
    const bad = entries.flatMap((e) => {
      const d = outcomes.get(e.file)?.deploy;
      return d?.kind === 'crashed' || d?.kind === 'hung' ? [`${e.file}: ${d.kind}: ${d.error}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it('Scenario: every file that deployed in the baseline still deploys', () => {
    const lost = entries.flatMap((e) => {
      const d = outcomes.get(e.file)?.deploy;
      if (baseline[e.file]?.deploy !== 'deployed' || d?.kind === 'deployed') return [];
      return [`${e.file}: ${d?.kind === 'refused' ? d.refusals.map((r) => `${r.code} ${r.feature}`).join('; ') : d?.kind}`];
    });
    expect(lost).toEqual([]);
  });

  it('Scenario: no smoke run crashes or hangs, except the engine bugs the baseline records', () => {
    const known = (file: string) => ['crashed', 'hung'].includes(baseline[file]?.run ?? '');
    const bad = entries.flatMap((e) => {
      const o = outcomes.get(e.file);
      const run = o && 'run' in o ? o.run : undefined;
      return (run?.kind === 'crashed' || run?.kind === 'hung') && !known(e.file) ? [`${e.file}: ${run.kind}: ${run.error}`] : [];
    });
    expect(bad).toEqual([]);
  });
});
