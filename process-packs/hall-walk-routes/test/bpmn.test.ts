import { describe, expect, it } from 'vitest';
import { createEngine } from '@handoff/engine';
import { backwardFlows, detachedEdges, diagonalEdges, edgesThroughShapes, lanesOutOfBand, lintBpmn as lintWith, missingDi, nonStandardSizes, outsideLane, overlaps, readDiagram, readLintConfig, untranslated } from '@handoff/testing';
import { createHallPack, hallBpmn, LANES } from '../src/index';

const lintBpmn = (xml: string) => lintWith(xml, readLintConfig(new URL('../.bpmnlintrc', import.meta.url)));
const xml = hallBpmn();

/** The process design: id, BPMN type, lane, name (binding for the pack). */
const DESIGN: readonly [string, string, (typeof LANES)[number], string][] = [
  ['customerArrived', 'bpmn:StartEvent', 'greeter', '客户进厅'],
  ['identifyNeeds', 'bpmn:UserTask', 'greeter', '迎宾与需求识别'],
  ['routeCustomer', 'bpmn:ServiceTask', 'greeter', '分流路由'],
  ['routeGateway', 'bpmn:ExclusiveGateway', 'greeter', '走哪条路径?'],
  ['terminalMarketing', 'bpmn:UserTask', 'greeter', '导购终端营销六步法'],
  ['boughtGateway', 'bpmn:ExclusiveGateway', 'greeter', '客户购机?'],
  ['leftWithoutPurchase', 'bpmn:EndEvent', 'greeter', '未购机离厅'],
  ['signContractAndPay', 'bpmn:UserTask', 'counter', '柜台签约缴费'],
  ['devicePurchased', 'bpmn:EndEvent', 'counter', '购机完成离厅'],
  ['serveAtCounter', 'bpmn:UserTask', 'counter', '柜台办理'],
  ['customerDiverted', 'bpmn:BoundaryEvent', 'counter', '导购分流'],
  ['counterServed', 'bpmn:EndEvent', 'counter', '柜台办结离厅'],
  ['verifyIdentityAtCounter', 'bpmn:UserTask', 'counter', '柜台身份核验'],
  ['cardIssuedAtCounter', 'bpmn:EndEvent', 'counter', '柜台开卡离厅'],
  ['useSelfService', 'bpmn:UserTask', 'selfService', '电子渠道/自助办理'],
  ['selfServiceDone', 'bpmn:EndEvent', 'selfService', '自助办结离厅'],
  ['openCardAtKiosk', 'bpmn:UserTask', 'selfService', '产品超市开卡选号'],
  ['kioskGateway', 'bpmn:ExclusiveGateway', 'selfService', '体验机办结?'],
  ['cardOpened', 'bpmn:EndEvent', 'selfService', '开卡完成离厅'],
  ['handleComplaint', 'bpmn:UserTask', 'hallManager', '值班经理处理投诉'],
  ['complaintGateway', 'bpmn:ExclusiveGateway', 'hallManager', '投诉解决?'],
  ['complaintResolved', 'bpmn:EndEvent', 'hallManager', '投诉解决离厅'],
  ['complaintEscalated', 'bpmn:EndEvent', 'hallManager', '投诉升级离厅'],
];

describe('Feature: the hall BPMN lints clean and deploys as designed', () => {
  it('Scenario: bpmnlint recommended plus the pack config reports nothing', async () => {
    expect(await lintBpmn(xml)).toEqual([]);
  });

  it('Scenario: the lint harness reports a broken copy (so the clean result means something)', async () => {
    const broken = xml.replace(/<bpmndi:BPMNShape id="serveAtCounter_di"[\s\S]*?<\/bpmndi:BPMNShape>\n/, '');
    expect(await lintBpmn(broken)).toEqual(['no-bpmndi error serveAtCounter: Element is missing bpmndi']);
  });

  it('Scenario: deploy gives one process with the four lane roles, the designed nodes, the routing job and the diversion message', async () => {
    const engine = createEngine();
    expect(await engine.deploy(createHallPack())).toEqual(['hallWalkRoutes']);
    const model = await engine.processes.model('hallWalkRoutes');
    expect([...model.roles].sort()).toEqual([...LANES].sort());
    expect(model.nodes.map((n) => [n.id, n.bpmnType, n.lane, n.name])).toEqual(DESIGN);
    expect(model.nodes.filter((n) => n.job).map((n) => [n.id, n.job!.type])).toEqual([['routeCustomer', 'hall.route']]);
    const diverted = model.nodes.find((n) => n.id === 'customerDiverted')!;
    expect(diverted.event?.type === 'message' ? diverted.event.message : undefined).toBe('customerDiverted');
  });
});

describe('Feature: the diagram is drawn for people', () => {
  it('Scenario: every node and flow has DI; lanes are bands in order; shapes lie in their lanes', async () => {
    const d = await readDiagram(xml);
    expect(missingDi(d)).toEqual([]);
    expect(d.lanes.map((l) => l.id)).toEqual([...LANES]);
    expect(lanesOutOfBand(d, LANES)).toEqual([]);
    expect(outsideLane(d)).toEqual([]);
  });

  it('Scenario: no two shapes overlap (a boundary event sits on its task by design), standard sizes, orthogonal attached edges crossing nothing, left to right', async () => {
    const d = await readDiagram(xml);
    expect(overlaps(d)).toEqual(['serveAtCounter overlaps customerDiverted']);
    expect(nonStandardSizes(d)).toEqual([]);
    expect(diagonalEdges(d)).toEqual([]);
    expect(detachedEdges(d)).toEqual([]);
    expect(edgesThroughShapes(d)).toEqual([]);
    expect(backwardFlows(d)).toEqual([]);
  });

  it('Scenario: names are Chinese and every flow node has English documentation', async () => {
    const d = await readDiagram(xml);
    expect(untranslated(d)).toEqual([]);
    expect(d.lanes.map((l) => l.name)).toEqual(['导购员', '营业员(柜台)', '自助服务区(产品超市体验机/电子渠道)', '值班经理']);
  });
});
