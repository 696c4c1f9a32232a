/**
 * The committed baseline (`baseline.json`): per corpus file, what the engine did with it
 * when the baseline was last generated. The corpus test compares a fresh run against it:
 * a file that deployed must keep deploying.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusOutcome } from './runCorpus';
import { CORPUS_DIR } from './manifest';

export const BASELINE_FILE = join(CORPUS_DIR, 'baseline.json');

export interface BaselineEntry {
  deploy: 'deployed' | 'refused' | 'crashed' | 'hung';
  run?: string;
  /** Refusal codes and features (`CODE feature`), or the run's incident codes. */
  why?: string[];
}

export type Baseline = Record<string, BaselineEntry>;

export function toBaselineEntry(o: CorpusOutcome): BaselineEntry {
  const d = o.deploy;
  if (d.kind === 'refused') return { deploy: 'refused', why: d.refusals.map((r) => `${r.code} ${r.feature}`) };
  if (d.kind !== 'deployed') return { deploy: d.kind };
  const run = 'run' in o ? o.run : undefined;
  const entry: BaselineEntry = { deploy: 'deployed', ...(run ? { run: run.kind } : {}) };
  if (run?.kind === 'incident') entry.why = run.codes;
  if (run?.kind === 'refused') entry.why = [run.code];
  return entry;
}

/** The baseline records this file as hanging the engine (at deploy or in its run). */
export function isHang(e: BaselineEntry | undefined): boolean {
  return e?.deploy === 'hung' || e?.run === 'hung';
}

export function readBaseline(): Baseline {
  try {
    return JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Baseline;
  } catch {
    return {};
  }
}

export function writeBaseline(b: Baseline): void {
  const sorted = Object.fromEntries(Object.keys(b).sort().map((k) => [k, b[k]!]));
  // One file a line: small diffs when a feature lands.
  const body = Object.entries(sorted).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n');
  writeFileSync(BASELINE_FILE, `{\n${body}\n}\n`);
}
