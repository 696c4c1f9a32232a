/**
 * `bpmnlint-plugin-handoff`: Handoff's bpmnlint rules and configs.
 *
 * In a `.bpmnlintrc`: `"extends": ["bpmnlint:recommended", "plugin:handoff/recommended"]`;
 * rules are named `handoff/<rule>`. bpmnlint's resolver loads each rule from
 * `bpmnlint-plugin-handoff/rules/<rule>` and the configs from this module's `configs`.
 *
 * @module
 */
import deployable from './rules/deployable';
import noBusyCycle from './rules/no-busy-cycle';
import userTaskRole from './rules/user-task-role';
import type { RuleFactory } from './moddle';

/** The rule factories by name (`handoff/<name>` in a config), for hosts that resolve rules themselves. */
export const ruleFactories: Readonly<Record<string, RuleFactory>> = {
  deployable: deployable as RuleFactory,
  'user-task-role': userTaskRole as RuleFactory,
  'no-busy-cycle': noBusyCycle as RuleFactory,
};

/**
 * The configs. `recommended`: `deployable` is an error (the file would be refused at
 * deploy); the style rules are warnings (the file deploys, but is likely wrong), so "no
 * errors" means exactly "deploys". `all`: every rule an error.
 */
export const configs: Readonly<Record<'recommended' | 'all', { rules: Record<string, 'error' | 'warn'> }>> = {
  recommended: { rules: { 'handoff/deployable': 'error', 'handoff/user-task-role': 'warn', 'handoff/no-busy-cycle': 'warn' } },
  all: { rules: { 'handoff/deployable': 'error', 'handoff/user-task-role': 'error', 'handoff/no-busy-cycle': 'error' } },
};

export { formatProblem } from './format';
export type { DeployableConfig } from './rules/deployable';
export { ENGINE_NAMESPACES, unknownNamespaces, type UnknownNamespace } from './namespaces';
export type { Element, LintRule, Reporter, RuleFactory } from './moddle';
