/**
 * Exim semantic diff: main options (effective values as exim -bP prints
 * them, defaults included), named lists member by member, ACLs (exim-acl.ts),
 * routers/transports/authenticators option by option (router order too: Exim
 * tries routers in order), and macros with the settings that use them.
 */
import type { EximConfig, EximDriverInstance, EximNodeBase, EximOption } from "../ast/exim-nodes.js";
import { eximOptionValue } from "../model/exim/print.js";
import { splitEximList } from "../model/exim/lists.js";
import { diffAcls } from "./exim-acl.js";
import { describeEdit, diffList } from "./lists.js";
import type { ChangeSection, SemanticChange } from "./types.js";

const squash = (s: string | undefined) => (s ?? "").replace(/\s+/g, " ").trim();

/** AFTER with the ignored main and driver options set as BEFORE sets them. */
export function neutralizeExim(before: EximConfig, after: EximConfig, ignored: ReadonlySet<string>): EximConfig {
  if (ignored.size === 0) return after;
  const keep = (o: EximOption) => !ignored.has(o.name);
  const drivers = (b: EximDriverInstance[], a: EximDriverInstance[]) =>
    a.map((d) => {
      const prev = b.find((x) => x.name === d.name);
      return { ...d, options: [...d.options.filter(keep), ...(prev?.options.filter((o) => !keep(o)) ?? [])] };
    });
  return {
    ...after,
    mainOptions: [...after.mainOptions.filter(keep), ...before.mainOptions.filter((o) => !keep(o))],
    routers: drivers(before.routers, after.routers),
    transports: drivers(before.transports, after.transports),
    authenticators: drivers(before.authenticators, after.authenticators),
  };
}

export function diffExim(before: EximConfig, after: EximConfig, ignored: ReadonlySet<string>): SemanticChange[] {
  const changes = [
    ...diffMacros(before, after, ignored),
    ...diffMainOptions(before, after, ignored),
    ...diffNamedLists(before, after, ignored),
    ...diffAcls(before.acls, after.acls),
    ...diffDrivers("router", before.routers, after.routers, ignored),
    ...diffDrivers("transport", before.transports, after.transports, ignored),
    ...diffDrivers("authenticator", before.authenticators, after.authenticators, ignored),
  ];
  return changes;
}

function lastByName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const i of items) m.set(i.name, i);
  return m;
}

function optionText(o: EximOption | undefined): string | undefined {
  if (!o) return undefined;
  return `${o.negated ? "no_" : ""}${o.name}${o.value !== undefined ? ` = ${squash(o.value)}` : ""}`;
}

function diffMainOptions(before: EximConfig, after: EximConfig, ignored: ReadonlySet<string>): SemanticChange[] {
  const b = lastByName(before.mainOptions);
  const a = lastByName(after.mainOptions);
  const names = new Set([...a.keys(), ...b.keys()]);
  const changes: SemanticChange[] = [];
  for (const name of names) {
    if (ignored.has(name)) continue;
    const ob = b.get(name);
    const oa = a.get(name);
    const xb = optionText(ob);
    const xa = optionText(oa);
    const pb = eximOptionValue(before, name)?.line ?? xb;
    const pa = eximOptionValue(after, name)?.line ?? xa;
    if (xb === xa && pb === pa) continue;
    const action = !ob ? "added" : !oa ? "removed" : "changed";
    const effective = pb !== pa;
    const message = !effective
      ? `${name}: setting ${action === "added" ? `"${xa}" added` : action === "removed" ? `"${xb}" removed` : "rewritten"}, the value in effect is the same (${pa})`
      : action === "added"
        ? `main option ${xa} set (was ${pb ?? "unset"})`
        : action === "removed"
          ? `main option ${xb} removed; now ${pa ?? "unset"}`
          : `main option changed: ${pb} → ${pa}`;
    changes.push({
      section: "main option",
      action,
      subject: name,
      ...(xb !== undefined ? { before: pb ?? xb } : {}),
      ...(xa !== undefined ? { after: pa ?? xa } : {}),
      ...(ob ? { beforeRange: ob.range } : {}),
      ...(oa ? { afterRange: oa.range } : {}),
      message,
      effective,
    });
  }
  return changes;
}

