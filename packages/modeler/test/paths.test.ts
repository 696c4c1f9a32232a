/**
 * The Node-safe entry: the descriptor, the element templates and the plugin folder are
 * found on disk from the package itself (the packed-install test runs the same from the
 * tarball, in ESM and CommonJS).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as main from '../src/index';

describe('Feature: @handoff/modeler in plain Node', () => {
  it('Scenario: the templates of both flavours are read from the package, and an unknown flavour is refused', () => {
    // when
    const c7 = main.elementTemplates('camunda7');
    const c8 = main.elementTemplates('camunda8');
    // then
    expect(c7.map((t) => t.template.id)).toEqual(['dev.handoff.sla-boundary-timer', 'dev.handoff.sla-user-task']);
    expect(c8.map((t) => t.template.id)).toEqual(['dev.handoff.sla-boundary-timer.c8', 'dev.handoff.sla-user-task.c8']);
    for (const t of [...c7, ...c8]) expect(existsSync(t.path)).toBe(true);
    expect(() => main.elementTemplates('camunda9' as never)).toThrow(/Unknown element-template flavour 'camunda9': use 'camunda7' or 'camunda8'/);
  });

  it('Scenario: the plugin folder holds what Camunda Modeler loads', () => {
    expect(existsSync(join(main.camundaModelerPluginDir, 'index.js'))).toBe(true);
    expect(existsSync(join(main.camundaModelerPluginDir, 'calendars.json'))).toBe(true);
  });

  it('Scenario: the main entry has no bpmn-js provider (that is @handoff/modeler/properties-panel, for bundlers)', () => {
    expect(main.moddleDescriptor.prefix).toBe('handoff');
    expect(Object.keys(main)).not.toContain('HandoffPropertiesProviderModule');
  });
});
