/**
 * A bpmn-js-properties-panel provider adding a "Handoff" group to user tasks (their SLA
 * boundary), timer boundary events, other timer events and processes.
 *
 * @module
 */
import { handoffEntries, type PanelElement } from './entries';
import { handoffTarget } from './model';

/** What the provider gives the panel. */
interface Group {
  id: string;
  label: string;
  entries: unknown[];
}

/** The properties provider (bpmn-js-properties-panel 5 API). */
export class HandoffPropertiesProvider {
  static $inject = ['propertiesPanel'];
  constructor(propertiesPanel: { registerProvider(priority: number, provider: unknown): void }) {
    propertiesPanel.registerProvider(500, this);
  }

  /** Add the Handoff group after the panel's own groups, for the elements it applies to. */
  getGroups(element: PanelElement): (groups: Group[]) => Group[] {
    return (groups) => {
      const target = element?.businessObject ? handoffTarget(element.businessObject) : undefined;
      if (target) groups.push({ id: 'handoff', label: 'Handoff', entries: handoffEntries(element, target) });
      return groups;
    };
  }
}

/**
 * The bpmn-js module: add it with `BpmnPropertiesPanelModule` and `BpmnPropertiesProviderModule`
 * to `additionalModules`, and `moddleDescriptor` as `moddleExtensions.handoff`.
 * Config: `handoff: { calendars: ['cn-office', …] }` (names, or calendar JSON objects).
 */
export const HandoffPropertiesProviderModule = {
  __init__: ['handoffPropertiesProvider'],
  handoffPropertiesProvider: ['type', HandoffPropertiesProvider],
};
