import { describe, expect, it } from 'vitest';
import { createEngine } from '@handoff/engine';
import { detachedEdges, diagonalEdges, edgesThroughShapes, lanesOutOfBand, lintBpmn as lintWith, backwardFlows, missingDi, nonStandardSizes, outsideLane, overlaps, readDiagram, readLintConfig, untranslated } from '@handoff/testing';
import { hotlineBpmn, retentionBpmn, retentionDmn } from '../src/index';

/** Lint with the pack's own `.bpmnlintrc`. */
const lintBpmn = (xml: string) => lintWith(xml, readLintConfig(new URL('../.bpmnlintrc', import.meta.url)));

const FILES = [
  {
    name: 'retention-win-back.bpmn',
    xml: retentionBpmn(),
    processId: 'retentionWinBack',
    lanes: ['marketingTeam', 'communityManager', 'itSupport'],
    laneNames: ['营销班', '社区经理', 'IT支撑'],
    loop: ['f_reviewGateway_listJoin'],
    misdrawn: ['provideList', 'reviewList'],
    design: [
      ['campaignStarted', 'bpmn:StartEvent', 'marketingTeam', '发起挽留/赢回'],
      ['listJoin', 'bpmn:ExclusiveGateway', 'itSupport', '获取信息'],
      ['provideList', 'bpmn:UserTask', 'itSupport', '提供高危、离网用户名单'],
      ['classifyCustomers', 'bpmn:BusinessRuleTask', 'marketingTeam', '用户分类分级(决策表)'],
      ['collectList', 'bpmn:ScriptTask', 'marketingTeam', '客户名单收集整理'],
      ['reviewList', 'bpmn:UserTask', 'marketingTeam', '审核分类分级结果'],
      ['reviewGateway', 'bpmn:ExclusiveGateway', 'marketingTeam', '可以派单?'],
      ['nothingToDispatch', 'bpmn:EndEvent', 'marketingTeam', '无需派单'],
      ['handleWorkOrder', 'bpmn:UserTask', 'communityManager', '社区经理按工单针对性营销'],
      ['collectFeedback', 'bpmn:ScriptTask', 'marketingTeam', '信息反馈汇总'],
      ['summaryAnalysis', 'bpmn:UserTask', 'marketingTeam', '总结分析'],
      ['campaignClosed', 'bpmn:EndEvent', 'marketingTeam', '本轮挽留结束'],
    ],
    flows: [
      ['campaignStarted', 'listJoin'],
      ['listJoin', 'provideList'],
      ['provideList', 'classifyCustomers'],
      ['classifyCustomers', 'collectList'],
      ['collectList', 'reviewList'],
      ['reviewList', 'reviewGateway'],
      ['reviewGateway', 'listJoin', 'approved = false'],
      ['reviewGateway', 'nothingToDispatch', 'count(classified) = 0'],
      ['reviewGateway', 'handleWorkOrder', 'default'],
      ['handleWorkOrder', 'collectFeedback'],
      ['collectFeedback', 'summaryAnalysis'],
      ['summaryAnalysis', 'campaignClosed'],
    ],
  },
  {
    name: 'hotline-visit.bpmn',
    xml: hotlineBpmn(),
    processId: 'hotlineVisit',
    lanes: ['hotline10000', 'communityManager'],
    laneNames: ['10000号', '社区经理'],
    loop: [],
    misdrawn: ['makeAppointment', 'reviewStoppedVisit'],
    design: [
      ['applicationReceived', 'bpmn:StartEvent', 'hotline10000', '10000号受理申请'],
      ['makeAppointment', 'bpmn:UserTask', 'communityManager', '与用户预约上门'],
      ['visitTime', 'bpmn:IntermediateCatchEvent', 'communityManager', '预约时间到'],
      ['verifyWorkNumber', 'bpmn:UserTask', 'communityManager', '出示工作号验证身份'],
      ['verifiedGateway', 'bpmn:ExclusiveGateway', 'communityManager', '工作号一致?'],
      ['reviewStoppedVisit', 'bpmn:UserTask', 'hotline10000', '10000号核实终止的上门'],
      ['visitStopped', 'bpmn:EndEvent', 'hotline10000', '工作号不符, 上门终止'],
      ['faceToFace', 'bpmn:UserTask', 'communityManager', '上门办理面对面环节'],
      ['checkVisit', 'bpmn:ScriptTask', 'communityManager', '核对办理环节'],
      ['closeOnHotline', 'bpmn:UserTask', 'hotline10000', '10000号回单归档'],
      ['completedGateway', 'bpmn:ExclusiveGateway', 'hotline10000', '办结?'],
      ['applicationCompleted', 'bpmn:EndEvent', 'hotline10000', '业务办结'],
      ['applicationIncomplete', 'bpmn:EndEvent', 'hotline10000', '未办结归档'],
    ],
    flows: [
      ['applicationReceived', 'makeAppointment'],
      ['makeAppointment', 'visitTime'],
      ['visitTime', 'verifyWorkNumber'],
      ['verifyWorkNumber', 'verifiedGateway'],
      ['verifiedGateway', 'faceToFace', 'shownWorkNumber = workNumber and customerAccepted = true'],
      ['verifiedGateway', 'reviewStoppedVisit', 'default'],
      ['reviewStoppedVisit', 'visitStopped'],
      ['faceToFace', 'checkVisit'],
      ['checkVisit', 'closeOnHotline'],
      ['closeOnHotline', 'completedGateway'],
      ['completedGateway', 'applicationCompleted', 'visit.complete = true'],
      ['completedGateway', 'applicationIncomplete', 'default'],
    ],
  },
] as const;

