/**
 * The corpus report's pure parts: how a deploy problem becomes a ranked reason, how a
 * file's dialect and unread extensions are found, and how the generated section is spliced.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, DeployError } from '../../src/index';
import { featureOf } from './classify';
import { detectDialect } from './manifest';
import { familyOf, spliceSection } from './summary';
import { unreadExtensions } from './unread';

const definitions = (ns: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ${ns} id="d" targetNamespace="t"><bpmn:process id="p" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;

describe('Feature: refusals become reasons the lead can rank', () => {
  it('Scenario: an unsupported element and an unsupported extension are named by element and extension', async () => {
    const xml = definitions(
      'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
      `<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="c"/>
       <bpmn:complexGateway id="c"/><bpmn:sequenceFlow id="f2" sourceRef="c" targetRef="t"/>
       <bpmn:userTask id="t"><bpmn:extensionElements><camunda:potentialStarter/></bpmn:extensionElements></bpmn:userTask>
       <bpmn:sequenceFlow id="f3" sourceRef="t" targetRef="e"/><bpmn:endEvent id="e"/>`,
    );
    const err = (await createEngine().deploy({ bpmn: xml }).catch((e: unknown) => e)) as DeployError;
    expect(err).toBeInstanceOf(DeployError);
    const reasons = err.problems.map((p) => `${p.code} ${featureOf(p)}`);
    expect(reasons).toContain('UNSUPPORTED_ELEMENT complexGateway');
    expect(reasons).toContain('UNSUPPORTED_FEATURE camunda:potentialStarter');
  });

  it('Scenario: a JUEL condition is grouped by the field it is in, whatever the expression', () => {
    const a = featureOf({ code: 'JUEL_EXPRESSION', message: "condition: '${approved}' is a JUEL expression; Handoff evaluates FEEL only." });
    const b = featureOf({ code: 'JUEL_EXPRESSION', message: "condition: '${x == \"B\"}' is a JUEL expression; Handoff evaluates FEEL only." });
    expect(a).toBe('in condition');
    expect(b).toBe(a);
  });
});

describe('Feature: a file says which dialect it is written in', () => {
  it('Scenario: a declared but unused namespace does not count; a used one does', () => {
    expect(detectDialect(definitions('xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"', '<bpmn:startEvent id="s"/>'))).toBe('plain');
    expect(detectDialect(definitions('xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"', '<bpmn:serviceTask id="s"><bpmn:extensionElements><zeebe:taskDefinition type="x"/></bpmn:extensionElements></bpmn:serviceTask>'))).toBe('zeebe');
  });

  it('Scenario: the legacy activiti namespace counts as the dialect of the engine the repository targets', () => {
    const xml = definitions('xmlns:activiti="http://activiti.org/bpmn"', '<bpmn:userTask id="t" activiti:assignee="kermit"/>');
    expect(detectDialect(xml)).toBe('activiti');
    expect(detectDialect(xml, 'camunda7')).toBe('camunda7');
    expect(detectDialect(xml, 'flowable')).toBe('flowable');
  });

  it('Scenario: extensions of namespaces the engine does not read are listed; camunda and layout are not', () => {
    const xml = definitions(
      'xmlns:activiti="http://activiti.org/bpmn" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
      '<bpmn:userTask id="t" activiti:assignee="kermit" camunda:candidateGroups="a"/>',
    );
    expect([...unreadExtensions(xml)]).toEqual(['http://activiti.org/bpmn activiti:assignee']);
  });
});

describe('Feature: the generated section replaces only itself', () => {
  it('Scenario: text around the markers is kept; a page without markers gets the section appended', () => {
    const page = 'intro\n<!-- corpus:begin (generated) -->\nold\n<!-- corpus:end -->\noutro\n';
    expect(spliceSection(page, '<!-- corpus:begin x -->\nnew\n<!-- corpus:end -->')).toBe('intro\n<!-- corpus:begin x -->\nnew\n<!-- corpus:end -->\noutro\n');
    expect(spliceSection('intro\n', 'S')).toBe('intro\n\nS\n');
  });
});
