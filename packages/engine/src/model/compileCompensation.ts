/**
 * Compensation, resolved once every node is compiled (Camunda 8's rules, docs/decisions/0025):
 *
 * - a **compensation boundary event** has no outgoing flows; one `bpmn:Association` links it
 *   to its **handler**, an activity marked `isForCompensation` in the same scope, which has
 *   no sequence flows either and is associated with exactly one boundary event;
 * - a compensation **throw or end event** compensates its scope — for one inside an event
 *   subprocess, the scope around the event subprocess — or only the activity its
 *   `activityRef` names, which must be in that scope and be compensable (a compensation
 *   boundary event, or a subprocess holding a compensable activity);
 * - `waitForCompletion="false"` is read and warned about: the throw always waits for its
 *   handlers, as Camunda 7 and 8 do;
 * - completions are recorded (`recordsCompletion`) only where a throw can reach the record:
 *   a compensable activity, or a subprocess holding one, whose scope or an enclosing scope
 *   has a compensation throw. Everything else records nothing, so the state stays small.
 *
 * @module
 */
import type { DeployProblem } from '../errors';
import type { ModdleElement } from './parse';
import { ProblemList } from './problems';
import type { EventDef, NodeKind } from './types';

/** The fields of a node draft this pass reads and sets. */
export interface CompensationDraft {
  idx: number;
  id: string;
  kind: NodeKind;
  parent: number;
  incoming: number[];
  outgoing: number[];
  attachedTo?: number;
  event?: EventDef;
  triggeredByEvent?: true;
  compensation?: { boundary: number; handler: number };
  forCompensation?: true;
  recordsCompletion?: true;
  el: ModdleElement;
}

/** Link boundaries to handlers, resolve `activityRef`s, mark what records completions. Returns deploy warnings. */
export function resolveCompensation(proc: ModdleElement, nodes: CompensationDraft[], byId: ReadonlyMap<string, number>, problems: ProblemList): DeployProblem[] {
  const warnings = new ProblemList(problems.lineOf);
  const links = associations(proc, nodes);
  const used = new Set<number>();
  for (const b of nodes) {
    if (b.kind !== 'boundaryEvent' || b.event?.type !== 'compensate') continue;
    if (b.outgoing.length) problems.add('INVALID_FLOW', b.el, 'A compensation boundary event has no outgoing sequence flows: its handler is linked by an association.', 'remove the sequence flow; draw an association from the boundary event to the handler (an activity marked for compensation).');
    const ends = links.filter(([s, t]) => s === b.id || t === b.id).map(([s, t]) => (s === b.id ? t : s));
    const handlers = [...new Set(ends)].map((id) => byId.get(id)).filter((i): i is number => i !== undefined && nodes[i]!.forCompensation === true);
    if (handlers.length !== 1) {
      problems.add(
        'INVALID_COMPENSATION',
        b.el,
        handlers.length ? `The compensation boundary event is associated with ${handlers.length} handlers.` : 'The compensation boundary event is not associated with a compensation handler.',
        'draw one association from the boundary event to an activity marked for compensation (isForCompensation="true").',
      );
      continue;
    }
    const h = nodes[handlers[0]!]!;
    used.add(h.idx);
    if (h.parent !== b.parent) {
      problems.add('INVALID_COMPENSATION', h.el, `The compensation handler '${h.id}' is not in the scope of the activity it compensates.`, 'draw the handler next to the activity, in the same (sub)process.');
      continue;
    }
    const host = b.attachedTo === undefined ? undefined : nodes[b.attachedTo];
    if (!host) continue; // the boundary itself is refused
    if (host.compensation) {
      problems.add('INVALID_COMPENSATION', b.el, `Activity '${host.id}' has more than one compensation boundary event.`, 'keep one compensation boundary event per activity; one handler may do several undo steps (a subprocess).');
      continue;
    }
    host.compensation = { boundary: b.idx, handler: h.idx };
  }
  for (const h of nodes) {
    if (!h.forCompensation) continue;
    if (h.incoming.length || h.outgoing.length) problems.add('INVALID_FLOW', h.el, 'A compensation handler has no sequence flows: a compensation throw event runs it.', 'remove the sequence flows to and from the handler.');
    if (!used.has(h.idx) && !problems.items.some((p) => p.elementId === h.id)) {
      problems.add('INVALID_COMPENSATION', h.el, `The compensation handler '${h.id}' is not associated with a compensation boundary event, so nothing would ever run it.`, 'draw an association from a compensation boundary event to it, or remove isForCompensation.');
    }
  }
  const scopes = new Set<number>();
  for (const t of nodes) {
    if ((t.kind !== 'intermediateThrowEvent' && t.kind !== 'endEvent') || t.event?.type !== 'compensate') continue;
    const scope = effectiveScope(nodes, t);
    scopes.add(scope);
    const d = ((t.el.eventDefinitions as ModdleElement[] | undefined) ?? [])[0];
    if (d?.waitForCompletion === false) {
      warnings.add('COMPENSATION_WAITS', t.el, 'waitForCompletion="false" is not honoured: the event waits until its compensation handlers complete (as Camunda 7 and 8 do).', 'remove waitForCompletion="false", or move the steps that must not wait onto a parallel branch.');
    }
    const ref = d?.activityRef as ModdleElement | undefined;
    if (!ref) continue;
    const a = ref.id === undefined ? undefined : byId.get(ref.id);
    const target = a === undefined ? undefined : nodes[a];
    if (!target || target.parent !== scope || !compensable(nodes, target)) {
      problems.add('INVALID_COMPENSATION', t.el, `activityRef '${ref.id ?? '?'}' is not a compensable activity in the scope of this event.`, 'reference an activity of the same scope that has a compensation boundary event (or a subprocess holding one), or remove activityRef to compensate the whole scope.');
      continue;
    }
    t.event = { ...t.event, activity: target.idx };
  }
  if (scopes.size) markRecorded(nodes, scopes);
  return warnings.items;
}

