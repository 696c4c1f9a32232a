import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '@handoff/engine';
import { detachedEdges, diagonalEdges, edgesThroughShapes, lanesOutOfBand, lintBpmn as lintWith, backwardFlows, missingDi, nonStandardSizes, outsideLane, overlaps, readDiagram, readLintConfig, untranslated } from '@handoff/testing';
import { hotlineReviewCalendar, LANE_NAMES, LANES } from '../src/index';

/** Lint with the pack's own `.bpmnlintrc`. */
const lintBpmn = (xml: string) => lintWith(xml, readLintConfig(new URL('../.bpmnlintrc', import.meta.url)));

const xml = readFileSync(new URL('../bpmn/hotline-service-marketing.bpmn', import.meta.url), 'utf8');
const dmn = readFileSync(new URL('../bpmn/hotline-service-marketing.dmn', import.meta.url), 'utf8');
type Lane = (typeof LANES)[number];
const HALLS = [['ivr', 'ivr', 'IVR确认办理', 'IVR办理成功', 'IVR未办理'], ['smsHall', 'smsHall', '短厅办理', '短厅办理成功', '短厅推荐未成功'], ['appHall', 'appHall', '掌厅办理', '掌厅办理成功', '掌厅推荐未成功'], ['webHall', 'webHall', '网厅办理', '网厅办理成功', '网厅推荐未成功']] as const;
/** Boundary events sit on their host's border by definition. */
const ATTACHED = HALLS.map(([k]) => `${k}Order overlaps ${k}Expired`);

/** The process design: id, BPMN type, lane, name (binding for the pack). */
const DESIGN: readonly [string, string, Lane, string][] = [
  ['callReceived', 'bpmn:StartEvent', 'hotlineAgent', '客户来电'],
  ['suggestMarketing', 'bpmn:BusinessRuleTask', 'dataAnalysis', 'CRM营销推荐(6084模块)'],
  ['handleRequest', 'bpmn:UserTask', 'hotlineAgent', '受理客户请求并营销'],
  ['acceptedGateway', 'bpmn:ExclusiveGateway', 'hotlineAgent', '客户接受推荐?'],
  ['callEnded', 'bpmn:EndEvent', 'hotlineAgent', '通话结束'],
  ['routeRecommendation', 'bpmn:BusinessRuleTask', 'hotlineAgent', '推荐办理渠道判定'],
  ['channelGateway', 'bpmn:ExclusiveGateway', 'hotlineAgent', '办理渠道?'],
  ['completeOnHotline', 'bpmn:UserTask', 'hotlineAgent', '人工台办理或在线预约'],
  ['hotlineDone', 'bpmn:EndEvent', 'hotlineAgent', '人工台办结'],
  ...HALLS.flatMap(([k, lane, task, ok, no]) => [
    [`${k}Order`, 'bpmn:ReceiveTask', lane, task],
    [`${k}Expired`, 'bpmn:BoundaryEvent', lane, '推荐失效'],
    [`${k}Ordered`, 'bpmn:EndEvent', lane, ok],
    [`${k}NotOrdered`, 'bpmn:EndEvent', lane, no],
  ] as [string, string, Lane, string][]),
  ['raiseRequirement', 'bpmn:UserTask', 'businessReview', '提出业务承载需求'],
  ['requirementRaised', 'bpmn:EndEvent', 'businessReview', '需求已提交'],
];

/** Every sequence flow: source, target, and the FEEL condition (without `=`), `default`, or nothing. */
const FLOWS: readonly [string, string, string?][] = [
  ['callReceived', 'suggestMarketing'],
  ['suggestMarketing', 'handleRequest'],
  ['handleRequest', 'acceptedGateway'],
  ['acceptedGateway', 'routeRecommendation', 'marketing.type != "none" and marketing.accepted = true'],
  ['acceptedGateway', 'callEnded', 'default'],
  ['routeRecommendation', 'channelGateway'],
  ['channelGateway', 'completeOnHotline', 'route.channel = "hotline"'],
  ['channelGateway', 'ivrOrder', 'route.channel = "ivr"'],
  ['channelGateway', 'smsHallOrder', 'route.channel = "sms"'],
  ['channelGateway', 'appHallOrder', 'route.channel = "app"'],
  ['channelGateway', 'webHallOrder', 'route.channel = "web"'],
  ['channelGateway', 'raiseRequirement', 'default'],
  ['completeOnHotline', 'hotlineDone'],
  ...HALLS.flatMap(([k]) => [[`${k}Order`, `${k}Ordered`], [`${k}Expired`, `${k}NotOrdered`]] as [string, string][]),
  ['raiseRequirement', 'requirementRaised'],
];

async function deployed() {
  const engine = createEngine({ calendars: [hotlineReviewCalendar()] });
  const ids = await engine.deploy({ bpmn: xml, dmn, name: 'hotline-service-marketing' });
  return { engine, ids, model: await engine.processes.model('hotlineServiceMarketing') };
}

