/**
 * Postfix semantic diff of main.cf parameters: explicit settings and the
 * effective values behind them (defaults, $name expansion, compatibility_level),
 * with list and restriction-list parameters diffed element by element.
 */
import type { PostfixParameter } from "../ast/postfix-nodes.js";
import type { Range } from "../ast/range.js";
import { effectiveValue, expandedValue, explicitParameter, isKnownParameter, knownParameterNames, variant, type PostfixConfig } from "../model/postfix/config.js";
import { referencedNames } from "../model/postfix/expand.js";
import { listElements, splitList, unbraceElement } from "../model/postfix/lists.js";
import { builtinParameter } from "../model/postfix/parameters.js";
import { TAKES_ARGUMENT } from "../relay/postfix/restrictions.js";
import { describeEdit, diffList, sameList } from "./lists.js";
import type { SemanticChange } from "./types.js";

/** A list element with where it was written; restriction arguments stay with their restriction. */
export interface DiffElement {
  text: string;
  range?: Range;
}

/**
 * AFTER with the ignored names set as BEFORE sets them, so that neither they
 * nor values derived from them ($myhostname in mydestination...) differ.
 */
export function neutralizePostfix(before: PostfixConfig, after: PostfixConfig, ignored: ReadonlySet<string>): PostfixConfig {
  if (ignored.size === 0) return after;
  const definitions = new Map(after.definitions);
  for (const name of ignored) {
    const b = before.definitions.get(name);
    if (b) definitions.set(name, b);
    else definitions.delete(name);
  }
  const userParameters = new Set(after.userParameters);
  for (const name of ignored) if (before.userParameters.has(name)) userParameters.add(name);
  return variant(after, { definitions, userParameters });
}

export function isListParameter(config: PostfixConfig, name: string): boolean {
  const facts = builtinParameter(name);
  return facts ? facts.list === true || facts.restrictionList === true : config.userParameters.has(name);
}

/** The elements of a list value; for restriction lists "check_x_access TYPE:TABLE" is one element. */
export function groupRestrictions(elements: DiffElement[], restrictionList: boolean): DiffElement[] {
  if (!restrictionList) return elements;
  const out: DiffElement[] = [];
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i]!;
    const next = elements[i + 1];
    if (TAKES_ARGUMENT.has(e.text) && next) {
      out.push({ text: `${e.text} ${next.text}`, ...(e.range ? { range: e.range } : {}) });
      i++;
    } else out.push(e);
  }
  return out;
}

function textElements(value: string): DiffElement[] {
  return splitList(value).map((e) => ({ text: unbraceElement(e.text) }));
}

const key = (e: DiffElement) => e.text;

/** Defaults that follow other parameters and decide who may relay or what is local: their derived changes are shown. */
const FOLLOWED_DEFAULTS = new Set(["relay_domains", "mydestination", "mynetworks", "myorigin", "local_recipient_maps", "relay_recipient_maps", "permit_mx_backup_networks", "smtpd_sasl_auth_enable"]);

function explicitText(config: PostfixConfig, p: PostfixParameter | undefined, list: boolean): string | undefined {
  if (!p) return undefined;
  return list ? p.elements.map((e) => (e.braced ? `{${e.inner}}` : e.text)).join(" ") : p.value;
}

export interface ParameterDiffContext {
  before: PostfixConfig;
  after: PostfixConfig;
  ignored: ReadonlySet<string>;
}

/** Every main.cf parameter whose explicit setting or effective value differs. */
export function diffParameters(ctx: ParameterDiffContext): SemanticChange[] {
  const { before, after } = ctx;
  // config_directory differs between the two trees being compared, not between the servers.
  const b: PostfixConfig = before;
  const a: PostfixConfig = variant(after, { dir: before.dir });
  const names = new Set<string>([...after.definitions.keys(), ...before.definitions.keys()]);
  for (const n of knownParameterNames(b)) names.add(n);
  for (const n of knownParameterNames(a)) names.add(n);
  const changes: SemanticChange[] = [];
  for (const name of names) {
    if (ctx.ignored.has(name) || name === "config_directory" || name === "process_id") continue;
    changes.push(...diffParameter(b, a, name));
  }
  return changes;
}

