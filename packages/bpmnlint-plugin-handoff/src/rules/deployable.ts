/**
 * `handoff/deployable`: the file deploys — every problem `engine.deploy()` would refuse it
 * for, reported on its element.
 *
 * Why: Handoff refuses a file at deploy with every problem listed, and an analyst should see
 * those problems while the modeler is still open, not after a release. Re-implementing the
 * deploy checks in lint rules drifts (`=now() > x` and `=a > > 3` once linted clean and were
 * refused at deploy), so this rule runs the engine's own compile (`checkDefinitions`) on the
 * moddle tree bpmnlint hands it: one source of truth. A file that deploys lints clean of this
 * rule, and a file that lints clean of it deploys (given the same calendars).
 *
 * Config (optional, in `.bpmnlintrc`): `["error", { "calendars": ["cn-office"] }]` — the
 * business calendars the engine is created with (`24/7` is always known), so a
 * `handoff:calendar` naming another one is reported as deploy would.
 *
 * The tree must be parsed with the descriptors of the namespaces the file uses (`camunda:`,
 * `zeebe:`, `handoff:`); when it is not, the rule reports the unknown namespace once and how
 * to register it, instead of checking a file different from the one deploy reads.
 *
 * @module
 */
import { checkTree } from '../check';
import { formatProblem } from '../format';
import { is, ruleDocs, type Element, type LintRule } from '../moddle';
import { unknownNamespaces } from '../namespaces';

/** The rule's config. */
export interface DeployableConfig {
  /** Calendar names the engine knows besides `24/7`. */
  calendars?: string[];
  /** Lane id → role name, as passed to `engine.deploy({ roles })`. */
  roles?: Record<string, string>;
}

/** The rule factory. */
export default function deployable(config: DeployableConfig = {}): LintRule {
  const calendars = Array.isArray(config.calendars) ? config.calendars.filter((c): c is string => typeof c === 'string') : [];
  return {
    meta: { ...ruleDocs('deployable') },
    check(node, reporter) {
      if (!is(node, 'bpmn:Definitions')) return;
      const unknown = unknownNamespaces(node);
      for (const ns of unknown) {
        reporter.report(
          ns.elementId ?? node.id,
          `The file uses the ${ns.prefix} namespace (${ns.uri}), which this linter's BPMN parser does not know, so its attributes cannot be checked as deploy reads them; register the descriptor, e.g. in .bpmnlintrc: "moddleExtensions": { "${ns.prefix}": "${ns.descriptor}" }`,
        );
      }
      if (unknown.length) return;
      const { problems } = checkTree(node, { calendars, ...(config.roles ? { roles: config.roles } : {}) });
      for (const p of problems) reporter.report(p.elementId ?? (node as Element).id, formatProblem(p));
    },
  };
}
