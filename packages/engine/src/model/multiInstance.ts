/**
 * Compiling multi-instance markers (`bpmn:multiInstanceLoopCharacteristics`), in both
 * dialects, into a {@link MultiInstanceDef} the loop marker runs (`elements/loop/`):
 *
 * - Camunda 8 — `<zeebe:loopCharacteristics inputCollection="=items" inputElement="item"
 *   outputCollection="results" outputElement="=result" />`: the collection and the output
 *   element are FEEL (`=`), the element and collection names are variable names.
 * - Camunda 7 — `camunda:collection` (a FEEL expression with `=`, or a bare variable name:
 *   that variable) and `camunda:elementVariable`; `<bpmn:loopCardinality>` for "n times".
 * - Both — `isSequential`, and a `<bpmn:completionCondition>` body (FEEL, with or without
 *   the `=`). JUEL (`${…}`), as Camunda 7 writes it, is translated to FEEL (docs/juel.md).
 *
 * `bpmn:standardLoopCharacteristics` (a while loop) is refused: it has no FEEL form in
 * either dialect. Every problem names the activity and says how to fix it.
 *
 * @module
 */
import { extensions, feel } from './compileNode';
import type { Expression } from './expressions';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';

/** A multi-instance marker as the runtime needs it (`elements/loop/multiInstance.ts`). */
export interface MultiInstanceDef {
  readonly type: 'multiInstance';
  /** One inner instance after the other (`isSequential="true"`), else all at once. */
  readonly sequential: boolean;
  /** The collection to iterate: one inner instance per item, in order. */
  readonly inputCollection?: Expression;
  /** How many inner instances (`loopCardinality`), when there is no collection. */
  readonly loopCardinality?: Expression;
  /** The local variable each inner instance holds its item in. */
  readonly inputElement?: string;
  /** The variable the collected outputs go to (a local of the body, then the enclosing scope). */
  readonly outputCollection?: string;
  /** What each inner instance contributes to the output collection, evaluated in its scope when it completes. */
  readonly outputElement?: Expression;
  /**
   * When the output element is a bare variable (`=result`): its name. Each inner instance
   * starts with it as a local `null`, so results of that name stay in the instance instead
   * of racing in an outer scope (Camunda 8 does the same).
   */
  readonly outputVariable?: string;
  /** Evaluated after each inner instance completes; `true` cancels the rest and completes the body. */
  readonly completionCondition?: Expression;
}

/** A variable name (no path, no expression). */
const NAME = /^[A-Za-z_$][\w$]*$/;

