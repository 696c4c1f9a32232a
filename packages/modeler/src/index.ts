/**
 * `@handoff/modeler`, the Node-safe entry (plain Node ESM and CommonJS): the `handoff` moddle
 * descriptor, the element templates and the Camunda Modeler plugin folder on disk, and the
 * checks the Handoff properties group runs (the engine's compile over a bpmn-moddle tree).
 *
 * The bpmn-js properties provider is for bundlers (it imports bpmn-js-properties-panel, which
 * ships ESM for browsers): `@handoff/modeler/properties-panel`.
 *
 * @packageDocumentation
 */
export { moddleDescriptor } from './descriptor';
export { camundaModelerPluginDir, elementTemplates, elementTemplatesDir, type ElementTemplateFile, type TemplateFlavour } from './paths';
export { handoffTarget, checkValue, calendarNames, slasOf, timerBoundariesOf, type BusinessObject, type HandoffTarget } from './provider/model';
