import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine, DeployError } from '@handoff/engine';
import { groupOpportunityCalendar } from '../src/index';
import { detachedEdges, diagonalEdges, edgesThroughShapes, lanesOutOfBand, lintBpmn as lintWith, backwardFlows, missingDi, nonStandardSizes, outsideLane, overlaps, readDiagram, readLintConfig, untranslated } from '@handoff/testing';

/** Lint with the pack's own `.bpmnlintrc`. */
const lintBpmn = (xml: string) => lintWith(xml, readLintConfig(new URL('../.bpmnlintrc', import.meta.url)));

const xml = readFileSync(new URL('../bpmn/group-opportunity-transfer.bpmn', import.meta.url), 'utf8');
const LANES = ['accountManager', 'socialChannel', 'phoneAccountManager', 'website', 'serviceHall', 'groupHotline', 'experienceHall', 'operationsCenter'] as const;
type Lane = (typeof LANES)[number];
/** Boundary events sit on their host's border by definition. */
const ATTACHED = new Set(['claimByAccountManager overlaps claimAccountManagerOverdue', 'claimBySocialChannel overlaps claimSocialChannelOverdue']);
/** The re-dispatch loop: the only flows drawn right to left. */
const LOOP = ['f_redispatchGateway_accountManagerInbox', 'f_redispatchGateway_socialChannelInbox'];

/** The process design: id, BPMN type, lane, name (binding for the pack). */
const DESIGN: readonly [string, string, Lane, string][] = [
  ['opportunityCaptured', 'bpmn:StartEvent', 'groupHotline', '商机采集'],
  ['routeOpportunity', 'bpmn:BusinessRuleTask', 'groupHotline', '商机转移规则(系统首次转移)'],
  ['selfHandleGateway', 'bpmn:ExclusiveGateway', 'groupHotline', '接触渠道可自行办理?'],
  ['handleByPhoneManager', 'bpmn:UserTask', 'phoneAccountManager', '电话客户经理直接办理'],
  ['handleOnWebsite', 'bpmn:UserTask', 'website', '网站在线办理'],
  ['handleAtServiceHall', 'bpmn:UserTask', 'serviceHall', '服营厅直接办理'],
  ['handleOnHotline', 'bpmn:UserTask', 'groupHotline', '集团热线权限内办理'],
  ['selfHandledJoin', 'bpmn:ExclusiveGateway', 'groupHotline', '汇合'],
  ['ownerGateway', 'bpmn:ExclusiveGateway', 'groupHotline', '销售服务渠道?'],
  ['handledByContactChannel', 'bpmn:EndEvent', 'groupHotline', '接触渠道已办结'],
  ['dualCoverageSplit', 'bpmn:ParallelGateway', 'socialChannel', '双重覆盖'],
  ['accountManagerInbox', 'bpmn:ExclusiveGateway', 'accountManager', '转客户经理'],
  ['socialChannelInbox', 'bpmn:ExclusiveGateway', 'socialChannel', '转社会渠道'],
  ['claimByAccountManager', 'bpmn:UserTask', 'accountManager', '客户经理认领'],
  ['claimBySocialChannel', 'bpmn:UserTask', 'socialChannel', '社会渠道认领'],
  ['coverByPhoneManager', 'bpmn:UserTask', 'phoneAccountManager', '电话客户经理双重覆盖'],
  ['claimAccountManagerOverdue', 'bpmn:BoundaryEvent', 'accountManager', '认领超时'],
  ['claimSocialChannelOverdue', 'bpmn:BoundaryEvent', 'socialChannel', '认领超时'],
  ['accountManagerClaimed', 'bpmn:ExclusiveGateway', 'accountManager', '认领?'],
  ['socialChannelClaimed', 'bpmn:ExclusiveGateway', 'socialChannel', '认领?'],
  ['coverageDone', 'bpmn:EndEvent', 'phoneAccountManager', '覆盖完成'],
  ['followUpByAccountManager', 'bpmn:UserTask', 'accountManager', '客户经理跟进销售服务'],
  ['followUpBySocialChannel', 'bpmn:UserTask', 'socialChannel', '社会渠道跟进销售服务'],
  ['closedByAccountManager', 'bpmn:EndEvent', 'accountManager', '跟进结束'],
  ['closedBySocialChannel', 'bpmn:EndEvent', 'socialChannel', '跟进结束'],
  ['operationsInbox', 'bpmn:ExclusiveGateway', 'operationsCenter', '退回运营中心'],
  ['dispatchByOperations', 'bpmn:UserTask', 'operationsCenter', '运营中心人工派单(二次转移)'],
  ['redispatchGateway', 'bpmn:ExclusiveGateway', 'operationsCenter', '派往?'],
];

