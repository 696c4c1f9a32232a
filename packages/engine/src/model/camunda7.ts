/**
 * Camunda 7 habits the compiler accepts in files of that family (Camunda 7, Flowable,
 * Activiti; decision 0022): a gateway flow without a condition, `camunda:initiator` on a
 * start event, a `camunda:connector`'s input / output mapping.
 *
 * @module
 */
import { compileFeel } from './expressions';
import type { Expression } from './expressions';
import { compileIoMapping, type IoMapping, type IoMappingRules } from './ioMapping';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import type { FlowModel, NodeModel } from './types';

const TRUE = compileFeel('true', true) as Expression;

/**
 * A flow without a condition leaving an exclusive or inclusive gateway (not its default):
 * Camunda 7, Flowable and Activiti take it as `true` — their gateway behaviours select "a
 * flow whose condition is absent or true", in document order. The flow gets the condition
 * `true`, so an exclusive gateway takes the first such flow in document order (unless an
 * earlier flow's condition holds) and an inclusive one always takes it. A deploy warning
 * says so: Camunda 8 and BPMN itself refuse such a gateway.
 */
export function implicitCondition(flows: FlowModel[], f: number, gateway: Pick<NodeModel, 'id' | 'kind'>, problems: ProblemList): void {
  const flow = flows[f]!;
  flows[f] = { ...flow, condition: TRUE };
  problems.warn(
    'IMPLICIT_CONDITION',
    { $type: 'bpmn:SequenceFlow', id: flow.id },
    `Flow '${flow.id}' leaves ${gateway.kind === 'exclusiveGateway' ? 'exclusive' : 'inclusive'} gateway '${gateway.id}' without a condition; as in Camunda 7 and Flowable, it is taken as true${gateway.kind === 'exclusiveGateway' ? ' (the first true flow in document order wins)' : ''}.`,
    "give the flow a condition (e.g. '=true'), or make it the gateway's default flow.",
  );
}

/** `camunda:initiator="starter"` on a process-level start event: the variable `engine.start(…, { initiator })` sets. */
export function compileInitiator(el: ModdleElement, topLevel: boolean, problems: ProblemList): string | undefined {
  const name = typeof el.initiator === 'string' ? el.initiator.trim() : '';
  if (!name) return undefined;
  if (!topLevel) {
    problems.add('INVALID_ATTRIBUTE', el, `camunda:initiator="${name}" is on a start event inside a subprocess; only a process's start event is started by a person.`, 'move camunda:initiator to the process\'s start event.');
    return undefined;
  }
  if (!/^[A-Za-z_][\w]*$/.test(name)) {
    problems.add('INVALID_ATTRIBUTE', el, `camunda:initiator="${name}" is not a variable name.`, 'name a variable, e.g. camunda:initiator="initiator".');
    return undefined;
  }
  return name;
}

/**
 * A `camunda:connector`'s own `camunda:inputOutput` joins the activity's mappings: its inputs
 * after the activity's (the handler of `connector:<id>` sees them as local variables), its
 * outputs before the activity's. Camunda 7 keeps connector outputs local to the activity; here
 * they are written to the enclosing scope like any output mapping (decision 0022).
 */
export function withConnectorIo(io: IoMapping | undefined, el: ModdleElement, values: readonly ModdleElement[], rules: IoMappingRules, problems: ProblemList): IoMapping | undefined {
  const connector = values.find((v) => v.$type === 'camunda:Connector');
  const inner = connector?.inputOutput as ModdleElement | undefined;
  if (!inner) return io;
  const own = compileIoMapping(el, [inner], rules, problems);
  if (!own) return io;
  return { inputs: [...(io?.inputs ?? []), ...own.inputs], outputs: [...own.outputs, ...(io?.outputs ?? [])] };
}