describe.each(FILES)('Feature: $name as designed, linted and drawn', (file) => {
  it('Scenario: bpmnlint recommended plus the pack config reports nothing', async () => {
    expect(await lintBpmn(file.xml)).toEqual([]);
  });

  it('Scenario: the lint harness does report a broken copy (so the clean result means something)', async () => {
    const first = file.design[1]![0];
    const broken = file.xml.replace(new RegExp(`<bpmndi:BPMNShape id="${first}_di"[\\s\\S]*?</bpmndi:BPMNShape>\\n`), '');
    expect(await lintBpmn(broken)).toEqual([`no-bpmndi error ${first}: Element is missing bpmndi`]);
  });

  it('Scenario: the engine deploys it with the DMN; every node has the designed id, type, lane and name', async () => {
    const engine = createEngine();
    expect(await engine.deploy({ bpmn: file.xml, dmn: retentionDmn(), name: file.name }, { strict: true })).toEqual([file.processId, 'retentionCriteria', 'customerGrade', 'retentionPlan']);
    const model = await engine.processes.model(file.processId);
    expect(model.nodes.map((n) => [n.id, n.bpmnType, n.lane, n.name])).toEqual(file.design);
    expect([...model.roles].sort()).toEqual([...file.lanes].sort());
  });

  it('Scenario: every flow is named f_<source>_<target> with the designed condition or default', async () => {
    const engine = createEngine();
    await engine.deploy({ bpmn: file.xml, dmn: retentionDmn() });
    const model = await engine.processes.model(file.processId);
    const actual = model.flows.map((f) => {
      const source = model.nodes[f.source]!;
      const kind = source.defaultFlow === f.idx ? 'default' : f.condition?.source;
      return [f.id, source.id, model.nodes[f.target]!.id, kind];
    });
    expect(actual).toEqual(file.flows.map(([s, t, c]) => [`f_${s}_${t}`, s, t, c]));
  });

  it('Scenario: every flow node, flow, lane and the pool has exactly one DI element; lanes are bands in order with Chinese names', async () => {
    const d = await readDiagram(file.xml);
    expect(d.nodes).toHaveLength(file.design.length);
    expect(d.flows).toHaveLength(file.flows.length);
    expect(missingDi(d)).toEqual([]);
    expect(d.lanes.map((l) => l.id)).toEqual([...file.lanes]);
    expect(d.lanes.map((l) => l.name)).toEqual([...file.laneNames]);
    expect(lanesOutOfBand(d, file.lanes)).toEqual([]);
    expect(outsideLane(d)).toEqual([]);
  });

  it('Scenario: no overlaps, standard sizes, orthogonal attached edges through no shape, left to right except the drawn loop', async () => {
    const d = await readDiagram(file.xml);
    expect(overlaps(d)).toEqual([]);
    expect(nonStandardSizes(d)).toEqual([]);
    expect(diagonalEdges(d)).toEqual([]);
    expect(detachedEdges(d)).toEqual([]);
    expect(edgesThroughShapes(d)).toEqual([]);
    expect(backwardFlows(d)).toEqual([...file.loop]);
  });

  it('Scenario: names are Chinese and every flow node has English documentation', async () => {
    expect(untranslated(await readDiagram(file.xml))).toEqual([]);
  });

  it('Scenario: the checks catch a task drawn on top of a task of another lane (so the clean results mean something)', async () => {
    // given a copy with the moved task drawn exactly where the target is
    const [moved, target] = file.misdrawn;
    const bounds = new RegExp(`(<bpmndi:BPMNShape id="${target}_di"[^>]*>\\s*<dc:Bounds )(x="\\d+" y="\\d+")`).exec(file.xml)![2]!;
    const broken = file.xml.replace(new RegExp(`(<bpmndi:BPMNShape id="${moved}_di"[^>]*>\\s*<dc:Bounds )x="\\d+" y="\\d+"`), (_, head: string) => `${head}${bounds}`);
    // when
    const d = await readDiagram(broken);
    // then
    const lane = file.design.find((n) => n[0] === moved)![2];
    expect(outsideLane(d)).toEqual([`${moved}: outside lane ${lane}`]);
    expect(overlaps(d)).toEqual([expect.stringMatching(new RegExp(`^(${moved} overlaps ${target}|${target} overlaps ${moved})$`))]);
    expect(detachedEdges(d).length).toBeGreaterThan(0);
  });
});

describe('Feature: the four lanes of the pack', () => {
  it('Scenario: the two files together have the four lanes 营销班, 社区经理, IT支撑, 10000号', async () => {
    const lanes = new Map<string, string>();
    for (const f of FILES) for (const l of (await readDiagram(f.xml)).lanes) lanes.set(l.id, l.name);
    expect(Object.fromEntries(lanes)).toEqual({ marketingTeam: '营销班', communityManager: '社区经理', itSupport: 'IT支撑', hotline10000: '10000号' });
  });

  it('Scenario: work orders are a parallel multi-instance over the classified list, classification a multi-instance business rule task calling retentionPlan', () => {
    const xml = retentionBpmn();
    expect(xml).toContain('<zeebe:calledDecision decisionId="retentionPlan" resultVariable="plan" />');
    expect(xml).toContain('<zeebe:loopCharacteristics inputCollection="=customers" inputElement="customer" outputCollection="plans" outputElement="=plan" />');
    expect(xml).toContain('<zeebe:loopCharacteristics inputCollection="=classified" inputElement="workOrder" outputCollection="results" outputElement="=result" />');
    expect(xml).not.toContain('isSequential="true"');
  });
});
