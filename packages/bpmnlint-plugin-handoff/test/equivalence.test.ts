/**
 * One source of truth: for every BPMN fixture of the engine's tests and a deterministic
 * sample of the corpus (public files nobody here wrote), "lints clean of errors with
 * `plugin:handoff/recommended`" holds exactly when "`engine.deploy()` accepts it".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, DeployError } from '@handoff/engine';
import { lint } from './support';

const ENGINE_TEST = new URL('../../engine/test/', import.meta.url).pathname;
const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
const fixtures = walk(join(ENGINE_TEST, 'fixtures')).filter((f) => /\.bpmn2?$/.test(f)).sort();
/** Every 8th corpus file (by its path in the manifest), both categories. */
const manifest = JSON.parse(readFileSync(join(ENGINE_TEST, 'corpus/manifest.json'), 'utf8')) as { files: { file: string }[] };
const corpus = manifest.files.map((e) => e.file).sort().filter((_, i) => i % 8 === 0).map((f) => join(ENGINE_TEST, 'corpus/files', f));

async function deploys(xml: string): Promise<string[]> {
  try {
    await createEngine().deploy({ bpmn: xml });
    return [];
  } catch (err) {
    if (!(err instanceof DeployError)) throw err;
    return err.problems.map((p) => `${p.code} ${p.elementId ?? '-'}`);
  }
}

async function disagreements(files: string[]): Promise<{ out: string[]; deployed: number; refused: number }> {
  const out: string[] = [];
  let deployed = 0;
  let refused = 0;
  for (const file of files) {
    const xml = readFileSync(file, 'utf8');
    const refusal = await deploys(xml);
    const errors = (await lint(xml)).filter((f) => f.category === 'error' || f.category === 'rule-error');
    if (refusal.length) refused++;
    else deployed++;
    if (!refusal.length !== !errors.length) out.push(`${relative(ENGINE_TEST, file)}: deploy ${refusal.length ? `refuses (${refusal.join(', ')})` : 'accepts'}, lint ${errors.length ? `errors (${errors.map((e) => `${e.rule} ${e.id}: ${e.message}`).join(' | ')})` : 'is clean'}`);
  }
  return { out, deployed, refused };
}

describe('Feature: a file lints clean of errors exactly when it deploys', () => {
  it(`Scenario: the engine's ${fixtures.length} test fixtures`, async () => {
    const r = await disagreements(fixtures);
    expect(r.out).toEqual([]);
    expect(r.deployed).toBeGreaterThan(80); // both sides are exercised
    expect(r.refused).toBeGreaterThan(3);
  }, 120_000);

  it(`Scenario: a sample of ${corpus.length} corpus files`, async () => {
    const r = await disagreements(corpus);
    expect(r.out).toEqual([]);
    expect(r.deployed).toBeGreaterThan(20);
    expect(r.refused).toBeGreaterThan(20);
  }, 240_000);
});
