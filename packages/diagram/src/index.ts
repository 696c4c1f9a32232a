/**
 * `@handoff/diagram`: render BPMN to SVG / PNG with bpmn-js in headless Chromium.
 *
 * @packageDocumentation
 */
export { renderBpmn, chromiumPath } from './render';
export type { RenderedDiagram } from './render';
