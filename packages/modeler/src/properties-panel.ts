/**
 * `@handoff/modeler/properties-panel`, for bundlers (esbuild, vite, webpack): the bpmn-js
 * properties provider adding the "Handoff" group (SLA name, limit, warning, escalation role,
 * calendar), with the moddle descriptor it needs. Imports `bpmn-js-properties-panel` and
 * `@bpmn-io/properties-panel` (peer dependencies), which are ESM for browsers.
 *
 * @example
 * ```js
 * import { HandoffPropertiesProviderModule, moddleDescriptor } from '@handoff/modeler/properties-panel';
 * new Modeler({ additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, HandoffPropertiesProviderModule], moddleExtensions: { handoff: moddleDescriptor } });
 * ```
 *
 * @module
 */
export { moddleDescriptor } from './descriptor';
export { HandoffPropertiesProvider, HandoffPropertiesProviderModule } from './provider/HandoffPropertiesProvider';
export { handoffTarget, checkValue, calendarNames, slasOf, timerBoundariesOf, type BusinessObject, type HandoffTarget } from './provider/model';
