/**
 * `@handoff/modeler/lint`: `bpmnlint-plugin-handoff`'s rules packed as a `{ config, resolver }`
 * bundle — what `bpmnlint-pack-config` / `bpmnlint-loader` make of a `.bpmnlintrc` — so a
 * modeler that cannot read files at run time lints with them:
 *
 * - **Camunda Modeler 5**: its linter (`@camunda/linting`) adds every `lintRules.bpmn`
 *   (Camunda 7 diagrams) and `lintRules.cloud-bpmn` (Camunda 8) client plugin to its own
 *   rules; the Handoff plugin registers this bundle for both (camunda-modeler-plugin/client).
 * - **bpmn-js** with `bpmn-js-bpmnlint`: `linting: { bpmnlint: handoffLintConfig() }`.
 *
 * Plain Node (ESM and CommonJS) and browsers alike: the rules are the engine's deploy checks.
 *
 * @example
 * ```js
 * import lintModule from 'bpmn-js-bpmnlint';
 * import { handoffLintConfig } from '@handoff/modeler/lint';
 * new Modeler({ additionalModules: [lintModule], linting: { bpmnlint: handoffLintConfig({ calendars: ['cn-office'] }), active: true } });
 * ```
 *
 * @module
 */
import { configs, ruleFactories, type RuleFactory } from 'bpmnlint-plugin-handoff';

/** The package bpmnlint resolves `handoff/<rule>` to. */
const PLUGIN = 'bpmnlint-plugin-handoff';

/** Options of {@link handoffLintConfig}. */
export interface HandoffLintOptions {
  /** Business calendar names the engine knows (`24/7` always is), for `handoff/deployable`. */
  calendars?: readonly string[];
  /** Which config of the plugin: `recommended` (default: deploy problems are errors, style rules warnings) or `all`. */
  preset?: 'recommended' | 'all';
}

/** A packed bpmnlint configuration: the rules by name, and a resolver that holds their factories. */
export interface PackedLintConfig {
  config: { rules: Record<string, string | [string, Record<string, unknown>]> };
  resolver: {
    resolveRule(pkg: string, ruleName: string): RuleFactory;
    resolveConfig(pkg: string, configName: string): { rules: Record<string, string> };
  };
}

/** `.bpmnlintrc` `{ "extends": "plugin:handoff/<preset>" }` packed for a modeler. */
export function handoffLintConfig(options: HandoffLintOptions = {}): PackedLintConfig {
  const preset = options.preset ?? 'recommended';
  const base = configs[preset];
  if (!base) throw new TypeError(`Unknown bpmnlint-plugin-handoff config '${String(preset)}': use 'recommended' or 'all'.`);
  const rules: PackedLintConfig['config']['rules'] = { ...base.rules };
  if (options.calendars) rules['handoff/deployable'] = [base.rules['handoff/deployable']!, { calendars: [...options.calendars] }];
  return {
    config: { rules },
    resolver: {
      resolveRule(pkg, ruleName) {
        const rule = pkg === PLUGIN ? ruleFactories[ruleName] : undefined;
        if (!rule) throw new Error(`cannot resolve rule <${pkg}/${ruleName}>: not bundled (this bundle holds ${PLUGIN}'s rules only)`);
        return rule;
      },
      resolveConfig(pkg, configName) {
        const config = pkg === PLUGIN ? configs[configName as 'recommended'] : undefined;
        if (!config) throw new Error(`cannot resolve config <${pkg}/${configName}>: not bundled`);
        return config;
      },
    },
  };
}
