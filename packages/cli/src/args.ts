/**
 * Command specs and argument parsing on `node:util` `parseArgs`: typed option values, a
 * generated `--help` text per command, and {@link UsageError}s (exit code 2) for unknown
 * options, missing values and bad numbers.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors';

/** One option of a command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** One-letter alias. */
  short?: string;
  /** Placeholder shown in help, e.g. `N` for `--days N`. */
  value?: string;
  description: string;
}

/** A command: its name, help text and options (`--help` is added to every command). */
export interface CommandSpec {
  name: string;
  /** One line, shown in `handoff --help`. */
  summary: string;
  /** e.g. `handoff lint <file.bpmn>…` */
  usage: string;
  /** Paragraphs shown under the usage line. */
  description: string;
  options: Readonly<Record<string, OptionSpec>>;
  examples: readonly string[];
}

/** Parsed option values, typed from the spec. */
export type OptionValues<O extends Readonly<Record<string, OptionSpec>>> = {
  [K in keyof O]?: O[K]['type'] extends 'string' ? string : boolean;
};

/** A parsed command line: options, positionals, and whether help was asked for. */
export interface ParsedCommand<S extends CommandSpec> {
  options: OptionValues<S['options']>;
  positionals: string[];
  help: boolean;
}

/**
 * Parse `argv` (the words after the command name) against `spec`.
 * @throws UsageError for an unknown option, a missing value, or a value given to a flag.
 */
export function parseCommand<S extends CommandSpec>(spec: S, argv: readonly string[]): ParsedCommand<S> {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(spec.options)) config[name] = { type: o.type, ...(o.short ? { short: o.short } : {}) };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    throw new UsageError(usageMessage(err), `see handoff ${spec.name} --help.`, { command: spec.name });
  }
  const { help, ...values } = parsed.values;
  return { options: values as OptionValues<S['options']>, positionals: parsed.positionals, help: help === true };
}

/** parseArgs' messages, shortened to what the user needs. */
function usageMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const m = /Unknown option '([^']+)'/.exec(message);
    return `Unknown option '${m?.[1] ?? message}'.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return message.replace(/\.?$/, '.');
  return message;
}

/**
 * A whole number option value, or a {@link UsageError} naming the option.
 * @example
 * ```ts
 * wholeNumber('--days', '28', { min: 1 }); // 28
 * ```
 */
export function wholeNumber(option: string, value: string, range: { min?: number; max?: number } = {}): number {
  const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  const min = range.min ?? Number.MIN_SAFE_INTEGER;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const bounds = range.max !== undefined ? `between ${min} and ${max}` : `of at least ${min}`;
    throw new UsageError(`${option} expects a whole number ${bounds}, got '${value}'.`, `e.g. ${option} ${Math.max(min, 1)}.`);
  }
  return n;
}

/** The `--help` text of a command. */
export function helpText(spec: CommandSpec): string {
  const rows = [...Object.entries(spec.options), ['help', { type: 'boolean', short: 'h', description: 'show this help' } as OptionSpec] as const].map(([name, o]) => [
    `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`,
    o.description,
  ]);
  const width = Math.max(...rows.map(([l]) => l!.length));
  return [
    `usage: ${spec.usage}`,
    '',
    spec.description,
    '',
    'options:',
    ...rows.map(([l, d]) => `  ${l!.padEnd(width)}  ${d}`),
    ...(spec.examples.length ? ['', 'examples:', ...spec.examples.map((e) => `  ${e}`)] : []),
    '',
  ].join('\n');
}
