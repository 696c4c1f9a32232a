/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The tasklist page: sign in, your tasks with SLA countdowns, forms, actions, case
 * diagrams, live updates. Everything it shows comes from the API; it holds no roles.
 *
 * @module
 */
import type * as Designer from './designer';
import { showDiagram } from './diagram';
import { drawForm, readForm, showErrors, type Issue, type Schema } from './form';

interface Person { id: string; name: string; title: string; roles: string[] }
interface Clock { kind: 'virtual' | 'system'; now: number; zone: string; canAdvance: boolean }
interface Sla { slaId: string; elementId?: string; dueAt?: number; remaining: number; limit: number; colour: 'green' | 'amber' | 'red'; state: string }
interface Task { id: string; instanceId: string; processId: string; businessKey?: string; elementId: string; name?: string; state: string; assignee?: string; createdAt: number; dueAt?: number; priority?: number; sla?: Sla; formKey?: string }
interface Action { id: string; title: string; schema: Schema }
interface ApiError { code: string; message: string; hint: string; issues?: Issue[] }

const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { testid?: string } = {}, ...children: (Node | string)[]) => {
  const { testid, ...rest } = props;
  const e = Object.assign(document.createElement(tag), rest);
  if (testid) e.dataset.testid = testid;
  e.append(...children);
  return e;
};

let me: Person | undefined;
let clock: Clock | undefined;
/** Server time at `syncedAt` (performance.now()), for countdowns on the system clock. */
let serverNow = 0;
let syncedAt = 0;
let forms: { tasks: Record<string, Schema>; actions: Action[] } = { tasks: {}, actions: [] };
let tasks: Task[] = [];
let events: EventSource | undefined;

