/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * A case's diagram: bpmn-js's navigated viewer, the active elements outlined, and each SLA
 * clock's element filled green / amber / red with its time left as an overlay.
 *
 * @module
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

/** What the diagram marks (from `GET /api/cases/:id`). */
export interface DiagramState {
  activeElements: string[];
  clocks: { elementId?: string; colour: 'green' | 'amber' | 'red'; label: string }[];
}

/** Show `xml` in `container` with the case's position and SLA colours; returns the viewer. */
export async function showDiagram(container: HTMLElement, xml: string, state: DiagramState): Promise<NavigatedViewer> {
  container.replaceChildren();
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(xml);
  const canvas = viewer.get<any>('canvas');
  const overlays = viewer.get<any>('overlays');
  const registry = viewer.get<any>('elementRegistry');
  canvas.zoom('fit-viewport', 'auto');
  for (const id of new Set(state.activeElements)) if (registry.get(id)) canvas.addMarker(id, 'hf-active');
  for (const c of state.clocks) {
    if (!c.elementId || !registry.get(c.elementId)) continue;
    canvas.addMarker(c.elementId, `hf-sla-${c.colour}`);
    const badge = document.createElement('div');
    badge.className = `hf-badge hf-badge-${c.colour}`;
    badge.dataset.testid = `diagram-sla-${c.elementId}`;
    badge.dataset.sla = c.colour;
    badge.textContent = c.label;
    overlays.add(c.elementId, { position: { bottom: 4, left: 0 }, html: badge });
  }
  container.dataset.ready = 'true';
  return viewer;
}
