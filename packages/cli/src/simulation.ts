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
  if (pack.standalone) {
    if (options.store || options.days !== undefined || options.cases !== undefined) {
      throw new UsageError(`Pack ${pack.name} simulates a fixed day on its own engine.`, 'leave out --store, --days and --cases (choose --scenario and --seed).', { command: 'simulate' });
    }
    let collected: PackReport | undefined;
    const wall = performance.now();
    const own = await pack.standalone({ seed: options.seed, ...(options.scenario !== undefined ? { scenario: options.scenario } : {}), collect: async (engine, range) => void (collected = await collectPackReport(engine, pack, range, options.scenario !== undefined ? { scenario: options.scenario } : {})) });
    if (!collected) throw new Error(`pack ${pack.name} did not hand its engine to the CLI`);
    return { ...collected, kpis: { title: own.title, lines: [...own.lines, `(${((performance.now() - wall) / 1000).toFixed(2)} s)`], data: own.data } };
  }
  if (!pack.run) throw new Error(`pack ${pack.name} has no simulation`);
  const start = toEpochMs(pack.start, 'pack start');
  const clock = virtualClock(start, { zone: pack.zone });
  const store = options.store ?? memoryStore();
  const engine = createEngine({ clock, store, ids: sequentialIds(`${pack.name.split('-')[0]}-${options.seed}-`), zone: pack.zone, calendars: pack.calendars() });
  try {
    for (const { processId } of pack.processes()) {
      const existing = await store.listInstances({ processId });
      if (existing.length) throw new UsageError(`The store already holds ${existing.length} case(s) of ${processId}.`, 'simulate into a new directory (or an empty database): reports cover everything a store holds.', { command: 'simulate' });
    }
    await pack.deploy(engine, clock);
    const days = options.days ?? (options.cases !== undefined ? 365 : pack.defaultDays);
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
