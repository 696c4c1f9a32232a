/**
 * `@handoff/cli`: the `handoff` command line as a library — validate and lint BPMN, simulate
 * process packs, SLA reports as text, JSON and self-contained HTML.
 *
 * @packageDocumentation
 */
export { main, mainHelp } from './main';
export { bufferIo } from './io';
export type { CliIo, TextOut } from './io';
export { UsageError, UnknownPackError, FileError, exitCodeOf, describeError, EXIT_FAILED, EXIT_USAGE } from './errors';
export { parseCommand, helpText, wholeNumber } from './args';
export type { CommandSpec, OptionSpec, OptionValues, ParsedCommand } from './args';
export { validateBpmn, validateDmn, isDmnFile, formatValidateResult, readCalendars, validateSpec } from './commands/validate';
export type { ValidateResult } from './commands/validate';
export { lintFile, lintDmnFile, formatLintResult, lintSpec } from './commands/lint';
export { migrateCommand, migrateSpec } from './commands/migrate';
export { parsePlanFile, type MigrationPlanFile } from './migrate/planFile';
export type { LintResult } from './commands/lint';
export { simulateArgs, simulateSpec } from './commands/simulate';
export type { SimulateArgs } from './commands/simulate';
export { reportFromStore, reportSpec } from './commands/report';
export { demoSpec } from './commands/demo';
export { lintXml, DEFAULT_CONFIG, findLintConfig, readLintConfig, withHandoffRules } from './lint/linter';
export type { LintConfig, LintFinding } from './lint/linter';
export { HANDOFF_RULES, HANDOFF_CONFIGS, PLUGIN, handoffResolver } from './lint/plugin';
export { PACKS, findPack, packCalendars } from './packs/registry';
export type { RegisteredPack, PackKpis, PackProcess, PackRunOptions } from './packs/types';
export { runPackSimulation } from './simulation';
export type { RunPackOptions } from './simulation';
export { collectPackReport, clockSamples } from './report/collect';
export type { PackReport, ProcessReport, ClockSample } from './report/collect';
export { formatPackReport, formatPackSummary, packReportJson } from './report/text';
export { renderHtmlReport, breachColour, taskBreachRates } from './report/html';
export { histogram, histogramSvg } from './report/charts';
export type { Histogram } from './report/charts';
export { openStore, isPostgresUrl } from './report/store';
export { renderProgress, progressBar } from './progress';
export type { ProgressBar, ProgressFrame } from './progress';