/** Every sequence flow: source, target, and the FEEL condition (without `=`), `default`, or nothing. */
const FLOWS: readonly [string, string, string?][] = [
  ['opportunityCaptured', 'routeOpportunity'],
  ['routeOpportunity', 'selfHandleGateway'],
  ['selfHandleGateway', 'handleByPhoneManager', 'routing.selfHandler = "phoneAccountManager"'],
  ['selfHandleGateway', 'handleOnWebsite', 'routing.selfHandler = "website"'],
  ['selfHandleGateway', 'handleAtServiceHall', 'routing.selfHandler = "serviceHall"'],
  ['selfHandleGateway', 'handleOnHotline', 'routing.selfHandler = "groupHotline"'],
  ['selfHandleGateway', 'selfHandledJoin', 'default'],
  ['handleByPhoneManager', 'selfHandledJoin'],
  ['handleOnWebsite', 'selfHandledJoin'],
  ['handleAtServiceHall', 'selfHandledJoin'],
  ['handleOnHotline', 'selfHandledJoin'],
  ['selfHandledJoin', 'ownerGateway'],
  ['ownerGateway', 'accountManagerInbox', 'routing.salesServiceChannel = "accountManager"'],
  ['ownerGateway', 'dualCoverageSplit', 'routing.salesServiceChannel = "socialChannel"'],
  ['ownerGateway', 'operationsInbox', 'routing.salesServiceChannel = "operationsCenter"'],
  ['ownerGateway', 'handledByContactChannel', 'default'],
  ['dualCoverageSplit', 'socialChannelInbox'],
  ['dualCoverageSplit', 'coverByPhoneManager'],
  ['accountManagerInbox', 'claimByAccountManager'],
  ['socialChannelInbox', 'claimBySocialChannel'],
  ['claimByAccountManager', 'accountManagerClaimed'],
  ['claimBySocialChannel', 'socialChannelClaimed'],
  ['coverByPhoneManager', 'coverageDone'],
  ['accountManagerClaimed', 'followUpByAccountManager', 'accepted = true'],
  ['accountManagerClaimed', 'operationsInbox', 'default'],
  ['socialChannelClaimed', 'followUpBySocialChannel', 'accepted = true'],
  ['socialChannelClaimed', 'operationsInbox', 'default'],
  ['claimAccountManagerOverdue', 'operationsInbox'],
  ['claimSocialChannelOverdue', 'operationsInbox'],
  ['followUpByAccountManager', 'closedByAccountManager'],
  ['followUpBySocialChannel', 'closedBySocialChannel'],
  ['operationsInbox', 'dispatchByOperations'],
  ['dispatchByOperations', 'redispatchGateway'],
  ['redispatchGateway', 'accountManagerInbox', 'dispatchTo = "accountManager"'],
  ['redispatchGateway', 'socialChannelInbox', 'default'],
];
async function deployed() {
  const engine = createEngine({ calendars: [groupOpportunityCalendar()] });
  const ids = await engine.deploy({ bpmn: xml, name: 'group-opportunity-transfer.bpmn' });
  return { engine, ids, model: await engine.processes.model('groupOpportunityTransfer') };
}

describe('Feature: the group-opportunity BPMN lints clean', () => {
  it('Scenario: bpmnlint recommended plus the pack config reports nothing', async () => {
    // given the file and the pack's .bpmnlintrc
    // when
    const findings = await lintBpmn(xml);
    // then
    expect(findings).toEqual([]);
  });

  it('Scenario: the lint harness does report a broken copy (so the clean result means something)', async () => {
    // given a copy without the shape of claimByAccountManager and with an unlabeled condition
    const broken = xml
      .replace(/<bpmndi:BPMNShape id="claimByAccountManager_di"[\s\S]*?<\/bpmndi:BPMNShape>\n/, '')
      .replace('id="f_accountManagerClaimed_followUpByAccountManager" name="认领"', 'id="f_accountManagerClaimed_followUpByAccountManager"');
    // when
    const findings = await lintBpmn(broken);
    // then
    expect(findings).toEqual([
      'label-required error f_accountManagerClaimed_followUpByAccountManager: Element is missing label/name',
      'no-bpmndi error claimByAccountManager: Element is missing bpmndi',
    ]);
  });
});

