/**
 * Running a registered pack's simulation on an engine of the CLI's making (virtual clock;
 * memory store, or a durable one), with a progress callback, then collecting its report.
 *
 * @module
 */
import { createEngine, memoryStore, sequentialIds, toEpochMs, virtualClock, type EngineEvent, type Store } from '@handoff/engine';
import { collectPackReport, type PackReport } from './report/collect';
import type { RegisteredPack } from './packs/types';
import { UsageError } from './errors';

const DAY = 24 * 3_600_000;

/** Options of {@link runPackSimulation}. */
export interface RunPackOptions {
  seed: number;
  /** Days of arrivals (default: the pack's). */
  days?: number;
  /** Stop after this many cases (arrivals run for at most `days`, default 365 then). */
  cases?: number;
  scenario?: string;
  /** A durable store; default a fresh memory store. It must not hold cases of the pack yet. */
  store?: Store;
  /** Called on engine events with the run's progress (0..1 of the arrival period, or of `cases`) and the cases started. */
  onProgress?(fraction: number, cases: number, at: number): void;
}

/**
 * Simulate `pack` and return its report.
 * @throws UsageError when the store already holds cases of the pack's processes, or the scenario is unknown
 *
 * @example
 * ```ts
 * const report = await runPackSimulation(findPack('group-opportunity-transfer'), { seed: 1, days: 7 });
 * console.log(formatPackReport(report));
 * ```
 */
export async function runPackSimulation(pack: RegisteredPack, options: RunPackOptions): Promise<PackReport> {
  if (options.scenario !== undefined && !(pack.scenarios ?? []).includes(options.scenario)) {
    throw new UsageError(`Pack ${pack.name} has no scenario '${options.scenario}'.`, pack.scenarios?.length ? `use one of: ${pack.scenarios.join(', ')}.` : 'this pack has one scenario only: leave --scenario out.', { command: 'simulate' });
  }
  const store = options.store ?? memoryStore();
  for (const { processId } of pack.processes()) {
    const existing = await store.listInstances({ processId });
    if (existing.length) throw new UsageError(`The store already holds ${existing.length} case(s) of ${processId}.`, 'simulate into a new directory (or an empty database): reports cover everything a store holds.', { command: 'simulate' });
  }
  const days = options.days ?? (options.cases !== undefined ? 365 : pack.defaultDays);
  if (pack.standalone) return runStandalone(pack, pack.standalone, store, days, options);
  if (!pack.run) throw new Error(`pack ${pack.name} has no simulation`);
  const start = toEpochMs(pack.start, 'pack start');
  const clock = virtualClock(start, { zone: pack.zone });
  const engine = createEngine({ clock, store, ids: sequentialIds(`${pack.name.split('-')[0]}-${options.seed}-`), zone: pack.zone, calendars: pack.calendars() });
  try {
    await pack.deploy(engine, clock);
    let cases = 0;
    const onEvent = (e: EngineEvent) => {
      if (e.type === 'process.started') cases++;
      if (!options.onProgress) return;
      const fraction = options.cases !== undefined ? cases / options.cases : (e.at - start) / (days * DAY);
      options.onProgress(Math.min(1, fraction), cases, e.at);
    };
    engine.on('event', onEvent);
    const summary = await pack.run!({ engine, clock, seed: options.seed, days, ...(options.cases !== undefined ? { maxCases: options.cases } : {}), ...(options.scenario !== undefined ? { scenario: options.scenario } : {}) });
    engine.off('event', onEvent);
    const from = Date.parse(summary.start);
    return await collectPackReport(engine, pack, { from, to: Math.max(from + 1, clock.now() + 1) }, { summary, ...(options.scenario !== undefined ? { scenario: options.scenario } : {}) });
  } finally {
    await engine.close();
  }
}

/**
 * A pack that builds its own engine per day: run it on `store`, then read the SLA report
 * from the store with an engine on a stopped virtual clock (as `handoff report` does).
 */
async function runStandalone(pack: RegisteredPack, standalone: NonNullable<RegisteredPack['standalone']>, store: Store, days: number, options: RunPackOptions): Promise<PackReport> {
  const wall = performance.now();
  const own = await standalone({
    seed: options.seed,
    days,
    store,
    ...(options.cases !== undefined ? { cases: options.cases } : {}),
    ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const seconds = ((performance.now() - wall) / 1000).toFixed(2);
  const reader = createEngine({ store, clock: virtualClock(0), zone: pack.zone, calendars: pack.calendars() });
  try {
    const report = await collectPackReport(reader, pack, own.range, options.scenario !== undefined ? { scenario: options.scenario } : {});
    return { ...report, kpis: { ...own.kpis, lines: [...own.kpis.lines, `(${seconds} s)`] } };
  } finally {
    await reader.close();
  }
}
