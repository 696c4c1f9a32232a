/**
 * Regenerates the corpus baseline (`baseline.json`), the generated section of
 * docs/bpmn-coverage.md and the sources table of README.md from a fresh run of every file.
 *
 *   pnpm --filter @handoff/engine corpus        (or: tsx packages/engine/test/corpus/report.ts)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHang, readBaseline, toBaselineEntry, writeBaseline } from './baseline';
import { CORPUS_DIR, loadManifest } from './manifest';
import { runCorpus } from './runCorpus';
import { crashesOf, rankFamilies, rankReasons, renderSection, renderSources, spliceSection, unreadOf } from './summary';

const COVERAGE_PAGE = join(CORPUS_DIR, '../../../../docs/bpmn-coverage.md');
const README = join(CORPUS_DIR, 'README.md');

async function main(): Promise<void> {
  const entries = loadManifest();
  const t0 = performance.now();
  const durations = new Map<string, number>();
  const before = readBaseline();
  const outcomes = await runCorpus(entries.map((e) => e.file), { durations, fileTimeoutMs: (file) => (isHang(before[file]) ? 5_000 : 20_000) });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  writeBaseline(Object.fromEntries(entries.map((e) => [e.file, toBaselineEntry(outcomes.get(e.file) ?? { deploy: { kind: 'hung', error: 'no result' } })])));
  writeFileSync(COVERAGE_PAGE, spliceSection(readFileSync(COVERAGE_PAGE, 'utf8'), renderSection(entries, outcomes)));
  writeFileSync(README, spliceSection(readFileSync(README, 'utf8'), renderSources(entries), 'sources'));
  for (const cat of ['users', 'fixtures'] as const) {
    const of = entries.filter((e) => e.category === cat);
    const deployed = of.filter((e) => outcomes.get(e.file)?.deploy.kind === 'deployed').length;
    console.log(`${cat}: ${deployed} of ${of.length} deploy (${Math.round((100 * deployed) / of.length)}%)`);
  }
  for (const r of rankReasons(entries, outcomes).slice(0, 15)) console.log(`  ${r.files}\t${r.reason} (users ${r.users}, alone ${r.alone})`);
  for (const r of rankFamilies(entries, outcomes)) console.log(`  family ${r.files}\t${r.reason} (users ${r.users}, alone ${r.alone})`);
  for (const u of unreadOf(entries, outcomes)) console.log(`unread ${u.namespace}: ${u.files} deployed files`);
  for (const c of crashesOf(entries, outcomes)) console.log(`CRASH ${c.stage} ${c.file}: ${c.error}`);
  const slowest = [...durations.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`slowest: ${slowest.map(([f, ms]) => `${ms} ms ${f}`).join('\n         ')}`);
  console.log(`${entries.length} files in ${seconds} s; wrote baseline.json, docs/bpmn-coverage.md and the README's sources`);
}

void main();
