import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumPath, renderBpmn } from '../src/index';

const hasChromium = (() => {
  try {
    return existsSync(chromiumPath());
  } catch {
    return false;
  }
})();
if (!hasChromium) console.warn('@handoff/diagram tests SKIPPED: no Chromium (apt-get install -y chromium, or set HANDOFF_CHROMIUM); .ci/run installs it.');

describe.skipIf(!hasChromium)('Feature: rendering BPMN with bpmn-js in headless Chromium', () => {
  it('Scenario: the quick-start diagram renders to SVG and PNG without warnings', async () => {
    // given
    const xml = readFileSync(join(import.meta.dirname, '../../../examples/quickstart/callback.bpmn'), 'utf8');
    // when
    const { svg, png, warnings } = await renderBpmn(xml);
    // then
    expect(warnings).toEqual([]);
    for (const id of ['reportSale', 'callBack', 'callbackLate', 'chaseCallback', 'fieldSales', 'hotline', 'supervisor']) expect(svg).toContain(`data-element-id="${id}"`);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(10_000);
  }, 60_000);

  it('Scenario: unknown content is reported as bpmn-js warnings', async () => {
    const xml = readFileSync(join(import.meta.dirname, '../../../examples/quickstart/callback.bpmn'), 'utf8').replace('<bpmn:incoming>toReport</bpmn:incoming>', '<bpmn:incoming>toReport</bpmn:incoming><bpmn:bogus />');
    const { warnings } = await renderBpmn(xml);
    expect(warnings.join('\n')).toMatch(/unparsable content <bpmn:bogus/);
  }, 60_000);

  it('Scenario: a file without diagram interchange is refused with a clear error', async () => {
    const xml = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><bpmn:process id="p"><bpmn:startEvent id="s" /></bpmn:process></bpmn:definitions>`;
    await expect(renderBpmn(xml)).rejects.toThrow(/no diagram interchange/);
  }, 60_000);
});
