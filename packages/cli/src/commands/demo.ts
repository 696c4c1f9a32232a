/**
 * `handoff demo`: the README's first command. Simulates every registered pack with its
 * defaults — a month of broadband visits, a week of group opportunities, a hall day in both
 * scenarios — prints a short summary per pack, and writes one HTML report.
 *
 * @module
 */
import { helpText, parseCommand, wholeNumber, type CommandSpec } from '../args';
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
  summary: 'simulate every pack (a month, a week, a hall day ×2), print summaries, write the HTML report',
  usage: 'handoff demo [--seed S] [--html FILE]',
  description: `Runs ${PACKS.map((p) => p.name).join(', ')} with their default simulation lengths on a virtual clock,\nprints a short summary per pack and writes the HTML SLA report (default handoff-demo-report.html).`,
  options: {
    seed: { type: 'string', value: 'S', description: 'random seed (default 1)' },
    html: { type: 'string', value: 'FILE', description: 'where to write the HTML report (default handoff-demo-report.html)' },
  },
  examples: ['handoff demo', 'handoff demo --seed 7 --html /tmp/report.html'],
} as const satisfies CommandSpec;

/** Run `handoff demo`; returns the exit code. */
export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { options, help } = parseCommand(demoSpec, argv);
  if (help) {
    io.stdout.write(helpText(demoSpec));
    return 0;
  }
  const seed = options.seed !== undefined ? wholeNumber('--seed', options.seed, { min: 0, max: 2 ** 32 - 1 }) : 1;
  const wall = performance.now();
  const reports: PackReport[] = [];
  for (const pack of PACKS) {
    for (const scenario of pack.scenarios?.length ? pack.scenarios : [undefined]) {
      const bar = progressBar(io.stderr, `${pack.name}${scenario ? ` ${scenario}` : ''}`);
      try {
        const r = await runPackSimulation(pack, { seed, ...(scenario !== undefined ? { scenario } : {}), onProgress: (f, cases) => bar.update(f, `${cases.toLocaleString('en-US')} cases`) });
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
