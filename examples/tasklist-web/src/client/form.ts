/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Draw a form from JSON Schema (as `z.toJSONSchema` writes it) and read it back.
 * Objects become fieldsets, enums selects, booleans yes/no selects (a `const: true` a
 * checkbox), numbers number inputs, strings text inputs. Empty inputs are left out, so a
 * missing required field is reported by the server, in the schema's own words.
 *
 * @module
 */

/** The subset of JSON Schema the generator reads. */
export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: (string | number)[];
  const?: unknown;
  default?: unknown;
  format?: string;
  items?: Schema;
  description?: string;
  title?: string;
}

/** A field-level error from the API (`error.issues[]`). */
export interface Issue {
  field: string;
  message: string;
}

/** Draw `schema` into `form` (replacing its content). */
export function drawForm(form: HTMLFormElement, schema: Schema): void {
  form.noValidate = true; // the server's messages are the ones to show
  form.replaceChildren(...fields(schema, []));
  const errors = document.createElement('p');
  errors.className = 'form-error';
  errors.dataset.testid = 'form-error';
  form.append(errors);
}

function fields(schema: Schema, path: string[]): HTMLElement[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, prop]) => field(name, prop, [...path, name], required.has(name)));
}

function field(name: string, s: Schema, path: string[], required: boolean): HTMLElement {
  const key = path.join('.');
  if (s.type === 'object' && s.properties) {
    const set = document.createElement('fieldset');
    set.dataset.field = key;
    const legend = document.createElement('legend');
    legend.textContent = label(name, s, required);
    set.append(legend, ...fields(s, path), hint());
    return set;
  }
  const wrap = document.createElement('label');
  wrap.className = 'field';
  wrap.dataset.field = key;
  const caption = document.createElement('span');
  caption.textContent = label(name, s, required);
  wrap.append(caption, input(key, s), hint());
  return wrap;
}

function input(key: string, s: Schema): HTMLElement {
  let el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  if (s.enum) {
    el = select([['', '— choose —'], ...s.enum.map((v) => [String(v), String(v)] as [string, string])]);
    el.dataset.kind = typeof s.enum[0] === 'number' ? 'number' : 'string';
  } else if (s.type === 'boolean' && s.const === true) {
    el = document.createElement('input');
    el.type = 'checkbox';
    el.dataset.kind = 'true';
  } else if (s.type === 'boolean') {
    el = select([['', '— choose —'], ['true', 'yes'], ['false', 'no']]);
    el.dataset.kind = 'boolean';
  } else if (s.type === 'number' || s.type === 'integer') {
    el = document.createElement('input');
    el.type = 'number';
    el.step = 'any';
    el.dataset.kind = 'number';
  } else if (s.type === 'array') {
    el = document.createElement('textarea');
    el.placeholder = 'one per line';
    el.dataset.kind = 'lines';
  } else {
    el = document.createElement('input');
    el.type = 'text';
    if (s.format === 'date-time') el.placeholder = '2026-03-03T10:00:00+08:00';
    el.dataset.kind = 'string';
  }
  el.name = key;
  if (s.default !== undefined && !(el instanceof HTMLInputElement && el.type === 'checkbox')) el.value = String(s.default);
  return el;
}

function select(options: [string, string][]): HTMLSelectElement {
  const el = document.createElement('select');
  for (const [value, text] of options) el.append(new Option(text, value));
  return el;
}

function hint(): HTMLElement {
  const p = document.createElement('small');
  p.className = 'issue';
  return p;
}

function label(name: string, s: Schema, required: boolean): string {
  return `${s.title ?? name}${required ? ' *' : ''}`;
}

/** The form's values as a nested object; empty inputs are left out. */
export function readForm(form: HTMLFormElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const el of form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('[name]')) {
    const v = value(el);
    if (v === undefined) continue;
    const path = el.name.split('.');
    let at = out;
    for (const p of path.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[path[path.length - 1]!] = v;
  }
  return out;
}

function value(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): unknown {
  const kind = el.dataset.kind;
  if (kind === 'true') return (el as HTMLInputElement).checked ? true : undefined;
  const raw = el.value.trim();
  if (raw === '') return undefined;
  if (kind === 'boolean') return raw === 'true';
  if (kind === 'number') return Number(raw);
  if (kind === 'lines') return raw.split('\n').map((l) => l.trim()).filter(Boolean);
  return raw;
}

/** Show the API's errors: each issue next to its field (or its closest fieldset), the rest on top. */
export function showErrors(form: HTMLFormElement, message: string, issues: Issue[] = []): void {
  for (const el of form.querySelectorAll('.issue')) el.textContent = '';
  for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
  const loose: string[] = [];
  for (const i of issues) {
    const target = closestField(form, i.field);
    const slot = target?.querySelector(':scope > .issue');
    if (target && slot) {
      target.classList.add('invalid');
      slot.textContent = slot.textContent ? `${slot.textContent}; ${i.message}` : i.message;
    } else loose.push(i.message);
  }
  const top = form.querySelector<HTMLElement>('.form-error')!;
  top.textContent = issues.length && !loose.length ? 'Please correct the fields marked below.' : [message, ...loose].filter(Boolean).join(' ');
}

function closestField(form: HTMLFormElement, field: string): HTMLElement | undefined {
  const parts = field.split('.');
  for (let n = parts.length; n > 0; n--) {
    const el = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(parts.slice(0, n).join('.'))}"]`);
    if (el) return el;
  }
  return undefined;
}
