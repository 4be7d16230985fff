/** Every place in an Exim configuration that holds an expandable string, with what it belongs to. */
import type { EximAclCondition, EximConfig, EximDriverInstance, EximOption } from "../../ast/exim-nodes.js";
import type { Range } from "../../ast/range.js";

export interface EximStringSite {
  /** The text as Exim reads it (macros substituted). */
  text: string;
  /** Where it is written; exact offsets only when `exact`. */
  range: Range;
  /** True when text[i] sits at range.start + i (one physical line, no macro). */
  exact: boolean;
  /** "main option X", "option X of the appendfile transport \"T\"", "ACL condition X". */
  owner: string;
  option?: EximOption;
  driver?: EximDriverInstance;
  condition?: EximAclCondition;
  via?: string[];
}

function site(text: string, range: Range, owner: string, via: string[] | undefined, extra: Partial<EximStringSite>): EximStringSite {
  return { text, range, exact: !via && range.end - range.start === text.length, owner, ...(via ? { via } : {}), ...extra };
}

export function eximStringSites(config: EximConfig): EximStringSite[] {
  const out: EximStringSite[] = [];
  for (const o of config.mainOptions) {
    if (o.value !== undefined && o.valueRange) out.push(site(o.value, o.valueRange, `main option ${o.name}`, o.via, { option: o }));
  }
  for (const d of [...config.routers, ...config.transports, ...config.authenticators]) {
    for (const o of d.options) {
      if (o.value === undefined || !o.valueRange) continue;
      out.push(site(o.value, o.valueRange, `option ${o.name} of the ${d.driver ?? ""} ${d.kind} "${d.name}"`, o.via, { option: o, driver: d }));
    }
  }
  for (const acl of config.acls) {
    for (const st of acl.statements) {
      for (const c of st.conditions) {
        if (c.value !== undefined && c.valueRange) out.push(site(c.value, c.valueRange, `${c.name} in ACL ${acl.name}`, c.via, { condition: c }));
      }
    }
  }
  for (const l of config.namedLists) out.push(site(l.value, l.valueRange, `${l.listType} ${l.name}`, l.via, {}));
  return out;
}

/** The sub-range of a site for text offsets [a, b), or the whole value when offsets do not map. */
export function siteRange(s: EximStringSite, a: number, b: number): Range {
  return s.exact ? { file: s.range.file, start: s.range.start + a, end: s.range.start + b } : s.range;
}
