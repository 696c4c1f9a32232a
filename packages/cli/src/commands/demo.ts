/**
 * `handoff demo`: the README's first command. Simulates every registered pack with its
 * defaults — a month of broadband visits, a week of group opportunities, a hall day in both
 * scenarios — prints a short summary per pack, and writes one HTML report.
 *
 * @module
 */
import { helpText, parseCommand, wholeNumber, type CommandSpec } from '../args';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { PACKS } from '../packs/registry';
import { progressBar } from '../progress';
import type { PackReport } from '../report/collect';
import { formatPackSummary } from '../report/text';
import { runPackSimulation } from '../simulation';
import { writeHtml } from './simulate';

/** The `demo` command. */
export const demoSpec = {
  name: 'demo',
  summary: 'simulate every pack (a month, a week, a hall day ×2, a retention round, a hotline day), print summaries, write the HTML report',
  usage: 'handoff demo [--seed S] [--html FILE] [--days N | --cases N]',
  description:
    `Runs ${PACKS.map((p) => p.name).join(', ')} with their default simulation lengths on a virtual clock,\n` +
    'prints a short summary per pack and writes the HTML SLA report (default handoff-demo-report.html).\n' +
    '--days or --cases shortens (or lengthens) every run alike, e.g. --days 1 for a quick look (a few seconds).',
  options: {
    seed: { type: 'string', value: 'S', description: 'random seed (default 1)' },
    html: { type: 'string', value: 'FILE', description: 'where to write the HTML report (default handoff-demo-report.html)' },
    days: { type: 'string', value: 'N', description: 'every pack simulates N days instead of its default' },
    cases: { type: 'string', value: 'N', description: 'every pack stops after N cases instead' },
  },
  examples: ['handoff demo', 'handoff demo --seed 7 --html /tmp/report.html', 'handoff demo --days 1'],
} as const satisfies CommandSpec;

/** Run `handoff demo`; returns the exit code. */
export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { options, positionals, help } = parseCommand(demoSpec, argv);
  if (help) {
    io.stdout.write(helpText(demoSpec));
    return 0;
  }
  if (positionals.length) throw new UsageError(`Unexpected argument '${positionals[0]}'.`, 'the demo runs every pack; shorten it with --days N or --cases N (see handoff demo --help).', { command: 'demo' });
  const seed = options.seed !== undefined ? wholeNumber('--seed', options.seed, { min: 0, max: 2 ** 32 - 1 }) : 1;
  if (options.days !== undefined && options.cases !== undefined) throw new UsageError('Give --days or --cases, not both.', '--days N runs N days of every pack; --cases N stops each after N cases.', { command: 'demo' });
  const length = {
    ...(options.days !== undefined ? { days: wholeNumber('--days', options.days, { min: 1, max: 366 }) } : {}),
    ...(options.cases !== undefined ? { cases: wholeNumber('--cases', options.cases, { min: 1, max: 1_000_000 }) } : {}),
  };
  const wall = performance.now();
  const reports: PackReport[] = [];
  for (const pack of PACKS) {
    for (const scenario of pack.scenarios?.length ? pack.scenarios : [undefined]) {
      const bar = progressBar(io.stderr, `${pack.name}${scenario ? ` ${scenario}` : ''}`);
      try {
        const r = await runPackSimulation(pack, { seed, ...length, ...(scenario !== undefined ? { scenario } : {}), onProgress: (f, cases) => bar.update(f, `${cases.toLocaleString('en-US')} cases`) });
        bar.done();
        reports.push(r);
        io.stdout.write(`${formatPackSummary(r)}\n\n`);
      } finally {
        bar.done();
      }
    }
  }
  const file = writeHtml(options.html ?? 'handoff-demo-report.html', reports, io.cwd);
  io.stdout.write(`HTML report (diagrams coloured by breach rate, elapsed-time charts): ${file}\n`);
  io.stdout.write(`${reports.length} simulations in ${((performance.now() - wall) / 1000).toFixed(1)} s. Next: pnpm handoff simulate --help, pnpm handoff lint process-packs/*/bpmn/*.bpmn\n`);
  return 0;
}
