/**
 * Compiling input/output variable mappings, in both dialects:
 *
 * - Camunda 8 `zeebe:ioMapping` — `<zeebe:input source="=customer.name" target="sender"/>`,
 *   `<zeebe:output …/>`. A source starting with `=` is FEEL; any other text is a static
 *   string. A target is a variable name or a nested path (`order.total`).
 * - Camunda 7 `camunda:inputOutput` — `<camunda:inputParameter name="x">text</…>` with a
 *   text value (static, or FEEL when it starts with `=`), a `camunda:list`, a `camunda:map`
 *   (nested freely), or a `camunda:script` in FEEL. JUEL (`${…}`, `order-${id}`) is
 *   translated to FEEL (docs/juel.md). A parameter that is a script in another language
 *   (Freemarker, JavaScript…, inline or a resource) is a job of type `script:<format>` whose
 *   handler gives the value (`runtime/scriptMappings.ts`); inside a list or map it is refused.
 *
 * Semantics (`runtime/ioMapping.ts`): inputs are evaluated in order when the element is
 * entered and create local variables of its execution; outputs are evaluated when it
 * completes, in its scope, and written to the enclosing scope. When outputs are declared,
 * only they leave the element: task and job results stay local to it.
 *
 * @module
 */
import type { Expression } from './expressions';
import { feel } from './compileNode';
import { hasJuel } from './juel/index';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';

/** The value side of a mapping. */
export type MappingValue =
  | { kind: 'static'; value: string }
  | { kind: 'expr'; expr: Expression }
  | { kind: 'list'; items: readonly MappingValue[] }
  | { kind: 'map'; entries: readonly { key: string; value: MappingValue }[] }
  /**
   * A Camunda 7 parameter whose value is a script in another language than FEEL (Freemarker,
   * JavaScript, Groovy…), inline or a `resource`: the engine never evaluates it — it is a job of
   * type `script:<format>` (lower-cased; `format` as written) whose handler returns the value
   * (`runtime/scriptMappings.ts`, decision 0031). A whole parameter only, never inside a list or map.
   */
  | { kind: 'script'; format: string; script?: string; resource?: string };

/** One mapping: where the value goes (a path of names) and what it is. */
export interface VariableMapping {
  /** `['order', 'total']` for `order.total`. */
  readonly target: readonly string[];
  readonly value: MappingValue;
}

/** An element's mappings, in document order. */
export interface IoMapping {
  readonly inputs: readonly VariableMapping[];
  readonly outputs: readonly VariableMapping[];
}

/** Where mappings may be declared, and which sides. */
export interface IoMappingRules {
  inputs: boolean;
  outputs: boolean;
  /** Used in problems when a side is not allowed: e.g. `a boundary event`. */
  where: string;
}

/** Compile the element's mapping extension (either dialect), or undefined when it has none. */
export function compileIoMapping(el: ModdleElement, values: readonly ModdleElement[], rules: IoMappingRules, problems: ProblemList): IoMapping | undefined {
  const z = values.find((v) => v.$type === 'zeebe:IoMapping');
  const c = values.find((v) => v.$type === 'camunda:InputOutput');
  if (!z && !c) return undefined;
  if (z && c) {
    problems.add('INVALID_IO_MAPPING', el, 'The element has both zeebe:ioMapping and camunda:inputOutput.', 'keep the mappings of one dialect (the one your modeler wrote).');
    return undefined;
  }
  const inputs: VariableMapping[] = [];
  const outputs: VariableMapping[] = [];
  if (z) {
    for (const [side, list, out] of [
      ['input', z.inputParameters, inputs],
      ['output', z.outputParameters, outputs],
    ] as const) {
      for (const p of (list as ModdleElement[] | undefined) ?? []) {
        const m = zeebeMapping(el, p, side, problems);
        if (m) out.push(m);
      }
    }
  } else {
    if (c!.connectorId) problems.add('UNSUPPORTED_FEATURE', el, 'camunda:inputOutput of a connector runs Java connector code.', 'register a service-task handler for a camunda:topic instead.');
    for (const [side, list, out] of [
      ['input', c!.inputParameters, inputs],
      ['output', c!.outputParameters, outputs],
    ] as const) {
      for (const p of (list as ModdleElement[] | undefined) ?? []) {
        const m = camundaParameter(el, p, side, problems);
        if (m) out.push(m);
      }
    }
  }
  if (inputs.length && !rules.inputs) {
    problems.add('UNSUPPORTED_FEATURE', el, `Input mappings on ${rules.where} are not supported.`, 'move the input mappings to the activity that uses the values.');
  }
  if (outputs.length && !rules.outputs) {
    problems.add('UNSUPPORTED_FEATURE', el, `Output mappings on ${rules.where} are not supported.`, 'set the variables on the next activity, or with an output mapping of the activity.');
  }
  return inputs.length || outputs.length ? { inputs, outputs } : undefined;
}

function zeebeMapping(el: ModdleElement, p: ModdleElement, side: 'input' | 'output', problems: ProblemList): VariableMapping | undefined {
  const source = typeof p.source === 'string' ? p.source.trim() : '';
  const target = parseTarget(el, p.target, `zeebe:${side}`, problems);
  if (!source) {
    problems.add('INVALID_IO_MAPPING', el, `A zeebe:${side} has no source${target ? ` (target '${target.join('.')}')` : ''}.`, "set the source: a FEEL expression such as '=customer.name', or a static value.");
    return undefined;
  }
  const value = textValue(el, source, `zeebe:${side} '${String(p.target ?? '')}'`, problems);
  return target && value ? { target, value } : undefined;
}

