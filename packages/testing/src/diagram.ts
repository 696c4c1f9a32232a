/**
 * Reads the diagram interchange (DI) of a BPMN file into plain data, and the checks that
 * make a diagram readable for people: one shape per node, shapes inside their lane, no
 * overlaps, orthogonal edges that start and end on their shapes and cross no other shape.
 * Each check returns its violations as strings, so a failing test names what is wrong.
 */
import { BpmnModdle } from 'bpmn-moddle';
import handoff from '@handoff/engine/moddle/handoff.json' with { type: 'json' };
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}
export interface DiagramNode {
  id: string;
  type: string;
  name: string;
  documentation: string;
}
export interface DiagramFlow {
  id: string;
  name: string;
  source: string;
  target: string;
}
export interface DiagramLane {
  id: string;
  name: string;
  nodeIds: string[];
}
export interface Diagram {
  participant: { id: string; name: string };
  nodes: DiagramNode[];
  flows: DiagramFlow[];
  lanes: DiagramLane[];
  /** Shape bounds per BPMN element id (a list: a correct file has exactly one). */
  shapes: Map<string, Bounds[]>;
  /** Edge waypoints per BPMN element id. */
  edges: Map<string, Point[][]>;
}

interface El {
  $type: string;
  id: string;
  name?: string;
  [key: string]: unknown;
}
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** Parse BPMN XML and extract the process, its lanes and its DI. Throws on parser warnings. */
export async function readDiagram(xml: string): Promise<Diagram> {
  const { rootElement, warnings } = (await new BpmnModdle({ zeebe, handoff }).fromXML(xml, 'bpmn:Definitions')) as {
    rootElement: El;
    warnings: { message: string }[];
  };
  if (warnings.length) throw new Error(`parser warnings: ${warnings.map((w) => w.message).join('; ')}`);
  const roots = list<El>(rootElement.rootElements);
  const collaboration = roots.find((r) => r.$type === 'bpmn:Collaboration');
  const process = roots.find((r) => r.$type === 'bpmn:Process');
  if (!collaboration || !process) throw new Error('expected one collaboration and one process');
  const participant = list<El>(collaboration.participants)[0];
  if (!participant) throw new Error('expected a participant');
  const elements = list<El>(process.flowElements);
  const nodes = elements
    .filter((e) => e.$type !== 'bpmn:SequenceFlow')
    .map((e) => ({
      id: e.id,
      type: e.$type,
      name: e.name ?? '',
      documentation: list<{ text?: string }>(e.documentation).map((d) => d.text ?? '').join('\n'),
    }));
  const flows = elements
    .filter((e) => e.$type === 'bpmn:SequenceFlow')
    .map((e) => ({ id: e.id, name: e.name ?? '', source: (e.sourceRef as El).id, target: (e.targetRef as El).id }));
  const lanes = list<El>(list<El>(process.laneSets)[0]?.lanes).map((l) => ({
    id: l.id,
    name: l.name ?? '',
    nodeIds: list<El>(l.flowNodeRef).map((n) => n.id),
  }));
  const shapes = new Map<string, Bounds[]>();
  const edges = new Map<string, Point[][]>();
  for (const diagram of list<El>(rootElement.diagrams)) {
    for (const di of list<El>((diagram.plane as El | undefined)?.planeElement)) {
      const ref = (di.bpmnElement as El | undefined)?.id;
      if (!ref) continue;
      if (di.$type === 'bpmndi:BPMNShape') {
        const b = di.bounds as Bounds;
        shapes.set(ref, [...(shapes.get(ref) ?? []), { x: b.x, y: b.y, width: b.width, height: b.height }]);
      } else if (di.$type === 'bpmndi:BPMNEdge') {
        const wps = list<Point>(di.waypoint).map((p) => ({ x: p.x, y: p.y }));
        edges.set(ref, [...(edges.get(ref) ?? []), wps]);
      }
    }
  }
  return { participant: { id: participant.id, name: participant.name ?? '' }, nodes, flows, lanes, shapes, edges };
}

