/**
 * Text output identical to postconf's: `-n`, `-nx`, `NAME...`, `-P`, `-Px`.
 * postconf prints "name = value" with the value's words joined by single
 * spaces (pcf_print_line() splits at whitespace), "name =" when empty.
 */
import type { MasterService } from "../../ast/postfix-nodes.js";
import {
  effectiveValue,
  expandValue,
  explicitParameter,
  isKnownParameter,
  type PostfixConfig,
} from "./config.js";
import { builtinParameter } from "./parameters.js";

export interface PrintResult {
  stdout: string;
  /** Messages postconf would print as warnings (unknown names, undefined $names). */
  warnings: string[];
}

export function formatLine(name: string, value: string): string {
  const words = value.split(/[ \t\r\n]+/).filter(Boolean).join(" ");
  return words === "" ? `${name} =` : `${name} = ${words}`;
}

/** `postconf -n` (and `-nx` with expand): main.cf parameters Postfix knows, sorted by name. */
export function printNonDefault(config: PostfixConfig, expand = false): PrintResult {
  const warnings: string[] = [];
  const names = new Set<string>(["config_directory"]);
  for (const name of config.definitions.keys()) if (isKnownParameter(config, name)) names.add(name);
  const lines: string[] = [];
  for (const name of [...names].sort(byteOrder)) {
    const value = explicitParameter(config, name)?.value ?? config.dir;
    lines.push(formatLine(name, expand ? expanded(config, name, value, warnings) : value));
  }
  return { stdout: joinLines(lines), warnings };
}

/** `postconf NAME...` (defaults included), in the order asked. */
export function printParameters(config: PostfixConfig, names: string[], expand = false): PrintResult & { unknown: string[] } {
  const warnings: string[] = [];
  const unknown: string[] = [];
  const lines: string[] = [];
  for (const name of names) {
    const v = isKnownParameter(config, name) || name === "config_directory" ? effectiveValue(config, name) : undefined;
    if (!v) {
      unknown.push(name);
      warnings.push(`${name}: unknown parameter`);
      continue;
    }
    lines.push(formatLine(name, expand ? expanded(config, name, v.value, warnings) : v.value));
  }
  return { stdout: joinLines(lines), warnings, unknown };
}

/** `postconf -P` (`-Px`): each service's -o overrides as service/type/name = value. */
export function printServiceOverrides(config: PostfixConfig, expand = false): PrintResult {
  const warnings: string[] = [];
  const lines: string[] = [];
  const services = config.masterCf?.services ?? [];
  // postconf looks each entry's parameters up by service/type: a later duplicate entry's win for both.
  const byKey = new Map<string, MasterService>();
  for (const s of services) byKey.set(`${s.name}/${s.serviceType}`, s);
  for (const s of services) {
    const key = `${s.name}/${s.serviceType}`;
    const effective = byKey.get(key)!;
    const values = new Map<string, string>();
    for (const o of effective.overrides) values.set(o.name, o.value);
    for (const name of [...values.keys()].sort(byteOrder)) {
      const raw = values.get(name)!;
      lines.push(formatLine(`${key}/${name}`, expand ? expanded(config, name, raw, warnings, effective) : raw));
    }
  }
  return { stdout: joinLines(lines), warnings };
}

function expanded(config: PostfixConfig, name: string, value: string, warnings: string[], service?: MasterService): string {
  if (builtinParameter(name)?.raw) return value;
  const r = expandValue(config, value, service);
  for (const n of r.undefinedNames) warnings.push(`undefined parameter: ${n}`);
  if (r.error) warnings.push(r.error);
  return r.value;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function joinLines(lines: string[]): string {
  return lines.length ? `${lines.join("\n")}\n` : "";
}
