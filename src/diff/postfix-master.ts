/**
 * master.cf: services added and removed (by name and type, as master(8)
 * identifies them), their columns and command arguments, and -o overrides
 * (list-valued overrides element by element).
 */
import type { MasterCf, MasterOverride, MasterService } from "../ast/postfix-nodes.js";
import type { PostfixConfig } from "../model/postfix/config.js";
import { splitList, unbraceElement } from "../model/postfix/lists.js";
import { builtinParameter } from "../model/postfix/parameters.js";
import { describeEdit, diffList } from "./lists.js";
import { groupRestrictions, isListParameter, type DiffElement } from "./postfix.js";
import type { SemanticChange } from "./types.js";

const COLUMNS = ["private", "unpriv", "chroot", "wakeup", "maxproc", "command"] as const;

const serviceKey = (s: MasterService) => `${s.name}/${s.serviceType}`;

function byKey(cf: MasterCf | undefined): Map<string, MasterService> {
  const m = new Map<string, MasterService>();
  // master(8) refuses duplicate entries; the last one is what we compare.
  for (const s of cf?.services ?? []) m.set(serviceKey(s), s);
  return m;
}

/** Command arguments other than -o overrides. */
function plainArgs(s: MasterService): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.args.length; i++) {
    const t = s.args[i]!.text;
    if (t === "-o") i++;
    else if (!t.startsWith("-o")) out.push(t);
  }
  return out;
}

function lastOverrides(s: MasterService): Map<string, MasterOverride> {
  const m = new Map<string, MasterOverride>();
  for (const o of s.overrides) m.set(o.name, o);
  return m;
}

export function diffMasterCf(before: PostfixConfig, after: PostfixConfig, ignored: ReadonlySet<string>): SemanticChange[] {
  const b = byKey(before.masterCf);
  const a = byKey(after.masterCf);
  const changes: SemanticChange[] = [];
  const describe = (s: MasterService) => `${s.name} (${s.serviceType}, ${s.command.text})`;
  for (const [k, sa] of a) {
    const sb = b.get(k);
    if (!sb) {
      changes.push({ section: "master.cf service", action: "added", subject: sa.name, after: describe(sa), afterRange: sa.range, message: `service ${describe(sa)} added`, effective: true });
      continue;
    }
    changes.push(...diffService(before, after, sb, sa, ignored));
  }
  for (const [k, sb] of b) {
    if (!a.has(k)) changes.push({ section: "master.cf service", action: "removed", subject: sb.name, before: describe(sb), beforeRange: sb.range, message: `service ${describe(sb)} removed`, effective: true });
  }
  return changes;
}

function diffService(before: PostfixConfig, after: PostfixConfig, sb: MasterService, sa: MasterService, ignored: ReadonlySet<string>): SemanticChange[] {
  const changes: SemanticChange[] = [];
  const base = { section: "master.cf service" as const, subject: sa.name };
  for (const col of COLUMNS) {
    if (sb[col].text !== sa[col].text) {
      changes.push({ ...base, action: "changed", element: col, before: sb[col].text, after: sa[col].text, beforeRange: sb[col].range, afterRange: sa[col].range, message: `service ${sa.name}: ${col} ${sb[col].text} → ${sa[col].text}`, effective: true });
    }
  }
  const ab = plainArgs(sb).join(" ");
  const aa = plainArgs(sa).join(" ");
  if (ab !== aa) changes.push({ ...base, action: "changed", element: "arguments", before: ab, after: aa, beforeRange: sb.range, afterRange: sa.range, message: `service ${sa.name}: arguments "${ab}" → "${aa}"`, effective: true });
  const ob = lastOverrides(sb);
  const oa = lastOverrides(sa);
  for (const [name, o] of oa) {
    if (ignored.has(name)) continue;
    const prev = ob.get(name);
    if (!prev) {
      changes.push({ ...base, action: "added", element: `-o ${name}`, after: o.value, afterRange: o.range, message: `service ${sa.name}: -o ${name}=${o.value} added`, effective: true });
    } else if (normalized(after, name, prev.value) !== normalized(after, name, o.value)) {
      changes.push(...overrideChanged(before, sa.name, name, prev, o));
    }
  }
  for (const [name, o] of ob) {
    if (ignored.has(name) || oa.has(name)) continue;
    changes.push({ ...base, action: "removed", element: `-o ${name}`, before: o.value, beforeRange: o.range, message: `service ${sa.name}: -o ${name}=${o.value} removed`, effective: true });
  }
  return changes;
}

function elements(value: string, o: MasterOverride, restriction: boolean): DiffElement[] {
  return groupRestrictions(
    splitList(value).map((e) => ({ text: unbraceElement(e.text), range: o.range })),
    restriction,
  );
}

function normalized(config: PostfixConfig, name: string, value: string): string {
  return isListParameter(config, name) ? splitList(value).map((e) => unbraceElement(e.text)).join(" ") : value;
}

function overrideChanged(config: PostfixConfig, service: string, name: string, prev: MasterOverride, o: MasterOverride): SemanticChange[] {
  const base = { section: "master.cf service" as const, subject: service, element: `-o ${name}` };
  const restriction = builtinParameter(name)?.restrictionList === true;
  const eb = elements(prev.value, prev, restriction);
  const ea = elements(o.value, o, restriction);
  if (isListParameter(config, name) && eb.length > 0 && ea.length > 0 && (restriction || eb.length > 1 || ea.length > 1)) {
    return diffList(eb, ea, (e) => e.text).map((e) => ({
      ...base,
      action: e.op,
      ...(e.before ? { before: e.before.text, beforeRange: prev.range } : {}),
      ...(e.after ? { after: e.after.text, afterRange: o.range } : {}),
      message: describeEdit(e, (x) => x.text, `${name} (-o on service ${service})`),
      effective: true,
    }));
  }
  return [{ ...base, action: "changed", before: prev.value, after: o.value, beforeRange: prev.range, afterRange: o.range, message: `service ${service}: -o ${name} changed: ${prev.value || "(empty)"} → ${o.value || "(empty)"}`, effective: true }];
}
