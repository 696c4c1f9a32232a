import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '@handoff/engine';
import { detachedEdges, diagonalEdges, edgesThroughShapes, lanesOutOfBand, lintBpmn as lintWith, backwardFlows, missingDi, nonStandardSizes, outsideLane, overlaps, readDiagram, readLintConfig, untranslated } from '@handoff/testing';

/** Lint with the pack's own `.bpmnlintrc`. */
const lintBpmn = (xml: string) => lintWith(xml, readLintConfig(new URL('../.bpmnlintrc', import.meta.url)));

const xml = readFileSync(new URL('../bpmn/broadband-field-sales.bpmn', import.meta.url), 'utf8');
const LANES = ['fieldSales', 'hotline', 'installer', 'hall'] as const;
const GRID = '["grid:" + grid]';

/** The process design: id, BPMN type, lane, name (binding for the pack). */
const DESIGN: readonly [string, string, (typeof LANES)[number], string][] = [
  ['caseOpened', 'bpmn:StartEvent', 'fieldSales', '上门走访'],
  ['checkDoNotDisturb', 'bpmn:ServiceTask', 'fieldSales', '免打扰校验'],
  ['suppressedGateway', 'bpmn:ExclusiveGateway', 'fieldSales', '免打扰期内?'],
  ['suppressedDoNotDisturb', 'bpmn:EndEvent', 'fieldSales', '免打扰,不上门'],
  ['visitCustomer', 'bpmn:UserTask', 'fieldSales', '上门营销'],
  ['pitchOutcome', 'bpmn:ExclusiveGateway', 'fieldSales', '客户意向?'],
  ['recordRefusal', 'bpmn:ServiceTask', 'fieldSales', '记录拒绝(三个月免打扰)'],
  ['refused', 'bpmn:EndEvent', 'fieldSales', '客户拒绝'],
  ['customerReport', 'bpmn:IntermediateCatchEvent', 'hotline', '客户来电报备'],
  ['callBack', 'bpmn:UserTask', 'hotline', '核实信息并回访'],
  ['installableGateway', 'bpmn:ExclusiveGateway', 'hotline', '资源可装?'],
  ['explainReason', 'bpmn:UserTask', 'hotline', '原因解释'],
  ['insistGateway', 'bpmn:ExclusiveGateway', 'hotline', '客户坚持且有处理途径?'],
  ['collaborate', 'bpmn:UserTask', 'fieldSales', '联系行销员协同处理'],
  ['resolvedGateway', 'bpmn:ExclusiveGateway', 'fieldSales', '协同解决?'],
  ['notInstallable', 'bpmn:EndEvent', 'hotline', '无法安装'],
  ['secondMarketing', 'bpmn:UserTask', 'hotline', '二次营销及密码验证'],
  ['accountGateway', 'bpmn:ExclusiveGateway', 'hotline', '同意且密码验证通过?'],
  ['declinedAtCallback', 'bpmn:EndEvent', 'hotline', '客户不同意或密码验证失败'],
  ['openAccount', 'bpmn:ServiceTask', 'hotline', '宽带开户'],
  ['install', 'bpmn:UserTask', 'installer', '装机'],
  ['paymentGateway', 'bpmn:ExclusiveGateway', 'installer', '到厅交费?'],
  ['collectFee', 'bpmn:UserTask', 'fieldSales', '预约收费并开具收据'],
  ['collectFeeAtHall', 'bpmn:UserTask', 'hall', '营业厅收费'],
  ['feeCollected', 'bpmn:ExclusiveGateway', 'fieldSales', '收费完成'],
  ['handleBusiness', 'bpmn:UserTask', 'fieldSales', '业务代办(工单返还)'],
  ['activated', 'bpmn:EndEvent', 'fieldSales', '开通'],
];