function diffParameter(b: PostfixConfig, a: PostfixConfig, name: string): SemanticChange[] {
  const list = isListParameter(a, name) || isListParameter(b, name);
  const eb = explicitParameter(b, name);
  const ea = explicitParameter(a, name);
  const xb = explicitText(b, eb, list);
  const xa = explicitText(a, ea, list);
  const explicitChanged = list ? !sameList(textElements(xb ?? ""), textElements(xa ?? ""), key) || (xb === undefined) !== (xa === undefined) : xb !== xa;
  const vb = expandedValue(b, name);
  const va = expandedValue(a, name);
  const effectiveChanged = list ? !sameList(textElements(vb ?? ""), textElements(va ?? ""), key) : vb !== va;
  if (!explicitChanged && !effectiveChanged) return [];
  const known = isKnownParameter(a, name) || isKnownParameter(b, name);
  const base = {
    section: "parameter" as const,
    subject: name,
    ...(eb ? { beforeRange: eb.range } : {}),
    ...(ea ? { afterRange: ea.range } : {}),
  };
  const show = (v: string | undefined) => (v === undefined ? "(not a parameter)" : v === "" ? "(empty)" : v);
  if (!known) {
    return [
      {
        ...base,
        action: xb === undefined ? "added" : xa === undefined ? "removed" : "changed",
        ...(xb !== undefined ? { before: xb } : {}),
        ...(xa !== undefined ? { after: xa } : {}),
        message: `${name} ${xb === undefined ? `set to ${show(xa)}` : xa === undefined ? "removed" : `changed: ${show(xb)} → ${show(xa)}`}`,
        effective: false,
        note: "not a Postfix parameter here: Postfix ignores it",
      },
    ];
  }
  if (!effectiveChanged) {
    const what =
      xb === undefined
        ? `${name} set explicitly to ${show(xa)}, the value already in effect`
        : xa === undefined
          ? `${name} = ${show(xb)} removed; the default has the same value`
          : `${name} rewritten (${show(xb)} → ${show(xa)}) with the same effective value`;
    return [{ ...base, action: xb === undefined ? "added" : xa === undefined ? "removed" : "changed", ...(xb !== undefined ? { before: xb } : {}), ...(xa !== undefined ? { after: xa } : {}), message: what, effective: false }];
  }
  const note = explicitChanged ? undefined : effectiveCause(b, a, name);
  // A default built from other parameters (proxy_read_maps, tlsproxy_*...) follows them: those changes are reported already.
  if (!explicitChanged && !eb && !ea && note?.startsWith("through ") && !FOLLOWED_DEFAULTS.has(name) && builtinParameter(name)?.restrictionList !== true) return [];
  const restriction = builtinParameter(name)?.restrictionList === true;
  const elsB = list ? groupRestrictions(elementsOf(b, name), restriction) : [];
  const elsA = list ? groupRestrictions(elementsOf(a, name), restriction) : [];
  if (list && elsB.length > 0 && elsA.length > 0 && (restriction || elsB.length > 1 || elsA.length > 1)) {
    return diffList(elsB, elsA, key).map((e) => ({
      ...base,
      action: e.op,
      element: (e.after ?? e.before)!.text,
      ...(e.before ? { before: e.before.text } : {}),
      ...(e.after ? { after: e.after.text } : {}),
      ...(e.before?.range ? { beforeRange: e.before.range } : {}),
      ...(e.after?.range ? { afterRange: e.after.range } : {}),
      message: describeEdit(e, key, name),
      effective: true,
      ...(note ? { note } : {}),
    }));
  }
  const action = xb === undefined && xa !== undefined ? "added" : xa === undefined && xb !== undefined ? "removed" : "changed";
  const message =
    action === "added"
      ? `${name} set to ${show(xa)} (was ${show(vb)} by default)`
      : action === "removed"
        ? `${name} = ${show(xb)} removed; the default ${show(va)} applies`
        : explicitChanged
          ? `${name} changed: ${show(vb)} → ${show(va)}`
          : `${name}: effective value changed: ${show(vb)} → ${show(va)}`;
  return [{ ...base, action, before: vb ?? "", after: va ?? "", message, effective: true, ...(note ? { note } : {}) }];
}

/** List elements as Postfix uses them, with $name references replaced by their elements. */
function elementsOf(config: PostfixConfig, name: string): DiffElement[] {
  return listElements(config, name).map((e) => ({ text: e.text, ...(e.range ? { range: e.range } : {}) }));
}

/** Why an effective value changed though its setting did not: a default's compatibility_level, or a $name it refers to. */
function effectiveCause(b: PostfixConfig, a: PostfixConfig, name: string): string | undefined {
  const rb = effectiveValue(b, name);
  const ra = effectiveValue(a, name);
  if (rb?.source === "default" && ra?.source === "default" && rb.value !== ra.value) {
    return `the default differs${b.targetVersion || a.targetVersion ? ` (Postfix ${b.targetVersion ?? "?"} → ${a.targetVersion ?? "?"})` : ""}`;
  }
  const refs = referencedNames(ra?.value ?? "").filter((r) => expandedValue(b, r) !== expandedValue(a, r));
  if (refs.includes("compatibility_level")) {
    return `its default depends on compatibility_level (${expandedValue(b, "compatibility_level")} → ${expandedValue(a, "compatibility_level")}` +
      `${b.targetVersion || a.targetVersion ? `; Postfix ${b.targetVersion ?? "?"} → ${a.targetVersion ?? "?"}` : ""})`;
  }
  if (refs.length > 0) return `through ${refs.map((r) => `$${r}`).join(", ")}`;
  if (rb?.value.includes("$compatibility_level") || ra?.value.includes("$compatibility_level")) {
    return `its default depends on compatibility_level, which Postfix ${b.targetVersion ?? "?"} and ${a.targetVersion ?? "?"} apply differently`;
  }
  return undefined;
}
