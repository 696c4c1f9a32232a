/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The designer page (bundled on its own as `/designer.js`, loaded when it is opened): a
 * bpmn-js Modeler with the properties panel and @handoff/modeler's Handoff group. Every edit
 * is checked by the server as deploy would check it (`POST /api/designer/processes/:id/check`);
 * the problems are listed and marked on their elements. Deploy sends the file as a new
 * version (`…/deploy`), which the server refuses with the same problems when there are any.
 *
 * @module
 */
import './zodJitless'; // first: before the engine's modules build their schemas
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { HandoffPropertiesProviderModule, moddleDescriptor } from '@handoff/modeler/properties-panel';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';

/** A deploy problem or warning as the server sends it. */
interface Problem { code: string; elementId?: string; line?: number; message: string; hint: string }
/** What the page gives the designer: its API caller and notices. */
export interface DesignerHost {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  toast(text: string): void;
  banner(text: string): void;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { testid?: string } = {}, ...children: (Node | string)[]) => {
  const { testid, ...rest } = props;
  const e = Object.assign(document.createElement(tag), rest);
  if (testid) e.dataset.testid = testid;
  e.append(...children);
  return e;
};
const path = (id: string, what = '') => `/api/designer/processes/${encodeURIComponent(id)}${what}`;
const CHECK_DELAY_MS = 400;

/** Load the Modeler's stylesheets once (same origin: allowed by the page's CSP). */
function styles(): void {
  for (const href of ['/vendor/bpmn-font/css/bpmn.css', '/vendor/properties-panel.css']) {
    if (!document.querySelector(`link[href="${href}"]`)) document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href }));
  }
}

/** The list of processes the person may design (`#/designer`). */
export async function showProcesses(main: HTMLElement, host: DesignerHost): Promise<void> {
  const list = await host.call<{ processId: string; title: string; version?: number; name?: string }[]>('GET', '/api/designer/processes');
  main.replaceChildren(
    el('p', {}, el('a', { href: '#', testid: 'back' }, '← tasks')),
    el('h2', {}, 'Designer: the processes you may change'),
    el('ul', { testid: 'design-list' }, ...list.map((p) => el('li', {}, el('a', { href: `#/designer/${encodeURIComponent(p.processId)}`, testid: `design-${p.processId}` }, `${p.name ?? p.processId}`), ` — ${p.title}, version ${p.version ?? '?'}`))),
  );
}