/** Every sequence flow: source, target, and the FEEL condition (without `=`), `default`, or nothing. */
const FLOWS: readonly [string, string, string?][] = [
  ['caseOpened', 'checkDoNotDisturb'],
  ['checkDoNotDisturb', 'suppressedGateway'],
  ['suppressedGateway', 'suppressedDoNotDisturb', 'suppressed = true'],
  ['suppressedGateway', 'visitCustomer', 'default'],
  ['visitCustomer', 'pitchOutcome'],
  ['pitchOutcome', 'customerReport', 'interested = true'],
  ['pitchOutcome', 'recordRefusal', 'default'],
  ['recordRefusal', 'refused'],
  ['customerReport', 'callBack'],
  ['callBack', 'installableGateway'],
  ['installableGateway', 'secondMarketing', 'installable = true'],
  ['installableGateway', 'explainReason', 'default'],
  ['explainReason', 'insistGateway'],
  ['insistGateway', 'collaborate', 'insists = true and handlingPath != null'],
  ['insistGateway', 'notInstallable', 'default'],
  ['collaborate', 'resolvedGateway'],
  ['resolvedGateway', 'secondMarketing', 'resolved = true'],
  ['resolvedGateway', 'notInstallable', 'default'],
  ['secondMarketing', 'accountGateway'],
  ['accountGateway', 'openAccount', 'consent = true and passwordVerified = true'],
  ['accountGateway', 'declinedAtCallback', 'default'],
  ['openAccount', 'install'],
  ['install', 'paymentGateway'],
  ['paymentGateway', 'collectFeeAtHall', 'payAtHall = true'],
  ['paymentGateway', 'collectFee', 'default'],
  ['collectFee', 'feeCollected'],
  ['collectFeeAtHall', 'feeCollected'],
  ['feeCollected', 'handleBusiness'],
  ['handleBusiness', 'activated'],
];

async function deployed() {
  const engine = createEngine();
  const ids = await engine.deploy({ bpmn: xml, name: 'broadband-field-sales.bpmn' });
  return { engine, ids, model: await engine.processes.model('broadbandFieldSales') };
}

describe('Feature: the broadband field-sales BPMN lints clean', () => {
  it('Scenario: bpmnlint recommended plus the pack config reports nothing', async () => {
    // given the file and the pack's .bpmnlintrc
    // when
    const findings = await lintBpmn(xml);
    // then
    expect(findings).toEqual([]);
  });

  it('Scenario: the lint harness does report a broken copy (so the clean result means something)', async () => {
    // given a copy without the shape of visitCustomer and with an unlabeled condition
    const broken = xml
      .replace(/<bpmndi:BPMNShape id="visitCustomer_di"[\s\S]*?<\/bpmndi:BPMNShape>\n/, '')
      .replace('id="f_pitchOutcome_customerReport" name="是"', 'id="f_pitchOutcome_customerReport"');
    // when
    const findings = await lintBpmn(broken);
    // then
    expect(findings).toEqual([
      'label-required error f_pitchOutcome_customerReport: Element is missing label/name',
      'no-bpmndi error visitCustomer: Element is missing bpmndi',
    ]);
  });

  it('Scenario: a fresh linter per file gives the same result twice', async () => {
    // when
    const first = await lintBpmn(xml);
    const second = await lintBpmn(xml);
    // then
    expect(second).toEqual(first);
  });
});