describe('Feature: the hotline-marketing BPMN lints clean', () => {
  it('Scenario: bpmnlint recommended plus the pack config reports nothing', async () => {
    expect(await lintBpmn(xml)).toEqual([]);
  });

  it('Scenario: the lint harness does report a broken copy (so the clean result means something)', async () => {
    // given a copy without the shape of handleRequest and with an unlabeled condition
    const broken = xml.replace(/<bpmndi:BPMNShape id="handleRequest_di"[\s\S]*?<\/bpmndi:BPMNShape>\n/, '').replace('id="f_channelGateway_smsHallOrder" name="短厅"', 'id="f_channelGateway_smsHallOrder"');
    expect(await lintBpmn(broken)).toEqual(['label-required error f_channelGateway_smsHallOrder: Element is missing label/name', 'no-bpmndi error handleRequest: Element is missing bpmndi']);
  });
});

describe('Feature: the engine deploys the BPMN and DMN files as designed', () => {
  it('Scenario: deploy gives the process and both decisions; the lanes are roles', async () => {
    const { ids, model } = await deployed();
    expect(ids).toEqual(['hotlineServiceMarketing', 'marketingSuggestion', 'recommendationChannel']);
    expect([...model.roles].sort()).toEqual([...LANES].sort());
  });

  it('Scenario: every node has the designed id, type, lane and name, and nothing else is in the process', async () => {
    const { model } = await deployed();
    expect(model.nodes.map((n) => [n.id, n.bpmnType, n.lane, n.name])).toEqual(DESIGN);
  });

  it('Scenario: every flow is named f_<source>_<target> with the designed condition or default', async () => {
    const { model } = await deployed();
    const actual = model.flows.map((f) => {
      const source = model.nodes[f.source]!;
      const target = model.nodes[f.target]!;
      return [f.id, source.id, target.id, source.defaultFlow === f.idx ? 'default' : f.condition?.source];
    });
    expect(actual).toEqual(FLOWS.map(([s, t, c]) => [`f_${s}_${t}`, s, t, c]));
  });

  it('Scenario: the business rule tasks call the DMN decisions; the windows are interrupting timers declaring their SLAs; the receive tasks wait for the channel\'s message by call id', () => {
    expect([...xml.matchAll(/<zeebe:calledDecision decisionId="(\w+)" resultVariable="(\w+)"/g)].map((m) => `${m[1]} → ${m[2]}`)).toEqual(['marketingSuggestion → suggestion', 'recommendationChannel → route']);
    const timers = [...xml.matchAll(/<bpmn:boundaryEvent id="(\w+)"[^>]*cancelActivity="(\w+)" attachedToRef="(\w+)" handoff:sla="(\w+)">[\s\S]*?<bpmn:timeDuration[^>]*>(\w+)</g)].map((m) => m.slice(1));
    expect(timers).toEqual([
      ['ivrExpired', 'true', 'ivrOrder', 'ivrWindow', 'PT10M'],
      ['smsHallExpired', 'true', 'smsHallOrder', 'smsHallWindow', 'PT72H'],
      ['appHallExpired', 'true', 'appHallOrder', 'appHallWindow', 'PT72H'],
      ['webHallExpired', 'true', 'webHallOrder', 'webHallWindow', 'PT72H'],
    ]);
    expect([...xml.matchAll(/<bpmn:message id="Message_(\w+)" name="(\w+)">\s*<bpmn:extensionElements>\s*<zeebe:subscription correlationKey="=callId"/g)].map((m) => m[2])).toEqual(['ivrOrdered', 'smsHallOrdered', 'appHallOrdered', 'webHallOrdered']);
  });
});

describe('Feature: the diagram is drawn for people', () => {
  it('Scenario: every flow node, flow, lane and the pool has exactly one DI element', async () => {
    const d = await readDiagram(xml);
    expect(d.nodes).toHaveLength(DESIGN.length);
    expect(d.flows).toHaveLength(FLOWS.length);
    expect(missingDi(d)).toEqual([]);
  });

  it('Scenario: the seven lanes are horizontal bands in order, with Chinese names, and every shape lies in its lane', async () => {
    const d = await readDiagram(xml);
    expect(d.lanes.map((l) => l.id)).toEqual([...LANES]);
    expect(d.lanes.map((l) => l.name)).toEqual(LANES.map((l) => LANE_NAMES[l]));
    expect(lanesOutOfBand(d, LANES)).toEqual([]);
    expect(outsideLane(d)).toEqual([]);
  });

  it('Scenario: no two flow-node shapes overlap (boundary events sit on their host), and shapes have the standard sizes', async () => {
    const d = await readDiagram(xml);
    expect(overlaps(d).filter((o) => !ATTACHED.includes(o))).toEqual([]);
    expect(overlaps(d).filter((o) => ATTACHED.includes(o))).toEqual(ATTACHED);
    expect(nonStandardSizes(d)).toEqual([]);
  });

  it('Scenario: edges are orthogonal, start and end on their shapes, cross no other shape, and read left to right', async () => {
    const d = await readDiagram(xml);
    expect(diagonalEdges(d)).toEqual([]);
    expect(detachedEdges(d)).toEqual([]);
    expect(edgesThroughShapes(d)).toEqual([]);
    expect(backwardFlows(d)).toEqual([]);
  });

  it('Scenario: names are Chinese and every flow node has English documentation', async () => {
    expect(untranslated(await readDiagram(xml))).toEqual([]);
  });
});