const shapeOf = (d: Diagram, id: string): Bounds | undefined => d.shapes.get(id)?.[0];
const edgeOf = (d: Diagram, id: string): Point[] => d.edges.get(id)?.[0] ?? [];
const inside = (inner: Bounds, outer: Bounds): boolean =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

/** Flow nodes without exactly one shape, and sequence flows without exactly one edge. */
export function missingDi(d: Diagram): string[] {
  return [
    ...d.nodes.filter((n) => d.shapes.get(n.id)?.length !== 1).map((n) => `${n.id}: ${d.shapes.get(n.id)?.length ?? 0} shapes`),
    ...d.flows.filter((f) => d.edges.get(f.id)?.length !== 1).map((f) => `${f.id}: ${d.edges.get(f.id)?.length ?? 0} edges`),
    ...[d.participant.id, ...d.lanes.map((l) => l.id)].filter((id) => d.shapes.get(id)?.length !== 1).map((id) => `${id}: ${d.shapes.get(id)?.length ?? 0} shapes`),
  ];
}

/** Nodes in no lane or several, and node shapes not inside the shape of the lane that references them. */
export function outsideLane(d: Diagram): string[] {
  const out: string[] = [];
  for (const n of d.nodes) {
    const lanes = d.lanes.filter((l) => l.nodeIds.includes(n.id));
    if (lanes.length !== 1) {
      out.push(`${n.id}: in ${lanes.length} lanes`);
      continue;
    }
    const lane = shapeOf(d, lanes[0]!.id);
    const shape = shapeOf(d, n.id);
    if (lane && shape && !inside(shape, lane)) out.push(`${n.id}: outside lane ${lanes[0]!.id}`);
  }
  return out;
}

/** Lanes that are not horizontal bands stacked top to bottom in the given order inside the pool. */
export function lanesOutOfBand(d: Diagram, order: readonly string[]): string[] {
  const pool = shapeOf(d, d.participant.id);
  if (!pool) return ['no pool shape'];
  const out: string[] = [];
  let y = pool.y;
  for (const id of order) {
    const s = shapeOf(d, id);
    if (!s) {
      out.push(`${id}: no shape`);
      continue;
    }
    if (!inside(s, pool)) out.push(`${id}: outside the pool`);
    if (s.y !== y) out.push(`${id}: starts at y=${s.y}, expected ${y} (directly below the previous lane)`);
    if (s.x + s.width !== pool.x + pool.width) out.push(`${id}: does not reach the pool's right edge`);
    y = s.y + s.height;
  }
  if (y !== pool.y + pool.height) out.push(`lanes end at y=${y}, the pool at ${pool.y + pool.height}`);
  return out;
}

/** Pairs of flow-node shapes whose bounding boxes overlap by more than `tolerance` px. */
export function overlaps(d: Diagram, tolerance = 1): string[] {
  const out: string[] = [];
  const shapes = d.nodes.flatMap((n) => (shapeOf(d, n.id) ? [{ id: n.id, b: shapeOf(d, n.id)! }] : []));
  for (let i = 0; i < shapes.length; i++) {
    for (let j = i + 1; j < shapes.length; j++) {
      const a = shapes[i]!.b;
      const b = shapes[j]!.b;
      const x = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const y = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (x > tolerance && y > tolerance) out.push(`${shapes[i]!.id} overlaps ${shapes[j]!.id}`);
    }
  }
  return out;
}

/** True when the point lies on the border of the bounds, within `slack` px. */
function onBorder(p: Point, b: Bounds, slack: number): boolean {
  const within = p.x >= b.x - slack && p.x <= b.x + b.width + slack && p.y >= b.y - slack && p.y <= b.y + b.height + slack;
  const deepInside = p.x > b.x + slack && p.x < b.x + b.width - slack && p.y > b.y + slack && p.y < b.y + b.height - slack;
  return within && !deepInside;
}