/** The scope a compensation throw compensates: its own, or — inside an event subprocess — the one around it. */
function effectiveScope(nodes: readonly CompensationDraft[], t: CompensationDraft): number {
  const p = t.parent >= 0 ? nodes[t.parent]! : undefined;
  return p?.triggeredByEvent ? p.parent : t.parent;
}

/** Has a compensation boundary event, or is a subprocess holding a compensable activity. */
function compensable(nodes: readonly CompensationDraft[], n: CompensationDraft): boolean {
  if (n.compensation) return true;
  return n.kind === 'subProcess' && nodes.some((x) => x.parent === n.idx && compensable(nodes, x));
}

/** Mark the nodes whose completion records some throw (effective scope in `scopes`) can reach. */
function markRecorded(nodes: CompensationDraft[], scopes: ReadonlySet<number>): void {
  const reaches = (n: CompensationDraft): boolean => {
    for (let p = n.parent; ; p = nodes[p]!.parent) {
      if (scopes.has(p)) return true;
      if (p < 0) return false;
    }
  };
  for (const x of nodes) {
    if (!x.compensation || !reaches(x)) continue;
    x.recordsCompletion = true;
    for (let p = x.parent; p >= 0; p = nodes[p]!.parent) if (reaches(nodes[p]!)) nodes[p]!.recordsCompletion = true;
  }
}

/** Every association (source id, target id) of the process and its subprocesses. */
function associations(proc: ModdleElement, nodes: readonly CompensationDraft[]): [string, string][] {
  const out: [string, string][] = [];
  const read = (container: ModdleElement) => {
    for (const a of (container.artifacts as ModdleElement[] | undefined) ?? []) {
      if (a.$type !== 'bpmn:Association') continue;
      const s = (a.sourceRef as ModdleElement | undefined)?.id;
      const t = (a.targetRef as ModdleElement | undefined)?.id;
      if (s && t) out.push([s, t]);
    }
  };
  read(proc);
  for (const n of nodes) if (n.kind === 'subProcess') read(n.el);
  return out;
}
