/**
 * Checks Exim itself makes when it reads a configuration (readconf.c, acl.c):
 * unknown options, verbs and conditions, missing "=", `no_` on a non-boolean,
 * drivers. Messages use Exim's own words so users can match them with exim -bV.
 */
import type { EximConfig, EximDriverInstance, EximOption } from "../../ast/exim-nodes.js";
import type { Diagnostic } from "../../diagnostics.js";
import { Severity } from "../../engine/severity.js";
import aclData from "../data/exim-acl.json" with { type: "json" };
import { driverInBuild, driverOption, isBooleanType, mainOption, type OptionInfo } from "./options.js";
import { parseEximBool } from "./values.js";

export function checkEximConfig(config: EximConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  const error = (code: string, message: string, node: { range: EximOption["range"]; via?: string[] }, range = node.range) =>
    out.push({ code, severity: Severity.Error, message, range, ...(node.via ? { via: node.via } : {}) });

  setTwice(config.mainOptions, error);
  duplicates(config.namedLists, (l) => `${l.listType} ${l.name}`, (l) => error("exim/duplicate-named-list", `duplicate name "${l.name}" for a named ${l.listType.replace("list", "")} list`, l, l.nameRange));
  duplicates(config.acls, (a) => a.name, (a) => error("exim/duplicate-acl", `there are two ACLs called "${a.name}"`, a, a.nameRange));
  for (const kind of ["routers", "transports", "authenticators"] as const) {
    duplicates(config[kind], (d) => d.name, (d) => error("exim/duplicate-driver", `there are two ${kind} called "${d.name}"`, d, d.nameRange));
  }

  for (const o of config.mainOptions) {
    const info = knownMainOption(o);
    if (!info) {
      const listed = mainOption(o.name) ?? (o.negated ? undefined : mainOption(o.rawName));
      error("exim/unknown-option", `main option "${o.rawName}" unknown${listed ? " (not in this Exim build)" : ""}`, o, o.nameRange);
      continue;
    }
    checkOptionValue(o, info, error);
  }

  for (const acl of config.acls) {
    for (const s of acl.statements) {
      if (!aclData.verbs.includes(s.verb)) {
        error("exim/unknown-acl-verb", `unknown ACL verb "${s.verb}"`, s, s.verbRange);
        continue;
      }
      for (const c of s.conditions) {
        if (!aclData.conditionsInBuild.includes(c.name)) {
          const missing = aclData.conditionsNotInBuild.includes(c.name) ? " (not in this Exim build)" : "";
          error("exim/unknown-acl-condition", `unknown ACL condition/modifier "${c.name}"${missing}`, c, c.nameRange);
        } else if ((c.variable !== undefined) !== (c.name === "set")) {
          error("exim/syntax", c.name === "set" ? `"set" needs a variable name (acl_c... or acl_m...)` : `unexpected "${c.variable}" after ACL "${c.name}" condition`, c, c.nameRange);
        } else if (c.value === undefined && !aclData.withoutValue.includes(c.name)) {
          error("exim/syntax", `"=" missing after ACL "${c.name}" condition`, c, c.nameRange);
        }
      }
    }
  }

  for (const d of [...config.routers, ...config.transports, ...config.authenticators]) checkDriver(d, error);
  return out;
}

/** The facts of a main option this Exim build knows (no_/not_ forms resolved), or undefined. */
export function knownMainOption(o: EximOption): OptionInfo | undefined {
  const info = mainOption(o.name) ?? (o.negated ? undefined : mainOption(o.rawName));
  return info && info.inBuild !== false ? info : undefined;
}

/** The facts of a driver option this Exim build knows for the instance's driver, or undefined. */
export function knownDriverOption(d: EximDriverInstance, o: EximOption): OptionInfo | undefined {
  const info = driverOption(d.kind, d.driver, o.name) ?? (o.negated ? undefined : driverOption(d.kind, d.driver, o.rawName));
  return info && info.inBuild !== false ? info : undefined;
}

type ErrorFn = (code: string, message: string, node: { range: EximOption["range"]; via?: string[] }, range?: EximOption["range"]) => void;

function checkOptionValue(o: EximOption, info: OptionInfo, error: ErrorFn): void {
  if (isBooleanType(info)) {
    if (o.value !== undefined && parseEximBool(o.value) === undefined) {
      error("exim/invalid-value", `"${o.value}" is not a valid value for the "${o.name}" option`, o, o.valueRange);
    }
    return;
  }
  if (o.negated) return void error("exim/syntax", `negation prefix applied to a non-boolean option "${o.rawName}"`, o, o.nameRange);
  if (o.value === undefined) error("exim/syntax", `unexpected end of line (data missing) after ${o.name}`, o, o.nameRange);
}

/** readconf.c refuses a second setting of the same option ("option set for the second time"). */
function setTwice(options: EximOption[], error: ErrorFn): void {
  duplicates(options, (o) => o.name, (o) => error("exim/option-set-twice", `"${o.name}" option set for the second time`, o, o.nameRange));
}

function duplicates<T>(items: T[], key: (t: T) => string, report: (t: T) => void): void {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) report(item);
    seen.add(k);
  }
}

function checkDriver(d: EximDriverInstance, error: ErrorFn): void {
  setTwice(d.options, error);
  if (d.driver === undefined) {
    error("exim/missing-driver", `no driver defined for ${d.kind} "${d.name}"`, d, d.nameRange);
    return;
  }
  if (!driverInBuild(d.kind, d.driver)) {
    const opt = d.options.find((o) => o.name === "driver")!;
    error("exim/unknown-driver", `${d.kind} ${d.name}: cannot find ${d.kind} driver "${d.driver}"`, opt, opt.valueRange);
    return;
  }
  for (const o of d.options) {
    const info = knownDriverOption(d, o);
    if (!info) {
      error("exim/unknown-option", `option "${o.rawName}" unknown`, o, o.nameRange);
      continue;
    }
    checkOptionValue(o, info, error);
  }
}
