/**
 * The `handoff` command line: dispatch to a command, map errors to exit codes.
 *
 * @module
 */
import { helpText, type CommandSpec } from './args';
import { demoCommand, demoSpec } from './commands/demo';
import { lintCommand, lintSpec } from './commands/lint';
import { migrateCommand, migrateSpec } from './commands/migrate';
import { reportCommand, reportSpec } from './commands/report';
import { simulateCommand, simulateSpec } from './commands/simulate';
import { validateCommand, validateSpec } from './commands/validate';
import { describeError, exitCodeOf, UsageError } from './errors';
import type { CliIo } from './io';

interface Command {
  spec: CommandSpec;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

const COMMANDS: readonly Command[] = [
  { spec: validateSpec, run: validateCommand },
  { spec: lintSpec, run: lintCommand },
  { spec: simulateSpec, run: simulateCommand },
  { spec: reportSpec, run: reportCommand },
  { spec: migrateSpec, run: migrateCommand },
  { spec: demoSpec, run: demoCommand },
];

/** `handoff --help`. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length));
  return [
    'usage: handoff <command> [options]',
    '',
    'Handoff: BPMN with SLA clocks on business calendars, lanes as roles, and process packs.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary}`),
    '',
    'Run handoff <command> --help for a command\'s options and examples.',
    '',
  ].join('\n');
}

/**
 * Run the command line `argv` (without `node` and the script). Never throws: errors are
 * printed on stderr and turned into the exit code (2 usage, 1 failure).
 *
 * @example
 * ```ts
 * const code = await main(['validate', 'flow.bpmn'], { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    // `pnpm demo -- --days 1` passes pnpm's `--` through: one right before the command's words is dropped.
    const words = argv[0] === '--' ? argv.slice(1) : argv;
    const [name, ...after] = words;
    const rest = after[0] === '--' ? after.slice(1) : after;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? COMMANDS.find((c) => c.spec.name === rest[0]) : undefined;
      io.stdout.write(topic ? helpText(topic.spec) : mainHelp());
      return name === undefined ? 2 : 0;
    }
    const command = COMMANDS.find((c) => c.spec.name === name);
    if (!command) throw new UsageError(`Unknown command '${name}'.`, `use one of: ${COMMANDS.map((c) => c.spec.name).join(', ')} (handoff --help).`);
    return await command.run(rest, io);
  } catch (err) {
    io.stderr.write(`${describeError(err)}\n`);
    return exitCodeOf(err);
  }
}