function diffNamedLists(before: EximConfig, after: EximConfig, ignored: ReadonlySet<string>): SemanticChange[] {
  const b = lastByName(before.namedLists);
  const a = lastByName(after.namedLists);
  const changes: SemanticChange[] = [];
  for (const [name, la] of a) {
    if (ignored.has(name)) continue;
    const lb = b.get(name);
    const title = `${la.listType} ${name}`;
    if (!lb) {
      changes.push({ section: "named list", action: "added", subject: name, after: la.value, afterRange: la.range, message: `${title} = ${squash(la.value)} added`, effective: true });
      continue;
    }
    if (lb.listType !== la.listType) {
      changes.push({ section: "named list", action: "changed", subject: name, before: lb.listType, after: la.listType, beforeRange: lb.range, afterRange: la.range, message: `named list ${name}: ${lb.listType} → ${la.listType}`, effective: true });
    }
    const items = (v: string) => splitEximList(v).map((i) => i.text);
    for (const e of diffList(items(lb.value), items(la.value), (t) => t)) {
      changes.push({
        section: "named list",
        action: e.op,
        subject: name,
        element: (e.after ?? e.before)!,
        ...(e.before !== undefined ? { before: e.before, beforeRange: lb.valueRange } : {}),
        ...(e.after !== undefined ? { after: e.after, afterRange: la.valueRange } : {}),
        message: describeEdit(e, (t) => t || "(empty item)", title),
        effective: true,
      });
    }
  }
  for (const [name, lb] of b) {
    if (!ignored.has(name) && !a.has(name)) changes.push({ section: "named list", action: "removed", subject: name, before: lb.value, beforeRange: lb.range, message: `${lb.listType} ${name} removed`, effective: true });
  }
  return changes;
}

type DriverKind = "router" | "transport" | "authenticator";

function diffDrivers(kind: DriverKind, before: EximDriverInstance[], after: EximDriverInstance[], ignored: ReadonlySet<string>): SemanticChange[] {
  const section: ChangeSection = kind;
  const b = lastByName(before);
  const a = lastByName(after);
  const changes: SemanticChange[] = [];
  for (const [name, da] of a) {
    const db = b.get(name);
    if (!db) {
      const note = da.options.map((o) => taintNote(o.name, undefined, o)).find((n) => n !== undefined);
      changes.push({ section, action: "added", subject: name, after: da.driver ?? "", afterRange: da.nameRange, message: `${kind} ${name} (driver ${da.driver ?? "?"}) added`, effective: true, ...(note ? { note } : {}) });
      continue;
    }
    const ob = lastByName(db.options);
    const oa = lastByName(da.options);
    for (const opt of new Set([...oa.keys(), ...ob.keys()])) {
      if (ignored.has(opt)) continue;
      const xb = optionText(ob.get(opt));
      const xa = optionText(oa.get(opt));
      if (xb === xa) continue;
      const action = xb === undefined ? "added" : xa === undefined ? "removed" : "changed";
      const note = taintNote(opt, ob.get(opt), oa.get(opt));
      changes.push({
        section,
        action,
        subject: name,
        element: opt,
        ...(xb !== undefined ? { before: xb, beforeRange: ob.get(opt)!.range } : {}),
        ...(xa !== undefined ? { after: xa, afterRange: oa.get(opt)!.range } : {}),
        message: `${kind} ${name}: ${action === "added" ? `${xa} added` : action === "removed" ? `${xb} removed` : `${xb} → ${xa}`}`,
        effective: true,
        ...(note ? { note } : {}),
      });
    }
  }
  for (const [name, db] of b) {
    if (!a.has(name)) changes.push({ section, action: "removed", subject: name, before: db.driver ?? "", beforeRange: db.nameRange, message: `${kind} ${name} (driver ${db.driver ?? "?"}) removed`, effective: true });
  }
  if (kind === "router") {
    // Exim offers an address to each router in turn: the order of the routers both sides have is meaning.
    const common = (list: EximDriverInstance[], other: Map<string, EximDriverInstance>) => list.filter((d) => other.has(d.name));
    for (const e of diffList(common(before, a), common(after, b), (d) => d.name)) {
      if (e.op !== "moved") continue;
      changes.push({ section, action: "moved", subject: e.after!.name, beforeRange: e.before!.nameRange, afterRange: e.after!.nameRange, message: describeEdit(e, (d) => `router ${d.name}`, "the router order"), effective: true });
    }
  }
  return changes;
}

