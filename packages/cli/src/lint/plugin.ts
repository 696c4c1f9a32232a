/**
 * `bpmnlint-plugin-handoff`: Handoff's bpmnlint rules and their `recommended` config, with a
 * resolver that serves them to bpmnlint 11 (and everything else from bpmnlint itself).
 * In a `.bpmnlintrc`: `"extends": ["bpmnlint:recommended", "plugin:handoff/recommended"]`,
 * rules as `handoff/<rule>`.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type { LintRule } from './moddle';
import feelSyntax from './rules/feelSyntax';
import noBusyCycle from './rules/noBusyCycle';
import noJavascript from './rules/noJavascript';
import slaAttributes from './rules/slaAttributes';
import timerValid from './rules/timerValid';
import userTaskRole from './rules/userTaskRole';

const require = createRequire(import.meta.url);

/** The plugin's package name, as bpmnlint spells plugins. */
export const PLUGIN = 'bpmnlint-plugin-handoff';

/** The rules, by name (`handoff/<name>` in a config). */
export const HANDOFF_RULES: Readonly<Record<string, () => LintRule>> = {
  'user-task-role': userTaskRole,
  'sla-attributes': slaAttributes,
  'feel-syntax': feelSyntax,
  'no-javascript': noJavascript,
  'timer-valid': timerValid,
  'no-busy-cycle': noBusyCycle,
};

/** Rules `recommended` reports as warnings: the file runs, but is likely wrong (the engine's deploy warns too). */
const WARNINGS = new Set(['no-busy-cycle']);

/** The plugin's configs: `plugin:handoff/recommended` turns every rule on (as an error, `no-busy-cycle` as a warning). */
export const HANDOFF_CONFIGS: Readonly<Record<string, { rules: Record<string, string> }>> = {
  recommended: { rules: Object.fromEntries(Object.keys(HANDOFF_RULES).map((r) => [r, WARNINGS.has(r) ? 'warn' : 'error'])) },
  all: { rules: Object.fromEntries(Object.keys(HANDOFF_RULES).map((r) => [r, 'error'])) },
};

/** What bpmnlint asks of a resolver. */
export interface LintResolver {
  resolveRule(pkg: string, ruleName: string): unknown;
  resolveConfig(pkg: string, configName: string): unknown;
}

type ResolverClass = new (options: { require: NodeJS.Require }) => LintResolver;

/**
 * A bpmnlint resolver: `bpmnlint-plugin-handoff` from this module, any other rule or config
 * (`bpmnlint:recommended`, installed plugins) through bpmnlint's `NodeResolver`.
 */
export function handoffResolver(): LintResolver {
  const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as ResolverClass;
  const node = new NodeResolver({ require });
  return {
    resolveRule(pkg, ruleName) {
      if (pkg !== PLUGIN) return node.resolveRule(pkg, ruleName);
      const rule = HANDOFF_RULES[ruleName];
      if (!rule) throw new Error(`unknown rule <handoff/${ruleName}>; known: ${Object.keys(HANDOFF_RULES).join(', ')}`);
      return rule;
    },
    resolveConfig(pkg, configName) {
      if (pkg !== PLUGIN) return node.resolveConfig(pkg, configName);
      const config = HANDOFF_CONFIGS[configName];
      if (!config) throw new Error(`unknown config <plugin:handoff/${configName}>; known: ${Object.keys(HANDOFF_CONFIGS).join(', ')}`);
      return config;
    },
  };
}