/** Edges whose first waypoint is not on the source shape's border or last not on the target's (± slack px). */
export function detachedEdges(d: Diagram, slack = 2): string[] {
  const out: string[] = [];
  for (const f of d.flows) {
    const wps = edgeOf(d, f.id);
    const src = shapeOf(d, f.source);
    const tgt = shapeOf(d, f.target);
    if (wps.length < 2 || !src || !tgt) {
      out.push(`${f.id}: ${wps.length} waypoints`);
      continue;
    }
    if (!onBorder(wps[0]!, src, slack)) out.push(`${f.id}: does not start on ${f.source}`);
    if (!onBorder(wps[wps.length - 1]!, tgt, slack)) out.push(`${f.id}: does not end on ${f.target}`);
  }
  return out;
}

/** Edges with a diagonal segment. */
export function diagonalEdges(d: Diagram): string[] {
  return d.flows.filter((f) => edgeOf(d, f.id).some((p, i, wps) => i > 0 && p.x !== wps[i - 1]!.x && p.y !== wps[i - 1]!.y)).map((f) => f.id);
}

/** Edges with a segment passing through a flow-node shape other than their own source and target. */
export function edgesThroughShapes(d: Diagram): string[] {
  const out: string[] = [];
  for (const f of d.flows) {
    const wps = edgeOf(d, f.id);
    for (const n of d.nodes) {
      if (n.id === f.source || n.id === f.target) continue;
      const b = shapeOf(d, n.id);
      if (b && wps.some((p, i) => i > 0 && segmentHitsBox(wps[i - 1]!, p, b))) out.push(`${f.id} crosses ${n.id}`);
    }
  }
  return out;
}

/** An axis-parallel segment against a box (touching the border does not count). */
function segmentHitsBox(a: Point, b: Point, box: Bounds): boolean {
  const [x1, x2] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
  const [y1, y2] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
  return x1 < box.x + box.width && x2 > box.x && y1 < box.y + box.height && y2 > box.y;
}

/** Flow-node shapes that are not the standard size (tasks 100×80, gateways 50×50, events 36×36). */
export function nonStandardSizes(d: Diagram): string[] {
  return d.nodes.flatMap((n) => {
    const b = d.shapes.get(n.id)?.[0];
    if (!b) return [];
    const want = n.type.endsWith('Task') ? '100x80' : n.type.endsWith('Gateway') ? '50x50' : '36x36';
    const got = `${b.width}x${b.height}`;
    return got === want ? [] : [`${n.id}: ${got}, expected ${want}`];
  });
}

/** Sequence flows whose target's centre lies left of their source's: the diagram should read left to right. */
export function backwardFlows(d: Diagram): string[] {
  return d.flows
    .filter((f) => {
      const s = d.shapes.get(f.source)?.[0];
      const t = d.shapes.get(f.target)?.[0];
      return s && t && t.x + t.width / 2 < s.x + s.width / 2;
    })
    .map((f) => f.id);
}

const HAN = /\p{Script=Han}/u;

/**
 * The packs' naming rule: the pool, lanes, flow nodes and named flows carry Chinese names
 * (as the operator documents write them), and every flow node has English documentation.
 */
export function untranslated(d: Diagram): string[] {
  const named = [d.participant, ...d.lanes, ...d.nodes, ...d.flows.filter((f) => f.name)];
  return [
    ...named.filter((e) => !HAN.test(e.name)).map((e) => `${e.id}: name without Chinese`),
    ...d.nodes
      .filter((n) => !/^[\x20-\x7E]+$/.test(n.documentation) || !/[a-z]{3,}/.test(n.documentation) || n.documentation.length < 20)
      .map((n) => `${n.id}: no English documentation`),
  ];
}
