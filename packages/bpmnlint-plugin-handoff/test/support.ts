/**
 * Test helpers: lint XML the way deploy parses it (the engine's `parseBpmn`: camunda, zeebe
 * and handoff descriptors), with a fresh bpmnlint Linter per file and this package's rules
 * served from source; and the moddle extensions for bpmnlint's RuleTester.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseBpmn } from '@handoff/engine';
import handoff from '@handoff/engine/moddle/handoff.json' with { type: 'json' };
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { configs, ruleFactories } from '../src/index';

const require = createRequire(import.meta.url);

/** One finding: parser problems are `parser` errors, as bpmnlint's CLI reports import warnings. */
export interface Finding {
  rule: string;
  category: string;
  id?: string;
  message: string;
}

interface LinterLike {
  lint(root: unknown): Promise<Record<string, { id?: string; message: string; category: string }[]>>;
}
const { Linter } = require('bpmnlint') as { Linter: new (o: { config: unknown; resolver: unknown }) => LinterLike };

/** A resolver serving `bpmnlint-plugin-handoff` from this package's source. */
export const resolver = {
  resolveRule(pkg: string, name: string) {
    if (pkg !== 'bpmnlint-plugin-handoff') throw new Error(`only handoff rules here, not ${pkg}/${name}`);
    const rule = ruleFactories[name];
    if (!rule) throw new Error(`unknown rule handoff/${name}`);
    return rule;
  },
  resolveConfig(pkg: string, name: string) {
    const config = pkg === 'bpmnlint-plugin-handoff' ? configs[name as keyof typeof configs] : undefined;
    if (!config) throw new Error(`unknown config ${pkg}/${name}`);
    return config;
  },
};

/** Lint `xml` (parsed as deploy parses it) with `config`; default `plugin:handoff/recommended`. */
export async function lint(xml: string, config: unknown = { extends: 'plugin:handoff/recommended' }): Promise<Finding[]> {
  const parsed = await parseBpmn(xml);
  const findings: Finding[] = parsed.problems.map((p) => ({ rule: 'parser', category: 'error', ...(p.elementId ? { id: p.elementId } : {}), message: p.message }));
  if (!parsed.definitions) return findings;
  const results = await new Linter({ config, resolver }).lint(parsed.definitions);
  for (const [rule, reports] of Object.entries(results)) for (const r of reports) findings.push({ rule, category: r.category, ...(r.id ? { id: r.id } : {}), message: r.message });
  return findings;
}

/** A rule fixture's text. */
export const fixture = (name: string) => readFileSync(new URL(`./fixtures/rules/${name}`, import.meta.url), 'utf8');

/**
 * The descriptors for bpmnlint's `createModdle`, as the engine registers them: zeebe without
 * its two modeler-template types, which clash with camunda's (ECOSYSTEM.md).
 */
export const moddleExtensions = {
  camunda,
  handoff,
  zeebe: { ...zeebeDescriptor, types: zeebeDescriptor.types.filter((t) => t.name !== 'TemplateSupported' && t.name !== 'TemplatedRootElement') },
};
