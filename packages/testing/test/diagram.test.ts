import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backwardFlows, nonStandardSizes, readDiagram, untranslated } from '../src/index';

const xml = readFileSync(join(import.meta.dirname, '../../../examples/quickstart/callback.bpmn'), 'utf8');

describe('Feature: diagram layout checks', () => {
  it('Scenario: the quick-start diagram has standard sizes and reads left to right', async () => {
    const d = await readDiagram(xml);
    expect(nonStandardSizes(d)).toEqual([]);
    expect(backwardFlows(d)).toEqual([]);
  });

  it('Scenario: a resized task and a flow drawn backwards are reported', async () => {
    // given callBack drawn 120 wide and moved left of reportSale
    const broken = xml.replace('<dc:Bounds x="490" y="340" width="100" height="80" />', '<dc:Bounds x="200" y="340" width="120" height="80" />');
    // when
    const d = await readDiagram(broken);
    // then
    expect(nonStandardSizes(d)).toEqual(['callBack: 120x80, expected 100x80']);
    expect(backwardFlows(d)).toEqual(['toCallBack']);
  });

  it('Scenario: English names and missing documentation break the packs\' naming rule', async () => {
    const d = await readDiagram(xml);
    const problems = untranslated(d);
    expect(problems).toContain('reportSale: name without Chinese');
    expect(problems).toContain('visitStarted: no English documentation');
    expect(problems).not.toContain('reportSale: no English documentation');
  });
});