/** Compile the loop marker of activity `el`, or undefined when it has none (or it was refused). */
export function compileLoop(el: ModdleElement, problems: ProblemList): MultiInstanceDef | undefined {
  const lc = el.loopCharacteristics as ModdleElement | undefined;
  if (!lc) return undefined;
  if (lc.$type === 'bpmn:StandardLoopCharacteristics') {
    problems.add(
      'UNSUPPORTED_FEATURE',
      el,
      'Standard loops (bpmn:standardLoopCharacteristics, a while loop) are not supported.',
      'model the repetition with an exclusive gateway looping back, or make the activity multi-instance (a collection to iterate).',
    );
    return undefined;
  }
  if (lc.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    problems.add('UNSUPPORTED_FEATURE', el, `Loop characteristics of type ${lc.$type} are not supported.`, 'use bpmn:multiInstanceLoopCharacteristics.');
    return undefined;
  }
  const before = problems.items.length;
  // The marker's own extension elements, reported on the activity (the marker has no id of its own).
  const values = extensions({ $type: el.$type, ...(el.id ? { id: el.id } : {}), extensionElements: lc.extensionElements }, problems, { marker: true });
  const z = values.find((v) => v.$type === 'zeebe:LoopCharacteristics');
  const c7Collection = typeof lc.collection === 'string' && lc.collection.trim() ? lc.collection.trim() : undefined;
  const c7Element = typeof lc.elementVariable === 'string' && lc.elementVariable.trim() ? lc.elementVariable.trim() : undefined;
  const where = (attr: string) => `multi-instance ${attr}`;

  if (z && (c7Collection !== undefined || c7Element !== undefined)) {
    problems.add('INVALID_MULTI_INSTANCE', el, 'The multi-instance marker has both zeebe:loopCharacteristics and camunda:collection / camunda:elementVariable.', 'keep the attributes of one dialect (the one your modeler wrote).');
    return undefined;
  }

  // The collection and the element variable.
  let inputCollection: Expression | undefined;
  let inputElement: string | undefined;
  if (z) {
    const text = str(z.inputCollection);
    if (text !== undefined) inputCollection = feel(text, el, where('inputCollection'), problems);
    inputElement = variableName(str(z.inputElement), el, 'zeebe:loopCharacteristics inputElement', problems);
  } else {
    if (c7Collection !== undefined) {
      // Camunda 7: an expression, or the name of the variable holding the collection.
      inputCollection = NAME.test(c7Collection) ? feel(c7Collection, el, where('collection'), problems, true) : feel(c7Collection, el, where('camunda:collection'), problems);
    }
    inputElement = variableName(c7Element, el, 'camunda:elementVariable', problems);
  }

  const loopCardinality = body(lc.loopCardinality as ModdleElement | undefined, el, where('loopCardinality'), problems);
  const completionCondition = body(lc.completionCondition as ModdleElement | undefined, el, where('completionCondition'), problems);

  const hasCollection = z ? str(z.inputCollection) !== undefined : c7Collection !== undefined;
  const hasCardinality = lc.loopCardinality !== undefined;
  if (!hasCollection && !hasCardinality) {
    problems.add(
      'INVALID_MULTI_INSTANCE',
      el,
      'The multi-instance activity has neither an input collection nor a loop cardinality: the number of instances is unknown.',
      'set zeebe:loopCharacteristics inputCollection="=items" (Camunda 8), camunda:collection="items" (Camunda 7), or a loop cardinality such as 3.',
    );
  }
  if (hasCollection && hasCardinality) {
    problems.add('INVALID_MULTI_INSTANCE', el, 'The multi-instance activity has both an input collection and a loop cardinality.', 'keep one: the collection (one instance per item) or the cardinality (n instances).');
  }
  if (inputElement !== undefined && !hasCollection) {
    problems.add('INVALID_MULTI_INSTANCE', el, `The input element '${inputElement}' has no collection to take its items from.`, 'set the input collection, or remove the input element.');
  }

  // The output collection (Camunda 8 only).
  let outputCollection: string | undefined;
  let outputElement: Expression | undefined;
  let outputVariable: string | undefined;
  if (z) {
    outputCollection = variableName(str(z.outputCollection), el, 'zeebe:loopCharacteristics outputCollection', problems);
    const outText = str(z.outputElement);
    if (outText !== undefined) {
      outputElement = feel(outText, el, where('outputElement'), problems);
      const bare = outText.startsWith('=') ? outText.slice(1).trim() : undefined;
      if (outputElement && bare !== undefined && NAME.test(bare)) outputVariable = bare;
    }
    if (str(z.outputCollection) !== undefined && outText === undefined) {
      problems.add('INVALID_MULTI_INSTANCE', el, `The output collection '${str(z.outputCollection)}' has no output element: nothing says what each instance adds.`, 'set outputElement, e.g. outputElement="=result".');
    }
    if (outText !== undefined && str(z.outputCollection) === undefined) {
      problems.add('INVALID_MULTI_INSTANCE', el, 'The output element has no output collection to go into.', 'set outputCollection, e.g. outputCollection="results".');
    }
  }
  if (problems.items.length > before) return undefined;
  return {
    type: 'multiInstance',
    sequential: lc.isSequential === true,
    ...(inputCollection ? { inputCollection } : {}),
    ...(loopCardinality ? { loopCardinality } : {}),
    ...(inputElement !== undefined ? { inputElement } : {}),
    ...(outputCollection !== undefined ? { outputCollection } : {}),
    ...(outputElement ? { outputElement } : {}),
    ...(outputVariable !== undefined ? { outputVariable } : {}),
    ...(completionCondition ? { completionCondition } : {}),
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** A variable-name attribute: a plain name, never an expression. */
function variableName(text: string | undefined, el: ModdleElement, attr: string, problems: ProblemList): string | undefined {
  if (text === undefined) return undefined;
  if (!NAME.test(text)) {
    problems.add('INVALID_MULTI_INSTANCE', el, `${attr}="${text}" is not a variable name.`, 'write a plain variable name such as item (no "=", no path, no spaces).');
    return undefined;
  }
  return text;
}

/** A formal expression body (`loopCardinality`, `completionCondition`): FEEL with or without `=`. */
function body(expr: ModdleElement | undefined, el: ModdleElement, what: string, problems: ProblemList): Expression | undefined {
  if (!expr) return undefined;
  const lang = String(expr.language ?? '').toLowerCase();
  const text = String(expr.body ?? '').trim();
  if (lang && !lang.includes('feel')) {
    problems.add('SCRIPT_LANGUAGE', el, `${what} language '${lang}' is not supported: Handoff evaluates FEEL only.`, "rewrite it in FEEL, e.g. '=numberOfCompletedInstances >= 2'.");
    return undefined;
  }
  if (!text) {
    problems.add('INVALID_MULTI_INSTANCE', el, `${what} is empty.`, 'write a FEEL expression, or remove the element.');
    return undefined;
  }
  return feel(text, el, what, problems, true);
}
