/**
 * `handoff validate <file.bpmn|file.dmn>…`: the engine's deploy check on each file — every
 * problem with its code, element, line and hint. DMN files (`.dmn`, or XML in a DMN
 * namespace) are checked as `engine.deploy({ dmn })` does. Exit 0 when every file deploys, 1 otherwise.
 *
 * @module
 */
import { calendarFromJson, createEngine, DeployError, HandoffError, isDmnXml, memoryStore, virtualClock, type BusinessCalendar, type DeployProblem } from '@handoff/engine';
import { parseCommand, helpText, type CommandSpec } from '../args';
import { UsageError, FileError, EXIT_FAILED } from '../errors';
import { readBpmnFile, readTextFile } from '../files';
import type { CliIo } from '../io';
import { packCalendars } from '../packs/registry';

/** The result of checking one file. */
export interface ValidateResult {
  file: string;
  ok: boolean;
  /** Ids of the processes the file would deploy (empty when it has problems). */
  processes: string[];
  /** A DMN file: ids of the decisions it would deploy (empty when it has problems). */
  decisions?: string[];
  problems: DeployProblem[];
}

/**
 * Run the deploy check on BPMN XML: a fresh engine (memory store, virtual clock) with the
 * given calendars deploys it; a {@link DeployError} becomes the problem list.
 *
 * @example
 * ```ts
 * const r = await validateBpmn(xml, 'flow.bpmn');
 * if (!r.ok) for (const p of r.problems) console.log(p.code, p.elementId, p.line, p.hint);
 * ```
 */
export async function validateBpmn(xml: string, file: string, calendars: readonly BusinessCalendar[] = packCalendars()): Promise<ValidateResult> {
  const engine = createEngine({ store: memoryStore(), clock: virtualClock(0), calendars });
  try {
    const processes = await engine.deploy({ bpmn: xml, name: file });
    return { file, ok: true, processes, problems: [] };
  } catch (err) {
    if (err instanceof DeployError) return { file, ok: false, processes: [], problems: [...err.problems] };
    throw err;
  } finally {
    await engine.close();
  }
}

/** Is this file DMN (by its extension, or its XML namespace)? */
export function isDmnFile(file: string, xml: string): boolean {
  return /\.dmn$/i.test(file) || isDmnXml(xml);
}

/**
 * Run the deploy check on DMN XML, as `engine.deploy({ dmn })` does: decision tables, hit
 * policies, FEEL entries, required decisions.
 */
export async function validateDmn(xml: string, file: string): Promise<ValidateResult> {
  const engine = createEngine({ store: memoryStore(), clock: virtualClock(0) });
  try {
    const decisions = await engine.deploy({ dmn: xml, name: file });
    return { file, ok: true, processes: [], decisions, problems: [] };
  } catch (err) {
    if (err instanceof DeployError) return { file, ok: false, processes: [], decisions: [], problems: [...err.problems] };
    throw err;
  } finally {
    await engine.close();
  }
}

/** Format one file's result for the terminal. */
export function formatValidateResult(r: ValidateResult): string {
  if (r.ok && r.decisions) return `ok    ${r.file}  (${r.decisions.length} decision${r.decisions.length === 1 ? '' : 's'}: ${r.decisions.join(', ')})`;
  if (r.ok) return `ok    ${r.file}  (${r.processes.length} process${r.processes.length === 1 ? '' : 'es'}: ${r.processes.join(', ')})`;
  const lines = [`FAIL  ${r.file}  (${r.problems.length} problem${r.problems.length === 1 ? '' : 's'})`];
  for (const p of r.problems) {
    const where = [p.line !== undefined ? `line ${p.line}` : undefined, p.elementId, p.elementType ? `(${p.elementType})` : undefined].filter(Boolean).join(' ');
    lines.push(`  ${p.code}${where ? `  ${where}` : ''}`, `    ${p.message}`, `    hint: ${p.hint}`);
  }
  return lines.join('\n');
}

/** The `validate` command. */
export const validateSpec = {
  name: 'validate',
  summary: 'deploy-check BPMN and DMN files: every problem with element, line and hint',
  usage: 'handoff validate [--json] [--calendars file.json] <file.bpmn|file.dmn>…',
  description:
    'Compiles each file the way engine.deploy() does and prints every problem it finds (code, element id,\n' +
    'line, hint). DMN files (.dmn) are checked as engine.deploy({ dmn }) does. The calendars of the\n' +
    'bundled packs are known; add others with --calendars.\n' +
    'Exit code 0 when every file deploys, 1 when a file has problems, 2 for usage errors.',
  options: {
    json: { type: 'boolean', description: 'print the results as JSON (an array, one entry per file)' },
    calendars: { type: 'string', value: 'FILE', description: 'a business calendar (or an array of them) as JSON, for handoff:calendar' },
  },
  examples: ['handoff validate process-packs/*/bpmn/*.bpmn', 'handoff validate --json flow.bpmn', 'handoff validate decisions.dmn', 'handoff validate --calendars calendars/cn-2026.json flow.bpmn'],
} as const satisfies CommandSpec;

/** Read `--calendars`: one calendar object or an array of them. */
export function readCalendars(path: string, cwd?: string): BusinessCalendar[] {
  const text = readTextFile(path, cwd);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new FileError(path, 'is not JSON.', 'write the calendar as JSON (see packages/engine/calendars/cn-2026.sample.json).');
  }
  const list = Array.isArray(data) ? data : [data];
  return list.map((c, i) => {
    try {
      return calendarFromJson(c);
    } catch (err) {
      // The engine's message without its generic hint: the file gets its own.
      const message = err instanceof HandoffError && err.hint ? err.message.slice(0, -(err.hint.length + 3)) : (err as Error).message;
      throw new FileError(path, `${list.length > 1 ? `entry ${i}` : 'it'} is not a valid business calendar: ${message}.`, 'fix the field named (docs/calendars.md; e.g. packages/engine/calendars/cn-2026.sample.json).');
    }
  });
}

/** Run `handoff validate`; returns the exit code. */
export async function validateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { options, positionals, help } = parseCommand(validateSpec, argv);
  if (help) {
    io.stdout.write(helpText(validateSpec));
    return 0;
  }
  if (!positionals.length) throw new UsageError('No BPMN file given.', 'e.g. handoff validate flow.bpmn (see --help).', { command: 'validate' });
  const calendars = [...packCalendars(), ...(options.calendars !== undefined ? readCalendars(options.calendars, io.cwd) : [])];
  const files = positionals.map((f) => ({ file: f, xml: readBpmnFile(f, io.cwd) })); // every file readable before any check
  const results: ValidateResult[] = [];
  for (const { file, xml } of files) results.push(isDmnFile(file, xml) ? await validateDmn(xml, file) : await validateBpmn(xml, file, calendars));
  if (options.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    for (const r of results) io.stdout.write(`${formatValidateResult(r)}\n`);
    const bad = results.filter((r) => !r.ok).length;
    io.stdout.write(`${results.length} file${results.length === 1 ? '' : 's'}, ${bad} with problems\n`);
  }
  return results.every((r) => r.ok) ? 0 : EXIT_FAILED;
}
