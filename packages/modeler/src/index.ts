/**
 * `@handoff/modeler`: Handoff for analysts' modelers — the `handoff` moddle descriptor, a
 * bpmn-js properties provider ("Handoff" group: SLA name, limit, warning, calendar), element
 * templates (`element-templates/*.json`) and a Camunda Modeler plugin folder
 * (`camunda-modeler-plugin/`).
 *
 * @packageDocumentation
 */
export { moddleDescriptor } from './descriptor';
export { HandoffPropertiesProvider, HandoffPropertiesProviderModule } from './provider/HandoffPropertiesProvider';
export { handoffTarget, checkValue, calendarNames, slasOf, timerBoundariesOf, type BusinessObject, type HandoffTarget } from './provider/model';