describe('Feature: the engine deploys the file as designed', () => {
  it('Scenario: deploy reports zero problems and the model has the eight lane roles', async () => {
    // when
    const { ids, model } = await deployed();
    // then
    expect(ids).toEqual(['groupOpportunityTransfer']);
    expect([...model.roles].sort()).toEqual(LANES.filter((l) => l !== 'experienceHall').sort());
  });

  it('Scenario: without the calendar the deploy is refused, naming the claim timers', async () => {
    // given an engine without the pack calendar
    const engine = createEngine();
    // when
    const err = await engine.deploy({ bpmn: xml }).catch((e: unknown) => e);
    // then
    expect(err).toBeInstanceOf(DeployError);
    expect((err as DeployError).problems.map((p) => `${p.code} ${p.elementId ?? ''}`.trim())).toEqual([
      'INVALID_SLA',
      'INVALID_SLA',
      'UNKNOWN_CALENDAR claimAccountManagerOverdue',
      'UNKNOWN_CALENDAR claimSocialChannelOverdue',
    ]);
  });

  it('Scenario: every node has the designed id, type, lane and name, and nothing else is in the process', async () => {
    // when
    const { model } = await deployed();
    // then
    expect(model.nodes.map((n) => [n.id, n.bpmnType, n.lane, n.name])).toEqual(DESIGN);
  });

  it('Scenario: every flow is named f_<source>_<target> with the designed condition or default', async () => {
    // when
    const { model } = await deployed();
    // then
    const actual = model.flows.map((f) => {
      const source = model.nodes[f.source]!;
      const target = model.nodes[f.target]!;
      const kind = source.defaultFlow === f.idx ? 'default' : f.condition?.source;
      return [f.id, source.id, target.id, kind];
    });
    expect(actual).toEqual(FLOWS.map(([s, t, c]) => [`f_${s}_${t}`, s, t, c]));
  });

  it('Scenario: the claim timers are interrupting, 1 working day (P1D) on the pack calendar, and declare the claim SLAs', () => {
    // when
    const timers = [...xml.matchAll(/<bpmn:boundaryEvent id="(\w+)"[^>]*cancelActivity="(\w+)" attachedToRef="(\w+)" handoff:sla="(\w+)">[\s\S]*?handoff:calendar="([\w-]+)">\s*<bpmn:timeDuration[^>]*>(\w+)</g)].map((m) => m.slice(1));
    // then
    expect(timers).toEqual([
      ['claimAccountManagerOverdue', 'true', 'claimByAccountManager', 'claimAccountManager', 'group-opportunity-workdays', 'P1D'],
      ['claimSocialChannelOverdue', 'true', 'claimBySocialChannel', 'claimSocialChannel', 'group-opportunity-workdays', 'P1D'],
    ]);
  });

  it('Scenario: the routing rule is a FEEL zeebe:script on the business rule task, stored in routing', async () => {
    // when
    const { model } = await deployed();
    // then
    const route = model.nodes.find((n) => n.id === 'routeOpportunity')!;
    expect(route.kind).toBe('expressionTask');
    expect(xml).toMatch(/<zeebe:script expression="=&#10;\{&#10;  isOpportunity: kind = &quot;opportunity&quot;,/);
    expect(xml).toContain('resultVariable="routing"');
  });
});

describe('Feature: the diagram is drawn for people', () => {
  it('Scenario: every flow node, flow, lane and the pool has exactly one DI element', async () => {
    const d = await readDiagram(xml);
    expect(d.nodes).toHaveLength(DESIGN.length);
    expect(d.flows).toHaveLength(FLOWS.length);
    expect(missingDi(d)).toEqual([]);
  });

  it('Scenario: the eight lanes are horizontal bands in order, with Chinese names, and every shape lies in its lane', async () => {
    const d = await readDiagram(xml);
    expect(d.lanes.map((l) => l.id)).toEqual([...LANES]);
    expect(d.lanes.map((l) => l.name)).toEqual(['客户经理', '社会渠道(核心代理商)', '电话客户经理', '网站', '服营厅', '集团热线', '体验厅', '运营中心']);
    expect(lanesOutOfBand(d, LANES)).toEqual([]);
    expect(outsideLane(d)).toEqual([]);
  });

  it('Scenario: no two flow-node shapes overlap (boundary events sit on their host), and shapes have the standard sizes', async () => {
    const d = await readDiagram(xml);
    expect(overlaps(d).filter((o) => !ATTACHED.has(o))).toEqual([]);
    expect(overlaps(d).filter((o) => ATTACHED.has(o))).toEqual([...ATTACHED]);
    expect(nonStandardSizes(d)).toEqual([]);
  });

  it('Scenario: edges are orthogonal, start and end on their shapes, and cross no other shape', async () => {
    const d = await readDiagram(xml);
    expect(diagonalEdges(d)).toEqual([]);
    expect(detachedEdges(d)).toEqual([]);
    expect(edgesThroughShapes(d)).toEqual([]);
  });

  it('Scenario: the flow reads left to right, except the drawn re-dispatch loop', async () => {
    const d = await readDiagram(xml);
    expect(backwardFlows(d)).toEqual(LOOP);
  });

  it('Scenario: names are Chinese and every flow node has English documentation', async () => {
    const d = await readDiagram(xml);
    expect(untranslated(d)).toEqual([]);
  });
});