describe('Feature: the engine deploys the file as designed', () => {
  it('Scenario: deploy reports zero problems and the model has the four lane roles', async () => {
    // when
    const { ids, model } = await deployed();
    // then
    expect(ids).toEqual(['broadbandFieldSales']);
    expect([...model.roles].sort()).toEqual([...LANES].sort());
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

  it('Scenario: service tasks carry their job types, field tasks the grid candidate groups', async () => {
    // when
    const { model } = await deployed();
    // then
    const jobs = model.nodes.filter((n) => n.job).map((n) => [n.id, n.job!.type]);
    expect(jobs).toEqual([
      ['checkDoNotDisturb', 'broadband.dnd-check'],
      ['recordRefusal', 'broadband.dnd-record'],
      ['openAccount', 'broadband.open-account'],
    ]);
    const userTasks = model.nodes.filter((n) => n.userTask).map((n) => [n.id, n.userTask!.role, n.userTask!.candidateGroupsExpr?.source]);
    expect(userTasks).toEqual([
      ['visitCustomer', 'fieldSales', GRID],
      ['callBack', 'hotline', undefined],
      ['explainReason', 'hotline', undefined],
      ['collaborate', 'fieldSales', GRID],
      ['secondMarketing', 'hotline', undefined],
      ['install', 'installer', undefined],
      ['collectFee', 'fieldSales', GRID],
      ['collectFeeAtHall', 'hall', undefined],
      ['handleBusiness', 'fieldSales', GRID],
    ]);
    expect(model.nodes.find((n) => n.id === 'visitCustomer')!.userTask!.candidateGroupsExpr!.evaluate({ grid: 'G07' })).toEqual({ ok: true, value: ['grid:G07'] });
  });

  it('Scenario: the customer report waits for message customerReport correlated by phone', async () => {
    // when
    const { model } = await deployed();
    // then
    const event = model.nodes.find((n) => n.id === 'customerReport')!.event;
    expect(event?.type).toBe('message');
    expect(event?.type === 'message' ? [event.message, event.correlationKey?.source] : []).toEqual(['customerReport', 'phone']);
  });
});

describe('Feature: the diagram is drawn for people', () => {
  it('Scenario: every flow node, flow, lane and the pool has exactly one DI element', async () => {
    const d = await readDiagram(xml);
    expect(d.nodes).toHaveLength(DESIGN.length);
    expect(d.flows).toHaveLength(FLOWS.length);
    expect(missingDi(d)).toEqual([]);
  });

  it('Scenario: the lanes are horizontal bands in order, and every shape lies in the lane that references it', async () => {
    const d = await readDiagram(xml);
    expect(d.lanes.map((l) => l.id)).toEqual([...LANES]);
    expect(lanesOutOfBand(d, LANES)).toEqual([]);
    expect(outsideLane(d)).toEqual([]);
  });

  it('Scenario: no two flow-node shapes overlap, and shapes have the standard sizes', async () => {
    const d = await readDiagram(xml);
    expect(overlaps(d)).toEqual([]);
    expect(nonStandardSizes(d)).toEqual([]);
  });

  it('Scenario: edges are orthogonal, start and end on their shapes, and cross no other shape', async () => {
    const d = await readDiagram(xml);
    expect(diagonalEdges(d)).toEqual([]);
    expect(detachedEdges(d)).toEqual([]);
    expect(edgesThroughShapes(d)).toEqual([]);
  });

  it('Scenario: the flow reads left to right (no sequence flow goes back left)', async () => {
    const d = await readDiagram(xml);
    expect(backwardFlows(d)).toEqual([]);
  });

  it('Scenario: names are Chinese and every flow node has English documentation', async () => {
    const d = await readDiagram(xml);
    expect(untranslated(d)).toEqual([]);
    expect(d.lanes.map((l) => l.name)).toEqual(['行销员', '热线员', '装维人员', '营业厅']);
  });

  it('Scenario: the checks catch a shape moved out of its lane onto another shape', async () => {
    // given a copy with visitCustomer drawn on top of callBack in the hotline lane
    const broken = xml.replace(
      /(<bpmndi:BPMNShape id="visitCustomer_di"[^>]*>\s*<dc:Bounds )x="\d+" y="\d+"/,
      (_, head: string) => `${head}x="930" y="340"`,
    );
    // when
    const d = await readDiagram(broken);
    // then
    expect(outsideLane(d)).toEqual(['visitCustomer: outside lane fieldSales']);
    expect(overlaps(d)).toEqual(['visitCustomer overlaps callBack']);
    expect(detachedEdges(d)).toEqual(['f_suppressedGateway_visitCustomer: does not end on visitCustomer', 'f_visitCustomer_pitchOutcome: does not start on visitCustomer']);
  });
});