/** The designer for one process (`#/designer/<processId>`). */
export async function showDesigner(main: HTMLElement, processId: string, host: DesignerHost): Promise<void> {
  styles();
  const opened = await host.call<{ processId: string; version: number; bpmn: string; calendars: string[] }>('GET', path(processId));
  const canvas = el('div', { className: 'designer-canvas', testid: 'designer-canvas' });
  const panel = el('div', { className: 'designer-panel', testid: 'designer-panel' });
  const title = el('h2', { testid: 'designer-title' });
  const status = el('span', { testid: 'designer-status' }, 'checking…');
  const problemList = el('ul', { className: 'problems', testid: 'problems' });
  const warningList = el('ul', { className: 'warnings', testid: 'warnings' });
  const deploy = el('button', { testid: 'deploy', type: 'button' }, 'Deploy as a new version');
  let version = opened.version;
  const setTitle = () => (title.textContent = `Designer · ${processId} · version ${version} deployed`);
  setTitle();
  main.replaceChildren(
    el('p', {}, el('a', { href: '#', testid: 'back' }, '← tasks'), ' · ', el('a', { href: '#/designer' }, 'processes')),
    title,
    el('div', { className: 'designer' }, canvas, panel),
    el('div', { className: 'designer-bar' }, status, ' ', deploy),
    el('h3', {}, 'Deploy problems'),
    problemList,
    el('h3', {}, 'Warnings'),
    warningList,
  );

  // Camunda 8 files need zeebe:, Camunda 7 files camunda: (never both in one moddle: they clash).
  const platform = opened.bpmn.includes('http://camunda.org/schema/zeebe/1.0') ? { zeebe } : opened.bpmn.includes('http://camunda.org/schema/1.0/bpmn') ? { camunda } : {};
  const modeler = new Modeler({
    container: canvas,
    propertiesPanel: { parent: panel },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, HandoffPropertiesProviderModule],
    moddleExtensions: { ...platform, handoff: moddleDescriptor },
    handoff: { calendars: opened.calendars },
  } as unknown as ConstructorParameters<typeof Modeler>[0]);
  await modeler.importXML(opened.bpmn);
  const get = <T = any>(name: string) => modeler.get<T>(name);
  get('canvas').zoom('fit-viewport', 'auto');

  /** Show problems: the list (click to select the element) and, on the canvas, a marker and a badge per element. */
  let marked: string[] = [];
  const show = (problems: Problem[], warnings: Problem[]) => {
    const registry = get('elementRegistry');
    const overlays = get('overlays');
    const c = get('canvas');
    overlays.remove({ type: 'hf-problem' });
    for (const id of marked) if (registry.get(id)) c.removeMarker(id, 'hf-problem');
    const byElement = new Map<string, Problem[]>();
    for (const p of problems) if (p.elementId && registry.get(p.elementId)) byElement.set(p.elementId, [...(byElement.get(p.elementId) ?? []), p]);
    marked = [...byElement.keys()];
    for (const [id, list] of byElement) {
      c.addMarker(id, 'hf-problem');
      const badge = el('div', { className: 'hf-problem-badge', title: list.map((p) => p.message).join('\n') }, String(list.length));
      badge.dataset.testid = `problem-on-${id}`;
      overlays.add(id, 'hf-problem', { position: { top: -10, right: 10 }, html: badge });
    }
    const item = (p: Problem) => {
      const li = el('li', {}, el('b', {}, p.code), p.elementId ? ` ${p.elementId}` : '', p.line ? ` (line ${p.line})` : '', `: ${p.message} — ${p.hint}`);
      Object.assign(li.dataset, { code: p.code, elementId: p.elementId ?? '' });
      const target = p.elementId ? registry.get(p.elementId) : undefined;
      if (target) li.onclick = () => { get('selection').select(target); c.scrollToElement(target); };
      return li;
    };
    problemList.replaceChildren(...(problems.length ? problems.map(item) : [el('li', { testid: 'no-problems' }, 'none: the file deploys')]));
    warningList.replaceChildren(...(warnings.length ? warnings.map(item) : [el('li', {}, 'none')]));
    status.textContent = problems.length ? `${problems.length} deploy problem${problems.length === 1 ? '' : 's'}` : 'no deploy problems';
    status.dataset.problems = String(problems.length);
  };

  const xml = async () => (await modeler.saveXML({ format: true })).xml as string;
  let seq = 0;
  let timer: number | undefined;
  const check = async () => {
    const mine = ++seq;
    status.textContent = 'checking…';
    delete status.dataset.problems;
    try {
      const r = await host.call<{ problems: Problem[]; warnings: Problem[] }>('POST', path(processId, '/check'), { bpmn: await xml() });
      if (mine === seq) show(r.problems, r.warnings);
    } catch (err) {
      if (mine === seq) status.textContent = `check failed: ${(err as { api?: Problem }).api?.message ?? String(err)}`;
    }
  };
  get('eventBus').on('commandStack.changed', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => void check(), CHECK_DELAY_MS);
  });
  deploy.onclick = async () => {
    deploy.disabled = true;
    try {
      const r = await host.call<{ version: number; changed: boolean }>('POST', path(processId, '/deploy'), { bpmn: await xml() });
      version = r.version;
      setTitle();
      host.banner('');
      host.toast(r.changed ? `Deployed: ${processId} version ${r.version}; new cases start on it.` : `Nothing changed: version ${r.version} is this file.`);
    } catch (err) {
      const api = (err as { api?: { message: string; problems?: Problem[] } }).api;
      if (api?.problems) show(api.problems, []);
      host.banner(`Deploy refused: ${api?.problems ? `${api.problems.length} problem(s), listed below the diagram` : (api?.message ?? String(err))}`);
    } finally {
      deploy.disabled = false;
    }
  };
  canvas.dataset.ready = 'true';
  await check();
}
