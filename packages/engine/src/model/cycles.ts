/**
 * Cycles with no wait state: a loop of pass-through elements (task → manual task → task, a
 * parallel split fed back into itself, an error boundary that re-enters the subprocess that
 * threw) that a token would run around forever inside one command. Found at deploy time as
 * strongly connected components of the flow graph once every element that can stop the token
 * is taken out; reported as a warning (`CYCLE_WITHOUT_WAIT_STATE`), by the deploy and by the
 * `handoff/no-busy-cycle` lint rule, which both call {@link busyCycles}.
 *
 * What stops a token, and so breaks a cycle (decision 0014):
 * - a wait state: user, service, send and receive tasks, call activities, event-based
 *   gateways, intermediate catch events and boundary events that wait for a timer, message,
 *   signal or condition, and a subprocess with any of these inside;
 * - a choice: an element with a conditional outgoing flow (an exclusive, inclusive or complex
 *   gateway with conditions, or a conditional flow from an activity) — a loop that ends
 *   when a condition changes is a normal loop, and the runtime step budget guards the rest.
 *
 * @module
 */

/** An element of the graph, as both the compiler and the lint rule describe it. */
export interface CycleGraphNode {
  id: string;
  /** The BPMN type, e.g. `bpmn:ManualTask`. */
  type: string;
  /** For events: what the event waits for or throws (`timer`, `message`, `error`, …); absent or `none` for a plain event. */
  trigger?: string;
  /** Index of the enclosing subprocess node, or -1. */
  parent: number;
  /** For boundary events: index of the activity it is attached to. */
  attachedTo?: number;
}

/** A sequence flow between node indices. */
export interface CycleGraphFlow {
  source: number;
  target: number;
  /** The flow has a condition expression. */
  conditional: boolean;
}

const WAIT_TYPES = new Set(['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ReceiveTask', 'bpmn:CallActivity', 'bpmn:EventBasedGateway']);
const WAITING_TRIGGERS = new Set(['timer', 'message', 'signal', 'conditional']);
/** Boundary events taken at once when the activity throws: a flow from the activity into them. */
const THROWN_TRIGGERS = new Set(['error', 'escalation', 'compensate', 'compensation']);

function waits(n: CycleGraphNode): boolean {
  if (WAIT_TYPES.has(n.type)) return true;
  if (n.type === 'bpmn:IntermediateCatchEvent' || n.type === 'bpmn:BoundaryEvent') return WAITING_TRIGGERS.has(n.trigger ?? 'none');
  return false;
}

/**
 * The cycles no token can leave without help: each as the ids of its elements, in graph
 * order, starting with the first element of the file's order. Never recurses.
 */
export function busyCycles(nodes: readonly CycleGraphNode[], flows: readonly CycleGraphFlow[]): string[][] {
  const n = nodes.length;
  // Which elements stop a token: wait states, subprocesses holding one, elements with a conditional exit.
  const stops = nodes.map(waits);
  for (let i = 0; i < n; i++) {
    if (!stops[i]) continue;
    // A wait inside a subprocess makes every enclosing subprocess a wait too.
    for (let p = nodes[i]!.parent; p >= 0 && p < n && !stops[p]; p = nodes[p]!.parent) stops[p] = true;
  }
  for (const f of flows) if (f.conditional && f.source >= 0 && f.source < n) stops[f.source] = true;

  const out: number[][] = Array.from({ length: n }, () => []);
  const edge = (s: number, t: number) => {
    if (s >= 0 && s < n && t >= 0 && t < n && !stops[s] && !stops[t]) out[s]!.push(t);
  };
  for (const f of flows) edge(f.source, f.target);
  for (let i = 0; i < n; i++) {
    const b = nodes[i]!;
    if (b.type === 'bpmn:BoundaryEvent' && b.attachedTo !== undefined && THROWN_TRIGGERS.has(b.trigger ?? '')) edge(b.attachedTo, i);
  }

  // Tarjan's strongly connected components, with an explicit stack.
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let next = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1 || stops[root]) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = true;
    while (work.length) {
      const top = work[work.length - 1]!;
      const [v, i] = top;
      const succ = out[v]!;
      if (i < succ.length) {
        top[1]++;
        const w = succ[i]!;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length) {
        const u = work[work.length - 1]![0];
        low[u] = Math.min(low[u]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1 || out[v]!.includes(v)) components.push(comp);
      }
    }
  }
  return components.map((c) => orderCycle(c, out).map((i) => nodes[i]!.id)).sort((a, b) => nodes.findIndex((x) => x.id === a[0]) - nodes.findIndex((x) => x.id === b[0]));
}

/** The component's nodes in the order a token meets them, from its first element in file order. */
function orderCycle(comp: number[], out: number[][]): number[] {
  const inComp = new Set(comp);
  const start = Math.min(...comp);
  const order: number[] = [];
  const seen = new Set<number>();
  const todo = [start];
  while (todo.length) {
    const v = todo.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    order.push(v);
    for (const w of [...out[v]!].reverse()) if (inComp.has(w) && !seen.has(w)) todo.push(w);
  }
  return order;
}

/** The warning text for a cycle (shared by deploy and lint). */
export function busyCycleMessage(ids: readonly string[]): { message: string; hint: string } {
  const path = [...ids, ids[0]].join(' → ');
  return {
    message: `The cycle ${path} has no wait state and no conditional exit: a token entering it would loop forever (the engine stops it with a STEP_LIMIT incident).`,
    hint: 'put a wait state in the loop (a user, service or receive task, a timer or message catch event), or leave it through a gateway with a condition.',
  };
}