/** Variables Exim 4.94+ marks tainted (they come from the message); file and command options refuse them. */
const TAINTED = /\$\{?(local_part|domain|local_part_prefix|local_part_suffix|original_local_part|original_domain|sender_address|sender_address_local_part|sender_address_domain)\b(?!_data)/;
const PATH_OPTIONS = new Set(["file", "directory", "create_file", "require_files", "command", "home_directory", "current_directory", "router_home_directory", "transport_filter", "maildir_tag"]);

function taintNote(opt: string, ob: EximOption | undefined, oa: EximOption | undefined): string | undefined {
  if (!PATH_OPTIONS.has(opt)) return undefined;
  const tb = TAINTED.test(ob?.value ?? "");
  const ta = TAINTED.test(oa?.value ?? "");
  if (ta && !tb) return `AFTER builds ${opt} from tainted data: Exim 4.94 and later refuse it at delivery ("Tainted filename"); use the _data variable a router check sets`;
  if (tb && !ta) return `taint fix: BEFORE built ${opt} from tainted data, which Exim 4.94 and later refuse at delivery`;
  return undefined;
}

function diffMacros(before: EximConfig, after: EximConfig, ignored: ReadonlySet<string>): SemanticChange[] {
  const live = (c: EximConfig) => lastByName(c.macros.filter((m) => !m.overriddenByDefine));
  const b = live(before);
  const a = live(after);
  const changes: SemanticChange[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    if (ignored.has(name)) continue;
    const mb = b.get(name);
    const ma = a.get(name);
    if (mb && ma && squash(mb.value) === squash(ma.value)) continue;
    const action = !mb ? "added" : !ma ? "removed" : "changed";
    const users = [...new Set([...macroUsers(before, name), ...macroUsers(after, name)])];
    changes.push({
      section: "macro",
      action,
      subject: name,
      ...(mb ? { before: mb.value, beforeRange: mb.range } : {}),
      ...(ma ? { after: ma.value, afterRange: ma.range } : {}),
      message: `macro ${name} ${action === "added" ? `= ${ma!.value} defined` : action === "removed" ? "removed" : `changed: ${mb!.value} → ${ma!.value}`}`,
      // A macro has meaning only through the text it is substituted into (or the .ifdef it satisfies).
      effective: users.length > 0,
      note: users.length > 0 ? `used by ${users.slice(0, 8).join(", ")}${users.length > 8 ? ", ..." : ""}; their changes are listed with them` : "not used in an option, list, ACL or driver",
    });
  }
  return changes;
}

/** Settings whose text came through macro `name`. */
function macroUsers(config: EximConfig, name: string): string[] {
  const tag = `macro ${name} `;
  const through = (n: EximNodeBase) => n.via?.some((v) => v.startsWith(tag)) === true;
  const out: string[] = [];
  for (const o of config.mainOptions) if (through(o)) out.push(o.name);
  for (const l of config.namedLists) if (through(l)) out.push(`${l.listType} ${l.name}`);
  for (const acl of config.acls) if (acl.statements.some((s) => through(s) || s.conditions.some(through))) out.push(`ACL ${acl.name}`);
  for (const [kind, list] of [["router", config.routers], ["transport", config.transports], ["authenticator", config.authenticators]] as const) {
    for (const d of list) if (through(d) || d.options.some(through)) out.push(`${kind} ${d.name}`);
  }
  return out;
}
