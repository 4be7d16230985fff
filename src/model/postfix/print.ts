/**
 * Text output identical to postconf's: `-n`, `-nx`, `NAME...`, `-P`, `-Px`.
 * postconf prints "name = value" with the value's words joined by single
 * spaces (pcf_print_line() splits at whitespace), "name =" when empty.
 */
import type { MasterService } from "../../ast/postfix-nodes.js";
import { EXPANSION_TOO_LARGE } from "./expand.js";
import {
  effectiveValue,
  expandValue,
  explicitParameter,
  isKnownParameter,
  READ_ONLY,
  type PostfixConfig,
} from "./config.js";
import { builtinParameter } from "./parameters.js";

export interface PrintResult {
  stdout: string;
  /** Messages postconf would print as warnings (unknown names, undefined $names). */
  warnings: string[];
  /**
   * With expand: a value did not expand (the expansion error), so postconf stops with "fatal: macro
   * processing error" and prints nothing (its buffered output is lost at the fatal exit); stdout is "".
   */
  fatal?: string;
}

/** An expansion error while printing with -x: postconf exits at once. */
class MacroError extends Error {}

function fatalResult<T extends PrintResult>(e: unknown, partial: T): T {
  if (!(e instanceof MacroError)) throw e;
  return { ...partial, stdout: "", fatal: e.message };
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
  try {
    for (const name of [...names].sort(byteOrder)) {
      const value = explicitParameter(config, name)?.value ?? config.dir;
      lines.push(formatLine(name, expand ? expanded(config, name, value, warnings) : value));
    }
  } catch (e) {
    return fatalResult(e, { stdout: "", warnings });
  }
  return { stdout: joinLines(lines), warnings };
}

/** `postconf NAME...` (defaults included), in the order asked. */
export function printParameters(config: PostfixConfig, names: string[], expand = false): PrintResult & { unknown: string[] } {
  const warnings: string[] = [];
  const unknown: string[] = [];
  const lines: string[] = [];
  try {
    for (const name of names) {
      const v = isKnownParameter(config, name) || name === "config_directory" ? effectiveValue(config, name) : undefined;
      if (!v) {
        unknown.push(name);
        warnings.push(`${name}: unknown parameter`);
        continue;
      }
      lines.push(formatLine(name, expand ? expanded(config, name, v.value, warnings) : v.value));
    }
  } catch (e) {
    return fatalResult(e, { stdout: "", warnings, unknown });
  }
  return { stdout: joinLines(lines), warnings, unknown };
}

/** `postconf -P` (`-Px`): each service's -o overrides as service/type/name = value. */
export function printServiceOverrides(config: PostfixConfig, expand = false): PrintResult {
  const warnings: string[] = [];
  const lines: string[] = [];
  const services = config.masterCf?.services ?? [];
  // postconf keeps one parameter table per service/type, filled from the -o of every entry with that
  // key in file order (a later value wins), and shows it at each such entry from the first one that
  // has an -o on (postconf_user.c: dict_update into the name space, dict_handle per entry; measured).
  const merged = new Map<string, MasterService>();
  for (const s of services) {
    const key = `${s.name}/${s.serviceType}`;
    const prior = merged.get(key);
    merged.set(key, { ...s, overrides: [...(prior?.overrides ?? []), ...s.overrides] });
  }
  const shown = new Set<string>();
  try {
    for (const s of services) {
      const key = `${s.name}/${s.serviceType}`;
      if (s.overrides.length) shown.add(key);
      if (!shown.has(key)) continue;
      const table = merged.get(key)!;
      const values = new Map<string, string>();
      for (const o of table.overrides) if (!READ_ONLY.has(o.name)) values.set(o.name, o.value);
      for (const name of [...values.keys()].sort(byteOrder)) {
        const raw = values.get(name)!;
        // -Px expands every -o value, raw parameters too (pcf_print_master_param has no raw check; measured).
        lines.push(formatLine(`${key}/${name}`, expand ? expanded(config, name, raw, warnings, table, true) : raw));
      }
    }
  } catch (e) {
    return fatalResult(e, { stdout: "", warnings });
  }
  return { stdout: joinLines(lines), warnings };
}

function expanded(config: PostfixConfig, name: string, value: string, warnings: string[], service?: MasterService, evenRaw = false): string {
  if (!evenRaw && builtinParameter(name)?.raw) return value;
  const r = expandValue(config, value, service);
  for (const n of r.undefinedNames) warnings.push(`undefined parameter: ${n}`);
  if (r.error === EXPANSION_TOO_LARGE) warnings.push(r.error);
  else if (r.error) throw new MacroError(r.error);
  return r.value;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function joinLines(lines: string[]): string {
  return lines.length ? `${lines.join("\n")}\n` : "";
}
