/**
 * What `exim -bP` prints: main options (readconf.c print_ol), named lists
 * (`-bP +name`), macros (`-bP macro NAME`), and ACLs normalised for
 * `mtalint print --acl`. Formats were measured against Exim 4.96 as root
 * (an admin user, so `hide` options print their value; see docs/exim-model.md).
 */
import type { EximAcl, EximConfig, EximOption } from "../../ast/exim-nodes.js";
import { mainOption, printedMainOptions, RUNTIME_COMPUTED_MAIN, type OptionInfo } from "./options.js";
import {
  formatEximFixed,
  formatEximTime,
  formatKInt,
  formatMkInt,
  parseEximBool,
  parseEximFixed,
  parseEximInt,
  parseEximKInt,
  parseEximTime,
  printableString,
  readStringValue,
} from "./values.js";

export interface PrintedOption {
  name: string;
  /** The line exim -bP prints (without the newline). */
  line: string;
  /** From a setting in the configuration, or Exim's compiled-in default. */
  source: "config" | "default";
  /** The last setting (Exim keeps the last one), when set. */
  setting?: EximOption;
  /** Exim computes this value at run time (host name...), so the printed default may differ on another host. */
  runtimeComputed: boolean;
}

export interface PrintOptions {
  /** Print hidden options as a non-admin user sees them. */
  asNonAdmin?: boolean;
  /** The host name Exim would find (uname); without it, host-derived defaults print as "<computed at run time>". */
  hostname?: string;
}

/** The effective value of a main option as `exim -bP NAME` prints it, or undefined for an unknown name. */
export function eximOptionValue(config: EximConfig, name: string, opts: PrintOptions = {}): PrintedOption | undefined {
  const info = mainOption(name);
  if (!info || info.printedDefault === undefined) return undefined;
  const setting = config.mainOptions.filter((o) => o.name === name).at(-1);
  if (!setting) {
    const derived = derivedDefault(config, name, opts);
    if (derived !== undefined) return { name, line: `${name} = ${derived}`, source: "default", runtimeComputed: false };
    if (RUNTIME_COMPUTED_MAIN.has(name)) {
      // primary_hostname comes from uname(); qualify_domain and qualify_recipient follow it.
      return { name, line: `${name} = ${opts.hostname ?? "<computed at run time>"}`, source: "default", runtimeComputed: true };
    }
    return { name, line: info.printedDefault, source: "default", runtimeComputed: false };
  }
  const topBit = name !== "print_topbitchars" && eximOptionValue(config, "print_topbitchars", opts)?.line === "print_topbitchars";
  const line = setting.hidden && opts.asNonAdmin ? `${name} = <value not displayable>` : formatSetting(name, info, setting, topBit);
  return { name, line, source: "config", setting, runtimeComputed: false };
}

/**
 * Defaults Exim derives from other options after reading the file (readconf.c,
 * exim.c): qualify_domain from primary_hostname, qualify_recipient from
 * qualify_domain, process_log_path from spool_directory (measured with -bP).
 */
function derivedDefault(config: EximConfig, name: string, opts: PrintOptions): string | undefined {
  const valueOf = (n: string): string | undefined => {
    const p = eximOptionValue(config, n, opts);
    return p && !p.runtimeComputed ? p.line.slice(n.length + 3) : undefined;
  };
  const isSet = (n: string) => config.mainOptions.some((o) => o.name === n);
  if (name === "qualify_domain" && isSet("primary_hostname")) return valueOf("primary_hostname");
  if (name === "qualify_recipient" && (isSet("qualify_domain") || isSet("primary_hostname"))) return valueOf("qualify_domain");
  if (name === "process_log_path" && isSet("spool_directory")) return `${valueOf("spool_directory")}/exim-process.info`;
  return undefined;
}

function formatSetting(name: string, info: OptionInfo, setting: EximOption, topBitChars: boolean): string {
  const raw = setting.value;
  if (info.print === "bool") {
    const on = raw === undefined ? true : (parseEximBool(raw) ?? true);
    return (setting.negated ? !on : on) ? name : `no_${name}`;
  }
  const value = raw ?? "";
  const listStyle = info.printedDefault?.endsWith(" =") === true;
  switch (info.print) {
    case "int": {
      const n = parseEximInt(value);
      return n === undefined ? `${name} = ${value}` : `${name} = ${n}`;
    }
    case "mkint": {
      const n = parseEximInt(value);
      return n === undefined ? `${name} = ${value}` : `${name} = ${formatMkInt(n)}`;
    }
    case "kint": {
      const n = parseEximKInt(value);
      return n === undefined ? `${name} = ${value}` : `${name} = ${formatKInt(n)}`;
    }
    case "fixed": {
      const n = parseEximFixed(value);
      return n === undefined ? `${name} = ${value}` : `${name} = ${formatEximFixed(n)}`;
    }
    case "octal": {
      const n = parseInt(value, 8);
      return Number.isNaN(n) ? `${name} = ${value}` : `${name} = 0${n.toString(8)}`.replace(/= 00$/, "= 0");
    }
    case "time": {
      // delay_warning is a time list: each item normalised, joined by ":".
      const times = value.split(":").map((t) => parseEximTime(t));
      return times.some((t) => t === undefined) ? `${name} = ${value}` : `${name} = ${times.map((t) => formatEximTime(t!)).join(":")}`;
    }
    default:
      break;
  }
  const text = readStringValue(value);
  if (listStyle) {
    // uid/gid lists (never_users, trusted_users...) are stored as ids and printed joined by ":".
    const items = text.split(":").map((s) => s.trim()).filter(Boolean);
    return items.length ? `${name} = ${items.join(":")}` : `${name} =`;
  }
  return `${name} = ${printableString(text, topBitChars)}`;
}

/** `exim -bP` with no names: every main option, in Exim's order. */
export function printAllMainOptions(config: EximConfig, opts: PrintOptions = {}): PrintedOption[] {
  return printedMainOptions().map((n) => eximOptionValue(config, n, opts)!);
}

/** `exim -bP +name`: a named list as Exim prints it. */
export function printNamedList(config: EximConfig, name: string): string | undefined {
  const list = config.namedLists.filter((l) => l.name === name).at(-1);
  return list ? `${list.listType}${list.cache ? "_cache" : ""} ${list.name} = ${list.value}` : undefined;
}

/** `exim -bP macro NAME`: NAME=value with the value in force at the end of the file. */
export function printMacro(config: EximConfig, name: string, defines: Record<string, string> = {}): string | undefined {
  if (Object.hasOwn(defines, name)) return `${name}=${defines[name]}`;
  const defs = config.macros.filter((m) => m.name === name && !m.overriddenByDefine);
  const last = defs.at(-1);
  return last ? `${name}=${last.value}` : undefined;
}

/** An ACL, one statement per line: `verb cond = value, !cond = value` (values as written). */
export function printAcl(acl: EximAcl): string {
  const lines = [`${acl.name}:`];
  for (const s of acl.statements) {
    const conds = s.conditions.map((c) => `${c.negated ? "!" : ""}${c.name}${c.variable ? ` ${c.variable}` : ""}${c.value !== undefined ? ` = ${c.value}` : ""}`);
    lines.push(`  ${s.verb}${conds.length ? " " + conds.join(" | ") : ""}`);
  }
  return lines.join("\n") + "\n";
}
