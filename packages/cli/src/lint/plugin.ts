/**
 * Handoff's bpmnlint rules for `handoff lint`: the `bpmnlint-plugin-handoff` package, served
 * to bpmnlint 11 by a resolver (everything else — `bpmnlint:recommended`, other installed
 * plugins — through bpmnlint's `NodeResolver`). In a `.bpmnlintrc`:
 * `"extends": ["bpmnlint:recommended", "plugin:handoff/recommended"]`, rules as `handoff/<rule>`.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { configs, ruleFactories, type RuleFactory } from 'bpmnlint-plugin-handoff';

const require = createRequire(import.meta.url);

/** The plugin's package name, as bpmnlint spells plugins. */
export const PLUGIN = 'bpmnlint-plugin-handoff';

/** The rules, by name (`handoff/<name>` in a config): `bpmnlint-plugin-handoff`'s. */
export const HANDOFF_RULES: Readonly<Record<string, RuleFactory>> = ruleFactories;

/** The plugin's configs (`plugin:handoff/recommended`, `plugin:handoff/all`). */
export const HANDOFF_CONFIGS: Readonly<Record<string, { rules: Record<string, string> }>> = configs;

/** What bpmnlint asks of a resolver. */
export interface LintResolver {
  resolveRule(pkg: string, ruleName: string): unknown;
  resolveConfig(pkg: string, configName: string): unknown;
}

type ResolverClass = new (options: { require: NodeJS.Require }) => LintResolver;

/** What the engine that would deploy the files knows, for `handoff/deployable`. */
export interface HandoffRuleContext {
  /** Business calendar names (added to the rule's own `calendars` option). */
  calendars?: readonly string[];
}

/**
 * A bpmnlint resolver: `bpmnlint-plugin-handoff` from the imported package (so the rules are
 * the ones this CLI was built with), any other rule or config through bpmnlint's `NodeResolver`.
 * `context.calendars` are passed to `handoff/deployable`, so it knows the calendars deploy
 * would know (`handoff validate` uses the same ones).
 */
export function handoffResolver(context: HandoffRuleContext = {}): LintResolver {
  const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as ResolverClass;
  const node = new NodeResolver({ require });
  return {
    resolveRule(pkg, ruleName) {
      if (pkg !== PLUGIN) return node.resolveRule(pkg, ruleName);
      const rule = HANDOFF_RULES[ruleName];
      if (!rule) throw new Error(`unknown rule <handoff/${ruleName}>; known: ${Object.keys(HANDOFF_RULES).join(', ')}`);
      if (ruleName !== 'deployable' || !context.calendars?.length) return rule;
      const known = context.calendars;
      return (config?: Record<string, unknown>) => rule({ ...config, calendars: [...known, ...(Array.isArray(config?.calendars) ? (config.calendars as string[]) : [])] });
    },
    resolveConfig(pkg, configName) {
      if (pkg !== PLUGIN) return node.resolveConfig(pkg, configName);
      const config = HANDOFF_CONFIGS[configName];
      if (!config) throw new Error(`unknown config <plugin:handoff/${configName}>; known: ${Object.keys(HANDOFF_CONFIGS).join(', ')}`);
      return config;
    },
  };
}
