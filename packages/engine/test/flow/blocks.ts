/**
 * Random well-formed BPMN processes for property tests: nested blocks (sequence, XOR /
 * AND / OR split-join pairs, embedded subprocesses) with plain and user tasks inside,
 * written as BPMN 2.0 XML the way a modeler saves it (without diagram interchange).
 */
import fc from 'fast-check';

/** The integer variables conditions read; every instance starts with all of them. */
export const VARIABLES = ['v0', 'v1', 'v2'] as const;
export type Variable = (typeof VARIABLES)[number];

export interface Condition {
  v: Variable;
  op: '<' | '<=' | '>' | '>=' | '=' | '!=';
  k: number;
}

/** A branch of a conditional split: its condition and its body (`empty`: a flow straight to the join). */
export interface Branch {
  cond: Condition;
  body: Block;
}

export type Block =
  | { t: 'task' }
  | { t: 'user' }
  | { t: 'empty' }
  | { t: 'seq'; items: Block[] }
  | { t: 'xor'; branches: Branch[]; dflt: Block }
  | { t: 'or'; branches: Branch[]; dflt: Block }
  | { t: 'and'; branches: Block[] }
  | { t: 'sub'; body: Block };

const condition: fc.Arbitrary<Condition> = fc.record({
  v: fc.constantFrom(...VARIABLES),
  op: fc.constantFrom('<', '<=', '>', '>=', '=', '!='),
  k: fc.integer({ min: -3, max: 3 }),
});

/** Blocks nested at most `maxDepth` levels; `empty` bodies only directly inside gateways. */
export function blockArbitrary(maxDepth = 4): fc.Arbitrary<Block> {
  const { block } = fc.letrec<{ block: Block; body: Block; branch: Branch }>((tie) => ({
    // The first choice is the one taken at maxDepth: user tasks, so deep branches wait.
    block: fc.oneof(
      { maxDepth, depthIdentifier: 'block', depthSize: 'medium' },
      { arbitrary: fc.constant<Block>({ t: 'user' }), weight: 3 },
      { arbitrary: fc.constant<Block>({ t: 'task' }), weight: 2 },
      { arbitrary: fc.record({ t: fc.constant('seq' as const), items: fc.array(tie('block'), { minLength: 2, maxLength: 3 }) }), weight: 2 },
      { arbitrary: fc.record({ t: fc.constant('xor' as const), branches: fc.array(tie('branch'), { minLength: 1, maxLength: 3 }), dflt: tie('body') }), weight: 2 },
      { arbitrary: fc.record({ t: fc.constant('or' as const), branches: fc.array(tie('branch'), { minLength: 1, maxLength: 3 }), dflt: tie('body') }), weight: 2 },
      { arbitrary: fc.record({ t: fc.constant('and' as const), branches: fc.array(tie('body'), { minLength: 2, maxLength: 4 }) }), weight: 2 },
      { arbitrary: fc.record({ t: fc.constant('sub' as const), body: tie('block') }), weight: 1 },
    ),
    body: fc.oneof({ maxDepth, depthIdentifier: 'block', depthSize: 'medium' }, { arbitrary: tie('block'), weight: 3 }, { arbitrary: fc.constant<Block>({ t: 'empty' }), weight: 1 }),
    branch: fc.record({ cond: condition, body: tie('body') }),
  }));
  return block;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The BPMN XML of process `processId` running `root` between a start and an end event. */
export function toBpmn(root: Block, processId = 'random'): string {
  let seq = 0;
  const id = (prefix: string) => `${prefix}_${++seq}`;

  /** Write `block` into `out`, entered from node `from`; returns the node its exit leaves from. */
  function write(block: Block, from: string, out: string[], pendingFlow?: { id: string; cond?: Condition }): string {
    const flow = (src: string, tgt: string, given?: { id: string; cond?: Condition }) => {
      const fid = given?.id ?? id('Flow');
      if (given?.cond) {
        const c = given.cond;
        out.push(`<bpmn:sequenceFlow id="${fid}" sourceRef="${src}" targetRef="${tgt}">`);
        out.push(`  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escape(`=${c.v} ${c.op} ${c.k}`)}</bpmn:conditionExpression>`);
        out.push('</bpmn:sequenceFlow>');
      } else out.push(`<bpmn:sequenceFlow id="${fid}" sourceRef="${src}" targetRef="${tgt}" />`);
    };
    const node = (xml: string, nid: string) => {
      out.push(xml);
      flow(from, nid, pendingFlow);
      return nid;
    };
    switch (block.t) {
      case 'empty':
        throw new Error('an empty block is written by its gateway');
      case 'task': {
        const nid = id('Task');
        return node(`<bpmn:task id="${nid}" name="Step ${seq}" />`, nid);
      }
      case 'user': {
        const nid = id('UserTask');
        return node(`<bpmn:userTask id="${nid}" name="Work ${seq}" />`, nid);
      }
      case 'seq': {
        let last = from;
        let pf = pendingFlow;
        for (const item of block.items) {
          last = write(item, last, out, pf);
          pf = undefined;
        }
        return last;
      }
      case 'sub': {
        const nid = id('SubProcess');
        const inner: string[] = [];
        const start = id('StartEvent');
        inner.push(`<bpmn:startEvent id="${start}" />`);
        const last = write(block.body, start, inner);
        const end = id('EndEvent');
        inner.push(`<bpmn:endEvent id="${end}" />`);
        inner.push(`<bpmn:sequenceFlow id="${id('Flow')}" sourceRef="${last}" targetRef="${end}" />`);
        out.push(`<bpmn:subProcess id="${nid}" name="Part ${seq}">`, ...inner.map((l) => `  ${l}`), '</bpmn:subProcess>');
        flow(from, nid, pendingFlow);
        return nid;
      }
      case 'xor':
      case 'or':
      case 'and': {
        const tag = block.t === 'xor' ? 'exclusiveGateway' : block.t === 'or' ? 'inclusiveGateway' : 'parallelGateway';
        const prefix = block.t === 'xor' ? 'Xor' : block.t === 'or' ? 'Or' : 'And';
        const split = id(`${prefix}Split`);
        const join = id(`${prefix}Join`);
        const arms: { body: Block; flow: { id: string; cond?: Condition } }[] =
          block.t === 'and'
            ? block.branches.map((body) => ({ body, flow: { id: id('Flow') } }))
            : [...block.branches.map((b) => ({ body: b.body, flow: { id: id('Flow'), cond: b.cond } })), { body: block.dflt, flow: { id: id('Flow') } }];
        const dflt = block.t === 'and' ? '' : ` default="${arms.at(-1)!.flow.id}"`;
        node(`<bpmn:${tag} id="${split}"${dflt} />`, split);
        for (const arm of arms) {
          if (arm.body.t === 'empty') flow(split, join, arm.flow);
          else flow(write(arm.body, split, out, arm.flow), join);
        }
        out.push(`<bpmn:${tag} id="${join}" />`);
        return join;
      }
    }
  }

  const body: string[] = ['<bpmn:startEvent id="StartEvent_0" />'];
  const last = write(root, 'StartEvent_0', body);
  body.push('<bpmn:endEvent id="EndEvent_0" />', `<bpmn:sequenceFlow id="${id('Flow')}" sourceRef="${last}" targetRef="EndEvent_0" />`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_random" targetNamespace="http://handoff.dev/test">',
    `  <bpmn:process id="${processId}" isExecutable="true">`,
    ...body.map((l) => `    ${l}`),
    '  </bpmn:process>',
    '</bpmn:definitions>',
    '',
  ].join('\n');
}
