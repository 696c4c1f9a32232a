// The properties-panel libraries ship no TypeScript declarations: the few names used here.
declare module '@bpmn-io/properties-panel' {
  export const TextFieldEntry: (props: Record<string, unknown>) => unknown;
  export const SelectEntry: (props: Record<string, unknown>) => unknown;
  export function isTextFieldEntryEdited(node: unknown): boolean;
  export function isSelectEntryEdited(node: unknown): boolean;
}
declare module '@bpmn-io/properties-panel/preact' {
  export function h(type: unknown, props: Record<string, unknown> | null, ...children: unknown[]): unknown;
}
declare module 'bpmn-js-properties-panel' {
  export function useService(type: string, strict?: boolean): unknown;
  export const BpmnPropertiesPanelModule: unknown;
  export const BpmnPropertiesProviderModule: unknown;
}
