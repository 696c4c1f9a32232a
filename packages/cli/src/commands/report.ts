/**
 * `handoff report --store <dir|postgres-url>`: the SLA report and the pack KPI reports of
 * everything a durable store holds, for every registered pack deployed in it.
 *
 * @module
 */
import { createEngine, virtualClock } from '@handoff/engine';
import { helpText, parseCommand, type CommandSpec } from '../args';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { findPack, PACKS, packCalendars } from '../packs/registry';
import type { RegisteredPack } from '../packs/types';
import { collectPackReport, type PackReport } from '../report/collect';
import { openStore } from '../report/store';
import { formatPackReport, packReportJson } from '../report/text';
import { writeHtml } from './simulate';

/** The `report` command. */
export const reportSpec = {
  name: 'report',
  summary: 'SLA and pack KPI reports from a durable store (PGlite directory or PostgreSQL)',
  usage: 'handoff report --store DIR|URL [--pack NAME] [--json] [--html FILE]',
  description:
    'Opens the store read-only in effect (the engine runs on a stopped virtual clock, so no timer fires)\n' +
    'and reports, for each registered pack whose processes are deployed there, the SLA tables by clock and\n' +
    'by task and the pack\'s KPIs over every case in the store.',
  options: {
    store: { type: 'string', value: 'DIR|URL', description: 'a PGlite data directory or a postgres:// URL (required)' },
    pack: { type: 'string', value: 'NAME', description: 'only this pack' },
    json: { type: 'boolean', description: 'print the reports as JSON' },
    html: { type: 'string', value: 'FILE', description: 'also write the self-contained HTML report' },
  },
  examples: ['handoff report --store ./data', 'handoff report --store postgres://handoff@localhost/handoff --json', 'handoff report --store ./data --html report.html'],
} as const satisfies CommandSpec;

/**
 * Read the reports of every registered pack deployed in the store at `target`.
 *
 * @example
 * ```ts
 * const reports = await reportFromStore('./data');
 * ```
 */
export async function reportFromStore(target: string, options: { cwd?: string; packs?: readonly RegisteredPack[] } = {}): Promise<PackReport[]> {
  const store = await openStore(target, { ...(options.cwd !== undefined ? { cwd: options.cwd } : {}), mustExist: true });
  // A virtual clock that never advances: stored timers are armed but never fire, so reading changes nothing.
  const engine = createEngine({ store, clock: virtualClock(0), calendars: packCalendars() });
  try {
    const deployed = new Set((await engine.processes.list()).map((p) => p.id));
    const reports: PackReport[] = [];
    for (const pack of options.packs ?? PACKS) {
      const ids = pack.processes().map((p) => p.processId);
      if (!ids.some((id) => deployed.has(id))) continue;
      const starts = (await Promise.all(ids.filter((id) => deployed.has(id)).map((processId) => engine.instances.list({ processId })))).flat().map((i) => i.startedAt);
      const range = starts.length ? { from: Math.min(...starts), to: Math.max(...starts) + 1 } : { from: 0, to: 1 };
      reports.push(await collectPackReport(engine, pack, range));
    }
    return reports;
  } finally {
    await engine.close();
    await store.close();
  }
}

/** Run `handoff report`; returns the exit code. */
export async function reportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { options, positionals, help } = parseCommand(reportSpec, argv);
  if (help) {
    io.stdout.write(helpText(reportSpec));
    return 0;
  }
  if (positionals.length) throw new UsageError(`Unexpected argument '${positionals[0]}'.`, 'name the store with --store DIR|URL.', { command: 'report' });
  if (options.store === undefined) throw new UsageError('No store given.', 'e.g. handoff report --store ./data (a directory written by handoff simulate --store).', { command: 'report' });
  const packs = options.pack !== undefined ? [findPack(options.pack)] : PACKS;
  const reports = await reportFromStore(options.store, { ...(io.cwd !== undefined ? { cwd: io.cwd } : {}), packs });
  if (!reports.length) {
    io.stderr.write(`error: the store ${options.store} holds no deployed process of ${options.pack ?? 'any registered pack'} — fill it with handoff simulate <pack> --store ${options.store}.\n`);
    return 1;
  }
  if (options.json) io.stdout.write(`${JSON.stringify(reports.map(packReportJson), null, 2)}\n`);
  else io.stdout.write(`${reports.map(formatPackReport).join('\n\n')}\n`);
  if (options.html !== undefined) io.stderr.write(`wrote ${writeHtml(options.html, reports, io.cwd)}\n`);
  return 0;
}
