/**
 * `handoff lint <file.bpmn|file.dmn>…`: bpmnlint 11 with `bpmnlint:recommended` and Handoff's rules
 * (`plugin:handoff/recommended`). bpmnlint reads BPMN only: a DMN file is linted by the
 * engine's DMN compiler (rule `handoff/dmn-valid`: every deploy problem is an error). A `.bpmnlintrc` next to a file (or above it) is used, with
 * Handoff's rules added; `--config` names one for every file. Exit 1 when any error is found.
 *
 * @module
 */
import { parseCommand, helpText, type CommandSpec } from '../args';
import { EXIT_FAILED, UsageError } from '../errors';
import { readBpmnFile, resolvePath, readTextFile } from '../files';
import type { CliIo } from '../io';
import { packCalendars } from '../packs/registry';
import { readCalendars } from './validate';
import { DEFAULT_CONFIG, findLintConfig, lintXml, readLintConfig, withHandoffRules, type LintConfig, type LintFinding } from '../lint/linter';
import { isDmnFile, validateDmn } from './validate';

/** The findings for one file and the configuration used. */
export interface LintResult {
  file: string;
  /** The `.bpmnlintrc` used, `default` (bpmnlint:recommended + plugin:handoff/recommended), or `dmn` (a DMN file: the engine's DMN compiler). */
  config: string;
  findings: LintFinding[];
  errors: number;
  warnings: number;
}

/** Format one file's findings like bpmnlint's CLI: one line per finding, then nothing for a clean file. */
export function formatLintResult(r: LintResult): string {
  if (!r.findings.length) return `ok    ${r.file}`;
  const rows = r.findings.map((f) => [f.line !== undefined ? `${f.line}` : '-', f.elementId ?? '-', f.category, f.message, f.rule]);
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((x) => x[i]!.length)));
  return [`FAIL  ${r.file}`, ...rows.map((x) => `  ${x[0]!.padStart(w[0]!)}  ${x[1]!.padEnd(w[1]!)}  ${x[2]!.padEnd(w[2]!)}  ${x[3]}  (${x[4]})`)].join('\n');
}

/** The `lint` command. */
export const lintSpec = {
  name: 'lint',
  summary: 'bpmnlint with Handoff\'s rules: what deploy would refuse, on its element; roles; busy cycles',
  usage: 'handoff lint [--json] [--config .bpmnlintrc] [--calendars file.json] <file.bpmn|file.dmn>…',
  description:
    'Lints each file with bpmnlint 11: bpmnlint:recommended plus plugin:handoff/recommended from\n' +
    'the bpmnlint-plugin-handoff package (handoff/deployable: the engine\'s deploy checks, errors;\n' +
    'handoff/user-task-role, handoff/no-busy-cycle: warnings; docs/rules/<rule>.md). The nearest\n' +
    '.bpmnlintrc above a file is used, with Handoff\'s rules added. DMN files (.dmn) are checked by\n' +
    'the engine\'s DMN compiler (handoff/dmn-valid). Exit code 0 when no file has errors (for\n' +
    'Handoff\'s rules: when every file deploys), 1 otherwise, 2 for usage errors.\n' +
    'The calendars of the bundled packs are known; add others with --calendars (as for validate).',
  options: {
    json: { type: 'boolean', description: 'print the results as JSON (an array, one entry per file)' },
    config: { type: 'string', value: 'FILE', description: 'a .bpmnlintrc for every file (instead of the nearest one)' },
    calendars: { type: 'string', value: 'FILE', description: 'a business calendar (or an array of them) as JSON, for handoff:calendar' },
  },
  examples: ['handoff lint process-packs/*/bpmn/*.bpmn', 'handoff lint --config .bpmnlintrc --json flow.bpmn'],
} as const satisfies CommandSpec;

/**
 * Lint one file's XML with the configuration that applies to it.
 * @param configPath a `.bpmnlintrc`, or undefined for the default configuration
 * @param calendars the business calendar names deploy would know; default: the bundled packs'
 */
export async function lintFile(file: string, xml: string, configPath?: string, calendars: readonly string[] = packCalendars().map((c) => c.name)): Promise<LintResult> {
  const config: LintConfig = configPath ? withHandoffRules(readLintConfig(configPath)) : DEFAULT_CONFIG;
  const findings = await lintXml(xml, config, { calendars });
  return {
    file,
    config: configPath ?? 'default',
    findings,
    errors: findings.filter((f) => f.category === 'error' || f.category === 'rule-error').length,
    warnings: findings.filter((f) => f.category === 'warn').length,
  };
}

/** Lint a DMN file: each problem `engine.deploy({ dmn })` would report is an error of rule `handoff/dmn-valid`. */
export async function lintDmnFile(file: string, xml: string): Promise<LintResult> {
  const r = await validateDmn(xml, file);
  const findings: LintFinding[] = r.problems.map((p) => ({ rule: 'handoff/dmn-valid', category: 'error', ...(p.elementId ? { elementId: p.elementId } : {}), ...(p.line !== undefined ? { line: p.line } : {}), message: `${p.code}: ${p.message} ${p.hint}` }));
  return { file, config: 'dmn', findings, errors: findings.length, warnings: 0 };
}

/** Run `handoff lint`; returns the exit code. */
export async function lintCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { options, positionals, help } = parseCommand(lintSpec, argv);
  if (help) {
    io.stdout.write(helpText(lintSpec));
    return 0;
  }
  if (!positionals.length) throw new UsageError('No BPMN file given.', 'e.g. handoff lint flow.bpmn (see --help).', { command: 'lint' });
  let fixedConfig: string | undefined;
  if (options.config !== undefined) {
    readTextFile(options.config, io.cwd); // a FileError when missing
    fixedConfig = resolvePath(options.config, io.cwd);
  }
  const calendars = [...packCalendars(), ...(options.calendars !== undefined ? readCalendars(options.calendars, io.cwd) : [])].map((c) => c.name);
  const files = positionals.map((f) => ({ file: f, xml: readBpmnFile(f, io.cwd) }));
  const results: LintResult[] = [];
  for (const { file, xml } of files) results.push(isDmnFile(file, xml) ? await lintDmnFile(file, xml) : await lintFile(file, xml, fixedConfig ?? findLintConfig(resolvePath(file, io.cwd)), calendars));
  if (options.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    for (const r of results) io.stdout.write(`${formatLintResult(r)}\n`);
    const errors = results.reduce((s, r) => s + r.errors, 0);
    const warnings = results.reduce((s, r) => s + r.warnings, 0);
    io.stdout.write(`${results.length} file${results.length === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  return results.some((r) => r.errors > 0) ? EXIT_FAILED : 0;
}
