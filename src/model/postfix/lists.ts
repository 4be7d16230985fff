/**
 * Postfix list values: split as Postfix splits them (mystrtokq() with
 * ", \t\r\n" separators and "{...}" groups kept whole), and resolved to
 * elements that remember where each was written, through $name references.
 */
import type { MasterService } from "../../ast/postfix-nodes.js";
import type { Range } from "../../ast/range.js";
import { defaultsVariantOf, effectiveValue, expandValue, explicitParameter, memoMap, readingNames, type PostfixConfig } from "./config.js";

export interface ListElement {
  /** The element after $name expansion (braces of a {...} group removed and trimmed). */
  text: string;
  /** Where it was written: a main.cf element, an -o value, or undefined for a default. */
  range?: Range;
  /** How it was reached, e.g. "smtpd_relay_restrictions", "$mua_relay_restrictions". */
  origin: string;
}

/** Split a list value into its elements with their offsets in `value`. */
export function splitList(value: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  let i = 0;
  const isSep = (c: string) => c === "," || c === " " || c === "\t" || c === "\r" || c === "\n";
  while (i < value.length) {
    while (i < value.length && isSep(value[i]!)) i++;
    if (i >= value.length) break;
    const start = i;
    let depth = 0;
    while (i < value.length) {
      const c = value[i]!;
      if (c === "{") depth++;
      else if (c === "}" && depth > 0) depth--;
      else if (depth === 0 && isSep(c)) break;
      i++;
    }
    out.push({ text: value.slice(start, i), start, end: i });
  }
  return out;
}

function hasSeparator(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // , space \t \r \n: splitList's separators
    if (c === 44 || c === 32 || c === 9 || c === 13 || c === 10) return true;
  }
  return false;
}

/** "{ a b }" → "a b"; anything else unchanged. */
export function unbraceElement(text: string): string {
  return text.startsWith("{") && text.endsWith("}") ? text.slice(1, -1).trim() : text;
}

/** Ten times the nesting Postfix accepts (expand.ts): no configuration it runs gets near it. */
const MAX_REFERENCE_DEPTH = 1000;

const WHOLE_REF = /^\$(?:\{([A-Za-z0-9_]+)\}|\(([A-Za-z0-9_]+)\)|([A-Za-z0-9_]+))$/;

/**
 * The elements of list parameter `name` as Postfix uses them (for a
 * master.cf service when given). An element that is exactly `$other` is
 * replaced by other's elements with their own ranges; other elements are
 * expanded in place.
 */
export function listElements(config: PostfixConfig, name: string, service?: MasterService): ListElement[] {
  // Asked many times per configuration (every relay probe reads mynetworks, mydestination and the
  // restriction lists): kept on it. Callers must not modify the array or its elements.
  const global = globalList(config, name);
  if (!service) return global.elements;
  const lists = memoMap<ListElement[]>(config, "list elements", service);
  let elements = lists.get(name);
  if (!elements) {
    // Most lists read no name the service sets with -o (most services set none): they are the global list.
    elements = dependsOnService(global.names, service)
      ? elementsOf(config, name, service, [name], { left: elementBudget(config) })
      : global.elements;
    lists.set(name, elements);
  }
  return elements;
}

/** A list's global elements, with every parameter name whose value, default or absence they were made from. */
interface GlobalList {
  elements: ListElement[];
  names: Set<string>;
}

function globalList(config: PostfixConfig, name: string): GlobalList {
  const lists = memoMap<GlobalList>(config, "global list elements", undefined);
  let list = lists.get(name);
  if (!list) {
    // The same configuration judged with another release's defaults (the relay rules make several
    // per host) has the same list when the list reads none of the defaults that differ.
    const variant = defaultsVariantOf(config);
    if (variant) {
      const original = globalList(variant.of, name);
      if (!readsAny(original.names, variant.changed)) list = original;
    }
    if (!list) {
      const names = new Set<string>();
      const elements = readingNames(names, () => elementsOf(config, name, undefined, [name], { left: elementBudget(config) }));
      list = { elements, names };
    }
    lists.set(name, list);
  }
  return list;
}

function readsAny(names: Set<string>, changed: ReadonlyMap<string, unknown>): boolean {
  for (const n of names) if (changed.has(n)) return true;
  return false;
}

/**
 * Whether a list made from the values of `names` can differ for `service`: only where the service
 * sets one of them with -o, or where $service_name (the service's own name there) was read.
 * Defaults computed from other parameters (mynetworks, mydomain) read the global values in both.
 */
function dependsOnService(names: Set<string>, service: MasterService): boolean {
  if (names.has("service_name")) return true;
  for (const o of service.overrides) if (names.has(o.name)) return true;
  return false;
}

/**
 * A list that expands to more elements than this is a runaway (a = $b $b,
 * b = $c $c... doubles at each step), not a configuration. The budget grows
 * with what main.cf itself writes, so a long list written out in full (a
 * mynetworks of 100,000 networks) is read to its end: a runaway outgrows any
 * multiple of the file within a few steps.
 */
const MAX_ELEMENTS = 10_000;

// Per main.cf, counted once: rules ask for the elements of every restriction class, and
// counting all of main.cf for each made a main.cf of n classes cost n² (bench: scaling).
const budgets = new WeakMap<object, number>();

function elementBudget(config: PostfixConfig): number {
  const main = config.mainCf;
  if (!main) return MAX_ELEMENTS;
  let budget = budgets.get(main);
  if (budget === undefined) {
    let written = 0;
    for (const p of main.parameters) written += p.elements.length;
    budget = Math.max(MAX_ELEMENTS, 4 * written);
    budgets.set(main, budget);
  }
  return budget;
}

function elementsOf(config: PostfixConfig, name: string, service: MasterService | undefined, path: string[], budget: { left: number }): ListElement[] {
  const ev = effectiveValue(config, name, service);
  if (!ev) return [];
  const param = ev.source === "main.cf" ? explicitParameter(config, name) : undefined;
  const raw: readonly { text: string; range?: Range }[] = param
    ? param.elements
    : splitList(ev.value).map((e) => ({
        text: e.text,
        ...(ev.source === "master.cf -o" && ev.range ? { range: ev.range } : {}),
      }));
  const out: ListElement[] = [];
  for (const r of raw) {
    const m = r.text.startsWith("$") ? WHOLE_REF.exec(r.text) : null;
    const ref = m ? (m[1] ?? m[2] ?? m[3])! : undefined;
    // A reference back into the chain being resolved is a loop Postfix refuses ("unreasonable macro call nesting"): it adds nothing.
    // So is a chain of references far deeper than Postfix follows (it refuses past 100 nested references,
    // which the model reports): followed further, it would exhaust the stack here.
    if (ref && (path.includes(ref) || path.length > MAX_REFERENCE_DEPTH)) continue;
    if (ref && effectiveValue(config, ref, service)) {
      path.push(ref);
      const origin = `${name} → $${ref}`;
      for (const e of elementsOf(config, ref, service, path, budget)) {
        const el: ListElement = { text: e.text, origin };
        if (e.range) el.range = e.range;
        out.push(el);
      }
      path.pop();
      continue;
    }
    const expanded = r.text.includes("$") ? expandValue(config, r.text, service).value : r.text;
    // Most elements are one word: splitList would return it whole.
    const pieces = hasSeparator(expanded) || expanded === "" ? splitList(expanded).map((p) => p.text) : [expanded];
    for (const piece of pieces) {
      if (--budget.left < 0) return out;
      const el: ListElement = { text: unbraceElement(piece), origin: name };
      if (r.range) el.range = r.range;
      out.push(el);
    }
  }
  return out;
}