function camundaParameter(el: ModdleElement, p: ModdleElement, side: 'input' | 'output', problems: ProblemList): VariableMapping | undefined {
  const what = `camunda:${side}Parameter '${String(p.name ?? '')}'`;
  const name = typeof p.name === 'string' ? p.name.trim() : '';
  if (!name) {
    problems.add('INVALID_IO_MAPPING', el, `A camunda:${side}Parameter has no name.`, 'give the parameter the name of the variable it sets.');
    return undefined;
  }
  const value = camundaValue(el, p, what, problems, true);
  return value ? { target: [name], value } : undefined;
}

/** A camunda parameter's or entry's value: its definition (list, map, script) or its text. */
function camundaValue(el: ModdleElement, p: ModdleElement, what: string, problems: ProblemList, whole = false): MappingValue | undefined {
  const def = p.definition as ModdleElement | undefined;
  if (!def) return textValue(el, typeof p.value === 'string' ? p.value : '', what, problems, true);
  return camundaDefinition(el, def, what, problems, whole);
}

/** `whole`: the definition is a parameter's whole value (a non-FEEL script may be a job only there). */
function camundaDefinition(el: ModdleElement, def: ModdleElement, what: string, problems: ProblemList, whole = false): MappingValue | undefined {
  switch (def.$type) {
    case 'camunda:List': {
      const items: MappingValue[] = [];
      for (const item of (def.items as ModdleElement[] | undefined) ?? []) {
        const v = item.$type === 'camunda:Value' ? textValue(el, typeof item.value === 'string' ? item.value : '', what, problems, true) : camundaDefinition(el, item, what, problems);
        if (!v) return undefined;
        items.push(v);
      }
      return { kind: 'list', items };
    }
    case 'camunda:Map': {
      const entries: { key: string; value: MappingValue }[] = [];
      for (const entry of (def.entries as ModdleElement[] | undefined) ?? []) {
        const key = typeof entry.key === 'string' ? entry.key : '';
        if (!key) {
          problems.add('INVALID_IO_MAPPING', el, `A camunda:entry of ${what} has no key.`, 'give every map entry a key.');
          return undefined;
        }
        const v = camundaValue(el, entry, `${what} entry '${key}'`, problems);
        if (!v) return undefined;
        entries.push({ key, value: v });
      }
      return { kind: 'map', entries };
    }
    case 'camunda:Script': {
      const written = String(def.scriptFormat ?? '').trim();
      const format = written.toLowerCase();
      const resource = typeof def.resource === 'string' ? def.resource.trim() : '';
      const body = String(def.value ?? '');
      if (resource || format !== 'feel') {
        // Not FEEL: a job for the host's script:<format> handler, as a script task's (decision 0031).
        if (!whole) {
          problems.add('SCRIPT_LANGUAGE', el, `${what} holds a ${format || 'script'} script inside a list or map: Handoff runs FEEL only, and a script job can give a whole parameter only.`, 'write the item as FEEL (text starting with =), or make the whole parameter the script.');
          return undefined;
        }
        if (!format) {
          problems.add('SCRIPT_LANGUAGE', el, `${what} names no script format.`, 'set scriptFormat (e.g. freemarker): the script becomes a job of type script:<format> for a host handler.');
          return undefined;
        }
        if (!resource && !body.trim()) {
          problems.add('MISSING_EXPRESSION', el, `${what} has an empty ${format} script.`, 'write the script, point resource at it, or give the parameter a text value.');
          return undefined;
        }
        return { kind: 'script', format: written, ...(resource ? { resource } : { script: body }) };
      }
      const expr = feel(String(def.value ?? ''), el, what, problems, true);
      return expr ? { kind: 'expr', expr } : undefined;
    }
    default:
      problems.add('INVALID_IO_MAPPING', el, `${what} has an unknown value <${def.$type}>.`, 'use a text value, camunda:list, camunda:map or a FEEL camunda:script.');
      return undefined;
  }
}

/**
 * A text value: FEEL when it starts with `=`, JUEL when it holds `${…}` (translated to FEEL),
 * else a static string. Camunda 7 keeps surrounding whitespace out (`trim`), as its engine does.
 */
function textValue(el: ModdleElement, text: string, what: string, problems: ProblemList, trim = false): MappingValue | undefined {
  const t = text.trim();
  if (t.startsWith('=') || hasJuel(t)) {
    const expr = feel(t, el, what, problems);
    return expr ? { kind: 'expr', expr } : undefined;
  }
  return { kind: 'static', value: trim ? t : text };
}

const SEGMENT = /^[^\s.][^.]*$/;

/** A target path (`a.b.c`), or a problem. */
function parseTarget(el: ModdleElement, raw: unknown, what: string, problems: ProblemList): string[] | undefined {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const parts = text.split('.').map((s) => s.trim());
  if (!text || parts.some((s) => !SEGMENT.test(s))) {
    problems.add('INVALID_IO_MAPPING', el, `The target '${text}' of a ${what} is not a variable name or path.`, "write a variable name, or a nested path such as 'order.total'.");
    return undefined;
  }
  return parts;
}