/** Call the API; throws the API's error object. */
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  // Every state-changing call is application/json, body or not: the server refuses anything else (CSRF).
  const res = await fetch(path, { method, headers: method === 'GET' ? {} : { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const data = await res.json();
  if (!res.ok) throw Object.assign(new Error(data.error?.message ?? res.statusText), { api: data.error as ApiError, status: res.status });
  return data as T;
}

function now(): number {
  return clock?.kind === 'virtual' ? serverNow : serverNow + (performance.now() - syncedAt);
}

function sync(t: number): void {
  serverNow = t;
  syncedAt = performance.now();
}

const fmt = (t: number) => new Intl.DateTimeFormat('en-GB', { timeZone: clock?.zone ?? 'Asia/Shanghai', weekday: 'short', hour: '2-digit', minute: '2-digit', month: 'short', day: 'numeric' }).format(t);

function span(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  const text = m >= 2880 ? `${Math.round(m / 1440)} d` : m >= 120 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
  return ms < 0 ? `${text} over` : `${text} left`;
}

// ------------------------------------------------------------------ sign-in

async function boot(): Promise<void> {
  try {
    const s = await call<{ person: Person; clock: Clock }>('GET', '/api/session');
    await signedIn(s.person, s.clock);
  } catch {
    await showSignIn();
  }
  window.addEventListener('hashchange', () => void route());
  setInterval(tick, 1000);
}

async function showSignIn(): Promise<void> {
  me = undefined;
  events?.close();
  $('#who').replaceChildren();
  $('#clock').replaceChildren();
  $('#panel').replaceChildren();
  const people = await call<Person[]>('GET', '/api/people');
  $('#main').replaceChildren(
    el('h2', {}, 'Sign in as'),
    el('ul', { className: 'people' }, ...people.map((p) => el('li', {}, el('button', { testid: `signin-${p.id}`, onclick: () => void signIn(p.id) }, el('b', {}, p.name), ' ', p.title, el('small', {}, ` roles: ${p.roles.join(', ')}`))))),
  );
}

async function signIn(personId: string): Promise<void> {
  const s = await call<{ person: Person; clock: Clock }>('POST', '/api/session', { personId });
  await signedIn(s.person, s.clock);
}

async function signedIn(person: Person, c: Clock): Promise<void> {
  me = person;
  clock = c;
  sync(c.now);
  $('#who').replaceChildren(el('span', { testid: 'me' }, `${person.name} — ${person.roles.join(', ')}`), ' ', el('button', { testid: 'signout', onclick: () => void signOut() }, 'Sign out'));
  forms = await call('GET', '/api/forms');
  // The designer link only for people the server lets design (a 403 otherwise: no link).
  void call<unknown[]>('GET', '/api/designer/processes').then(
    () => $('#who').prepend(el('a', { href: '#/designer', testid: 'designer-link', className: 'designer-link' }, 'Designer'), ' '),
    () => undefined,
  );
  connect();
  drawClock();
  await route();
}

async function signOut(): Promise<void> {
  await call('DELETE', '/api/session');
  location.hash = '';
  await showSignIn();
}

// ------------------------------------------------------------------ live updates

function connect(): void {
  events?.close();
  events = new EventSource('/api/events');
  let pending: number | undefined;
  const refresh = () => {
    clearTimeout(pending);
    pending = window.setTimeout(() => void route(), 100);
  };
  events.addEventListener('open', () => ($('#live').textContent = 'live'));
  events.addEventListener('error', () => {
    $('#live').textContent = 'reconnecting…';
    // A refused stream (401: the session expired) is not retried by the browser: sign in again.
    if (events?.readyState === EventSource.CLOSED) void call('GET', '/api/session').catch(() => showSignIn().then(() => banner('Your session ended: sign in again.')));
  });
  events.addEventListener('engine', (e) => {
    const n = JSON.parse((e as MessageEvent).data) as { type: string; elementId?: string; name?: string };
    if (n.type === 'task.created') toast(`New task: ${n.name ?? n.elementId ?? ''}`);
    if (n.type === 'sla.breached') toast(`SLA breached: ${n.elementId ?? ''}`);
    refresh();
  });
  events.addEventListener('clock', (e) => {
    sync(JSON.parse((e as MessageEvent).data).now);
    drawClock();
    refresh();
  });
}

function toast(text: string): void {
  const t = el('div', { className: 'toast', testid: 'toast' }, text);
  $('#toasts').append(t);
  setTimeout(() => t.remove(), 4000);
}

// ------------------------------------------------------------------ clock

function drawClock(): void {
  if (!clock) return;
  const parts: (Node | string)[] = [el('span', { testid: 'now' }, `${clock.kind === 'virtual' ? 'virtual clock' : 'clock'}: ${fmt(now())}`)];
  if (clock.canAdvance) for (const by of ['PT10M', 'PT1H', 'P1D']) parts.push(' ', el('button', { testid: `advance-${by}`, onclick: () => void call('POST', '/api/clock/advance', { by }) }, `+${by.slice(by.startsWith('PT') ? 2 : 1).toLowerCase()}`));
  $('#clock').replaceChildren(...parts);
}

function tick(): void {
  if (!me || clock?.kind === 'virtual') return;
  drawClock();
  for (const cell of document.querySelectorAll<HTMLElement>('[data-due]')) cell.textContent = span(Number(cell.dataset.due) - now());
}

// ------------------------------------------------------------------ pages

async function route(): Promise<void> {
  if (!me) return;
  if (!location.hash.startsWith('#/designer')) designerOpen = undefined;
  const d = /^#\/designer(?:\/(.+))?$/.exec(location.hash);
  if (d) {
    $('#panel').replaceChildren();
    await showDesignerPage(d[1] === undefined ? undefined : decodeURIComponent(d[1]));
    return;
  }
  const m = /^#\/case\/(.+)$/.exec(location.hash);
  if (m) {
    $('#panel').replaceChildren();
    await showCase(decodeURIComponent(m[1]!));
  }
  else await showTasks();
}

/** The designer (its own bundle, loaded on first use). Live refreshes do not redraw it: it holds the analyst's unsaved edits. */
let designerOpen: string | undefined;
async function showDesignerPage(processId: string | undefined): Promise<void> {
  const key = processId ?? '';
  if (designerOpen === key && processId !== undefined) return;
  designerOpen = key;
  const url = '/designer.js';
  const designer = (await import(url)) as typeof Designer;
  const host = { call, toast, banner };
  try {
    if (processId === undefined) await designer.showProcesses($('#main'), host);
    else await designer.showDesigner($('#main'), processId, host);
  } catch (err) {
    designerOpen = undefined;
    $('#main').replaceChildren(el('p', { className: 'form-error', testid: 'designer-error' }, (err as { api?: ApiError }).api?.message ?? String(err)), el('a', { href: '#' }, '← tasks'));
  }
}

async function showTasks(): Promise<void> {
  const data = await call<{ now: number; tasks: Task[] }>('GET', '/api/tasks');
  sync(data.now);
  tasks = data.tasks;
  const rows = tasks.map((t) => {
    const due = t.sla?.dueAt ?? t.dueAt;
    const colour = t.sla?.colour ?? (due !== undefined && due <= now() ? 'red' : due !== undefined ? 'green' : 'none');
    const mine = t.assignee === me!.id;
    return el(
      'tr',
      { testid: 'task' },
      el('td', {}, el('b', {}, t.name ?? t.elementId), el('br'), el('small', {}, `${t.processId} · ${t.elementId}`), t.priority !== undefined ? el('small', { testid: 'priority' }, ` · priority ${t.priority}`) : ''),
      el('td', {}, t.businessKey ?? ''),
      el('td', { testid: 'task-state' }, t.state === 'claimed' ? `claimed by ${t.assignee}` : t.state === 'waiting' ? 'waiting for a free unit' : t.state),
      el('td', { className: `sla sla-${colour}`, testid: 'sla' }, due === undefined ? '—' : el('span', {}, countdown(due), el('br'), el('small', {}, `${t.sla ? `${t.sla.slaId}, ` : ''}due ${fmt(due)}`))),
      el(
        'td',
        {},
        t.state === 'open' ? el('button', { testid: 'claim', onclick: () => void act(() => call('POST', `/api/tasks/${encodeURIComponent(t.id)}/claim`)) }, 'Claim') : '',
        t.state === 'open' || mine ? el('button', { testid: 'complete', onclick: () => openTaskForm(t) }, 'Complete…') : '',
        mine ? el('button', { testid: 'unclaim', onclick: () => void act(() => call('POST', `/api/tasks/${encodeURIComponent(t.id)}/unclaim`)) }, 'Give back') : '',
        el('a', { href: `#/case/${encodeURIComponent(t.instanceId)}`, testid: 'open-case' }, 'Diagram'),
      ),
    );
  });
  for (const [i, row] of rows.entries()) {
    const t = tasks[i]!;
    Object.assign(row.dataset, { taskId: t.id, elementId: t.elementId, sla: t.sla?.colour ?? 'none', state: t.state });
  }
  const actions = forms.actions.map((a) => el('button', { testid: `action-${a.id}`, onclick: () => openActionForm(a) }, a.title));
  $('#main').replaceChildren(
    el('section', {}, el('h2', {}, 'Start'), el('div', { className: 'actions' }, ...(actions.length ? actions : [el('small', {}, 'Nothing to start with your roles.')]))),
    el('section', {}, el('h2', {}, `Your lanes' tasks (${tasks.length})`), tasks.length ? el('table', { className: 'tasks', testid: 'tasks' }, el('thead', {}, el('tr', {}, ...['task', 'case', 'state', 'SLA', ''].map((h) => el('th', {}, h)))), el('tbody', {}, ...rows)) : el('p', { testid: 'no-tasks' }, 'No open tasks for your roles.')),
  );
}

/** A countdown cell that `tick()` refreshes on the system clock. */
function countdown(due: number): HTMLElement {
  const cell = el('span', {}, span(due - now()));
  cell.dataset.due = String(due);
  return cell;
}

/** Run a command; show the API's refusal (403, 409, …) in a banner and refresh. */
async function act(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
    banner('');
  } catch (err) {
    banner((err as { api?: ApiError }).api?.message ?? String(err));
  }
  await route();
}

function banner(text: string): void {
  $('#banner').textContent = text;
  $('#banner').hidden = !text;
}

function openTaskForm(t: Task): void {
  const schema = (t.formKey && forms.tasks[t.formKey]) || { type: 'object', properties: {} };
  openForm(`${t.name ?? t.elementId} — ${t.businessKey ?? t.instanceId}`, schema, 'Complete', async (values) => {
    await call('POST', `/api/tasks/${encodeURIComponent(t.id)}/complete`, values);
    toast(`Completed: ${t.name ?? t.elementId}`);
  });
}

function openActionForm(a: Action): void {
  openForm(a.title, a.schema, 'Submit', async (values) => {
    const r = await call<{ instanceId?: string; message: string }>('POST', `/api/actions/${encodeURIComponent(a.id)}`, values);
    toast(r.message);
  });
}

function openForm(title: string, schema: Schema, submit: string, send: (values: Record<string, unknown>) => Promise<void>): void {
  const form = el('form', { testid: 'form' });
  drawForm(form, schema);
  form.append(el('button', { type: 'submit', testid: 'submit' }, submit), ' ', el('button', { type: 'button', onclick: () => $('#panel').replaceChildren() }, 'Cancel'));
  form.onsubmit = async (e) => {
    e.preventDefault();
    try {
      await send(readForm(form));
      $('#panel').replaceChildren();
      await route();
    } catch (err) {
      const api = (err as { api?: ApiError }).api;
      showErrors(form, api?.message ?? String(err), api?.issues ?? []);
    }
  };
  $('#panel').replaceChildren(el('h2', {}, title), form);
  form.querySelector<HTMLElement>('input, select, textarea')?.focus();
}

interface LinkedCase { id: string; processId: string; status: string; businessKey?: string }
interface CaseData {
  id: string;
  processId: string;
  processVersion: number;
  businessKey?: string;
  status: string;
  activeElements: string[];
  variables: Record<string, unknown>;
  clocks: (Sla & { clockId: string; executionId?: string })[];
  tasks: { id: string; elementId: string; executionId?: string; name?: string; state: string; assignee?: string; inner?: { index: number; of: number } }[];
  parent?: LinkedCase;
  children: LinkedCase[];
}

/** A link to a case the call activities connect this one with. */
function caseLink(c: LinkedCase, testid: string): HTMLElement {
  const label = `${c.processId || '(removed)'} · ${c.businessKey ?? c.id} · ${c.status}`;
  return c.status === 'removed' ? el('span', { testid }, label) : el('a', { href: `#/case/${encodeURIComponent(c.id)}`, testid }, label);
}

/** One task line: a multi-instance task's inner instance says which, and shows its own clock. */
function taskLine(t: CaseData['tasks'][number], clocks: CaseData['clocks']): HTMLElement {
  const clock = t.executionId !== undefined ? clocks.find((k) => k.executionId === t.executionId) : undefined;
  const which = t.inner ? ` [${t.inner.index} of ${t.inner.of}]` : '';
  return el(
    'li',
    { testid: t.inner ? 'inner-task' : 'case-task', ...(clock ? { className: `sla-${clock.colour}` } : {}) },
    `${t.name ?? t.elementId}${which}: ${t.state}${t.assignee ? ` (${t.assignee})` : ''}${clock ? ` — ${span(clock.remaining)}` : ''}`,
  );
}

async function showCase(id: string): Promise<void> {
  let c: CaseData;
  try {
    c = await call<CaseData>('GET', `/api/cases/${encodeURIComponent(id)}`);
  } catch (err) {
    $('#main').replaceChildren(el('p', { className: 'form-error', testid: 'case-error' }, (err as { api?: ApiError }).api?.message ?? String(err)), el('a', { href: '#' }, '← tasks'));
    return;
  }
  const xml = await (await fetch(`/api/processes/${encodeURIComponent(c.processId)}/versions/${c.processVersion}/bpmn`)).text();
  const canvas = el('div', { className: 'diagram', testid: 'diagram' });
  $('#main').replaceChildren(
    el('p', {}, el('a', { href: '#', testid: 'back' }, '← tasks')),
    el('h2', { testid: 'case-title' }, `${c.processId} · ${c.businessKey ?? c.id} · ${c.status}`),
    canvas,
    el('h3', {}, 'SLA clocks'),
    el('ul', { testid: 'clocks' }, ...(c.clocks.length ? c.clocks.map((k) => el('li', { className: `sla-${k.colour}` }, `${k.slaId} (${k.elementId ?? '—'}): ${span(k.remaining)}${k.dueAt ? `, due ${fmt(k.dueAt)}` : ''}`)) : [el('li', {}, 'none open')])),
    ...(c.parent ? [el('p', { testid: 'called-by' }, 'Called by ', caseLink(c.parent, 'parent-case'))] : []),
    ...(c.children.length ? [el('h3', {}, 'Called cases'), el('ul', { testid: 'children' }, ...c.children.map((k) => el('li', {}, caseLink(k, 'child-case'))))] : []),
    el('h3', {}, 'Tasks'),
    el('ul', { testid: 'case-tasks' }, ...c.tasks.map((t) => taskLine(t, c.clocks))),
    el('details', {}, el('summary', {}, 'Case data'), el('pre', {}, JSON.stringify(c.variables, null, 2))),
  );
  await showDiagram(canvas, xml, { activeElements: c.activeElements, clocks: c.clocks.map((k) => ({ ...(k.elementId ? { elementId: k.elementId } : {}), colour: k.colour, label: span(k.remaining) })) });
}

void boot();
