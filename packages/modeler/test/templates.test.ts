/**
 * The element templates validate against Camunda's official JSON schemas (Camunda 7:
 * @camunda/element-templates-json-schema; Camunda 8: @camunda/zeebe-element-templates-json-schema),
 * and bind exactly the attributes the engine reads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { moddleDescriptor } from '../src/descriptor';

const require = createRequire(import.meta.url);
const SCHEMAS = {
  camunda7: '@camunda/element-templates-json-schema/resources/schema.json',
  camunda8: '@camunda/zeebe-element-templates-json-schema/resources/schema.json',
} as const;
const DIR = new URL('../element-templates/', import.meta.url).pathname;
const templates = (flavour: string) => readdirSync(`${DIR}${flavour}`).filter((f) => f.endsWith('.json')).sort();
const read = (flavour: string, file: string) => JSON.parse(readFileSync(`${DIR}${flavour}/${file}`, 'utf8')) as Record<string, any>;

describe('Feature: element templates for Camunda Modeler 7 and 8', () => {
  for (const [flavour, schemaPath] of Object.entries(SCHEMAS)) {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(require(schemaPath));
    it(`Scenario: the ${flavour} templates are the two named ones and each validates against the official schema`, () => {
      expect(templates(flavour)).toEqual(['sla-boundary-timer.json', 'sla-user-task.json']);
      for (const file of templates(flavour)) {
        const t = read(flavour, file);
        expect(validate(t), `${flavour}/${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
        expect(t.$schema).toContain(schemaPath.split('/resources')[0]);
      }
    });
    it(`Scenario: the ${flavour} schema rejects a broken copy (so a pass means something)`, () => {
      const t = read(flavour, 'sla-boundary-timer.json');
      expect(validate({ ...t, properties: [{ label: 'x', type: 'String', binding: { type: 'no-such-binding' } }] })).toBe(false);
      expect(validate({ ...t, appliesTo: undefined })).toBe(false);
    });
  }

  it('Scenario: the SLA boundary templates bind the handoff attributes the descriptor defines', () => {
    const attrs = new Set(moddleDescriptor.types.flatMap((t: { properties: { name: string }[] }) => t.properties.map((p) => `handoff:${p.name}`)));
    for (const flavour of Object.keys(SCHEMAS)) {
      const bound = read(flavour, 'sla-boundary-timer.json').properties.map((p: any) => p.binding.name).filter((n: string) => n?.startsWith('handoff:'));
      expect(bound, flavour).toEqual(['handoff:sla', 'handoff:slaWarning', 'handoff:slaEscalateTo']);
      for (const b of bound) expect(attrs.has(b), b).toBe(true);
    }
  });
});
