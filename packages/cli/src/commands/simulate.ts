/**
 * `handoff simulate <pack> [--days N | --cases N] [--seed S] [--json] [--html FILE] [--store DIR|URL]`:
 * run a pack's simulation profile on the virtual clock and print the SLA tables and the
 * pack's KPIs; optionally write the self-contained HTML report, or keep every case in a
 * durable store for `handoff report`.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { helpText, parseCommand, wholeNumber, type CommandSpec } from '../args';
import { UsageError, FileError } from '../errors';
import { resolvePath } from '../files';
import type { CliIo } from '../io';
import { PACKS, findPack } from '../packs/registry';
import { progressBar } from '../progress';
import type { PackReport } from '../report/collect';
import { renderHtmlReport } from '../report/html';
import { openStore } from '../report/store';
import { formatPackReport, packReportJson } from '../report/text';
import { runPackSimulation } from '../simulation';

/** The `simulate` command. */
export const simulateSpec = {
  name: 'simulate',
  summary: 'simulate a process pack on the virtual clock: SLA tables, KPIs, HTML report',
  usage: 'handoff simulate <pack> [--days N | --cases N] [--seed S] [--scenario NAME] [--json] [--html FILE] [--store DIR|URL]',
  description:
    'Runs the pack\'s simulation profile (seeded arrivals, simulated staff) on a virtual clock and prints\n' +
    'the SLA report by clock and by task, and the pack\'s KPIs. The same seed gives the same result.\n' +
    `packs: ${PACKS.map((p) => p.name).join(', ')}.\n` +
    'hall-walk-routes runs both scenarios unless --scenario names one; with --store, name one.\n' +
    'A progress bar is drawn on stderr when it is a terminal.',
  options: {
    days: { type: 'string', value: 'N', description: 'days of arrivals (default: the pack\'s: 28 broadband, 7 opportunities, 1 hall day; hall: N days from 2026-03-02)' },
    cases: { type: 'string', value: 'N', description: 'stop arrivals after N cases instead (hall: days one after another until N customers walked in)' },
    seed: { type: 'string', value: 'S', description: 'random seed (default 1)' },
    scenario: { type: 'string', value: 'NAME', description: 'the pack\'s scenario, for packs that have several' },
    json: { type: 'boolean', description: 'print the report as JSON' },
    html: { type: 'string', value: 'FILE', description: 'also write a self-contained HTML report (diagrams coloured by breach rate, charts)' },
    store: { type: 'string', value: 'DIR|URL', description: 'keep the cases in a durable store (PGlite directory or postgres:// URL) for handoff report' },
  },
  examples: [
    'handoff simulate broadband-field-sales --days 28 --seed 1',
    'handoff simulate group-opportunity-transfer --html report.html',
    'handoff simulate group-opportunity-transfer --cases 50 --store ./data',
    'handoff simulate hall-walk-routes --scenario greetersDivert --days 5 --json',
  ],
} as const satisfies CommandSpec;

/** Validated options of a simulation run. */
export interface SimulateArgs {
  pack: string;
  days?: number;
  cases?: number;
  seed: number;
  scenario?: string;
  json: boolean;
  html?: string;
  store?: string;
}

/**
 * Check the command line of `simulate` (pack, numbers, exclusive options).
 * @throws UsageError / UnknownPackError
 */
export function simulateArgs(argv: readonly string[]): SimulateArgs | 'help' {
  const { options, positionals, help } = parseCommand(simulateSpec, argv);
  if (help) return 'help';
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `Expected one pack, got ${positionals.length}: ${positionals.join(' ')}.` : 'No pack given.', `name one of: ${PACKS.map((p) => p.name).join(', ')}.`, { command: 'simulate' });
  const pack = findPack(positionals[0]!).name;
  if (options.days !== undefined && options.cases !== undefined) throw new UsageError('Give --days or --cases, not both.', '--days N runs N days of arrivals; --cases N stops after N cases.', { command: 'simulate' });
  return {
    pack,
    ...(options.days !== undefined ? { days: wholeNumber('--days', options.days, { min: 1, max: 366 }) } : {}),
    ...(options.cases !== undefined ? { cases: wholeNumber('--cases', options.cases, { min: 1, max: 1_000_000 }) } : {}),
    seed: options.seed !== undefined ? wholeNumber('--seed', options.seed, { min: 0, max: 2 ** 32 - 1 }) : 1,
    ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
    json: options.json === true,
    ...(options.html !== undefined ? { html: options.html } : {}),
    ...(options.store !== undefined ? { store: options.store } : {}),
  };
}

/** Write an HTML report, or a FileError naming the path. */
export function writeHtml(path: string, reports: readonly PackReport[], cwd?: string): string {
  const full = resolvePath(path, cwd);
  try {
    writeFileSync(full, renderHtmlReport(reports));
  } catch (err) {
    throw new FileError(path, `cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, 'check that the directory exists and is writable.');
  }
  return full;
}

/** Run `handoff simulate`; returns the exit code. */
export async function simulateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = simulateArgs(argv);
  if (args === 'help') {
    io.stdout.write(helpText(simulateSpec));
    return 0;
  }
  const pack = findPack(args.pack);
  const scenarios = args.scenario !== undefined ? [args.scenario] : pack.scenarios?.length ? [...pack.scenarios] : [undefined];
  if (args.store !== undefined && scenarios.length > 1) throw new UsageError(`Pack ${pack.name} has ${scenarios.length} scenarios; a store holds one run.`, `add --scenario (one of: ${scenarios.join(', ')}).`, { command: 'simulate' });
  const store = args.store !== undefined ? await openStore(args.store, io.cwd !== undefined ? { cwd: io.cwd } : {}) : undefined;
  const reports: PackReport[] = [];
  try {
    for (const scenario of scenarios) {
      const bar = progressBar(io.stderr, `${pack.name}${scenario ? ` ${scenario}` : ''}`);
      try {
        reports.push(
          await runPackSimulation(pack, {
            seed: args.seed,
            ...(args.days !== undefined ? { days: args.days } : {}),
            ...(args.cases !== undefined ? { cases: args.cases } : {}),
            ...(scenario !== undefined ? { scenario } : {}),
            ...(store ? { store } : {}),
            onProgress: (f, cases, at) => bar.update(f, `${cases.toLocaleString('en-US')} cases · ${new Date(at).toISOString().slice(0, 10)}`),
          }),
        );
      } finally {
        bar.done();
      }
    }
  } finally {
    await store?.close();
  }
  if (args.json) io.stdout.write(`${JSON.stringify(reports.length === 1 ? packReportJson(reports[0]!) : reports.map(packReportJson), null, 2)}\n`);
  else io.stdout.write(`${reports.map(formatPackReport).join('\n\n')}\n`);
  if (args.html !== undefined) io.stderr.write(`wrote ${writeHtml(args.html, reports, io.cwd)}\n`);
  if (args.store !== undefined) io.stderr.write(`cases kept in ${args.store} (handoff report --store ${args.store})\n`);
  return 0;
}
