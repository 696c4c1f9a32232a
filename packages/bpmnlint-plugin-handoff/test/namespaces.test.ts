import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { configs } from '../src/index';
import { fixture, moddleExtensions, resolver } from './support';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint') as { Linter: new (o: { config: unknown; resolver: unknown }) => { lint(root: unknown): Promise<Record<string, { id?: string; message: string }[]>> } };

/** Lint a tree parsed by a moddle with only the given descriptors (what a foreign host hands the rules). */
async function lintWith(xml: string, extensions: Record<string, unknown>) {
  const { rootElement } = (await new BpmnModdle(extensions).fromXML(xml)) as { rootElement: unknown };
  return new Linter({ config: configs.recommended, resolver }).lint(rootElement);
}

describe('Feature: a tree parsed without the descriptors the file uses is reported, not mis-checked', () => {
  it('Scenario: bpmnlint without moddleExtensions on a file with handoff: and camunda: attributes', async () => {
    // given plain bpmn-moddle (bpmnlint's CLI without "moddleExtensions")
    const results = await lintWith(fixture('deployable.pass.bpmn'), {});
    // then one report per unknown namespace, naming what to register, and no deploy check on a misread file
    const reports = results['handoff/deployable'] ?? [];
    expect(reports.map((r) => r.id).sort()).toEqual(['callBack', 'late']);
    expect(reports.map((r) => r.message).join('\n')).toMatch(/uses the camunda namespace .* "moddleExtensions": \{ "camunda": "camunda-bpmn-moddle\/resources\/camunda.json" \}/);
    expect(reports.map((r) => r.message).join('\n')).toMatch(/uses the handoff namespace .* "handoff": "@handoff\/engine\/moddle\/handoff.json"/);
    expect(results['handoff/no-busy-cycle']).toBeUndefined();
  });

  it('Scenario: with the descriptors registered, the same file lints clean', async () => {
    expect(await lintWith(fixture('deployable.pass.bpmn'), moddleExtensions)).toEqual({});
  });

  it('Scenario: a declared but unused namespace is no problem', async () => {
    // given a file that declares camunda: and handoff: but uses neither
    const xml = fixture('deployable.pass.bpmn').replace(' camunda:candidateGroups="hotline"', '').replace(' handoff:sla="callback" handoff:slaWarning="80%"', '');
    expect(xml).toContain('xmlns:camunda');
    expect(xml).not.toMatch(/ (camunda|handoff):[a-z]+=/);
    // then nothing is reported about namespaces, and the deploy checks run
    expect((await lintWith(xml, {}))['handoff/deployable']).toBeUndefined();
    expect((await lintWith(xml.replace('=amount &gt; 100', '=amount &gt; &gt; 100'), {}))['handoff/deployable']?.map((r) => r.id)).toEqual(['large']);
  });
});
