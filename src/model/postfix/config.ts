/**
 * The Postfix effective-value model: what each parameter is, globally and
 * per master.cf service, and where that value comes from. Agrees with
 * `postconf -n / -nx / -P / NAME` (see test/model/postfix/postconf-oracle.test.ts).
 */
import { existsSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseMainCf } from "../../ast/postfix-main.js";
import { parseMasterCf } from "../../ast/postfix-master.js";
import type { MainCf, MasterCf, MasterOverride, MasterService, PostfixParameter } from "../../ast/postfix-nodes.js";
import type { Range } from "../../ast/range.js";
import type { Diagnostic } from "../../diagnostics.js";
import { InputError } from "../../errors.js";
import { readConfigFile } from "../../io/read-config.js";
import { expand, referencedNames, type ExpandResult } from "./expand.js";
import { defaultMydomain, defaultMyhostname, defaultMynetworks } from "./host.js";
import { builtinParameter, builtinParameterNames, dbmsParameterSuffixes, serviceParameterTemplates } from "./parameters.js";

export type ValueSource = "main.cf" | "master.cf -o" | "default" | "config directory";

/** A parameter value with its provenance. */
export interface EffectiveValue {
  name: string;
  /** Unexpanded, as postconf prints it without -x. */
  value: string;
  source: ValueSource;
  /** Where it was set (main.cf line or master.cf -o), absent for defaults. */
  range?: Range;
}

export interface PostfixConfig {
  kind: "postfix";
  /** The configuration directory exactly as given (postconf -c DIR prints it as config_directory). */
  dir: string;
  mainCf: MainCf | undefined;
  masterCf: MasterCf | undefined;
  diagnostics: Diagnostic[];
  /** Every main.cf assignment per name, in file order; the last one is in effect. */
  definitions: Map<string, PostfixParameter[]>;
  /** main.cf names that are not built in but that Postfix treats as parameters (referenced as $name, restriction classes). */
  userParameters: Set<string>;
  /** Parameters defined by master.cf service names (e.g. relay_destination_concurrency_limit) → default. */
  serviceParameters: Map<string, string>;
  /**
   * Defaults of another Postfix release than the knowledge base's (see withDefaults):
   * name → default, or null where that release has no such parameter.
   */
  defaultOverrides?: ReadonlyMap<string, string | null>;
  /** The Postfix version those defaults belong to, for messages. */
  targetVersion?: string;
}

/**
 * The same configuration judged against another release's defaults: every
 * default lookup (effective values, expansion, the relay simulator) sees
 * `overrides` first; null removes a parameter that release does not have.
 */
export function withDefaults(config: PostfixConfig, overrides: ReadonlyMap<string, string | null>, targetVersion?: string): PostfixConfig {
  const merged = new Map(config.defaultOverrides ?? []);
  for (const [k, v] of overrides) merged.set(k, v);
  return { ...config, defaultOverrides: merged, ...(targetVersion ? { targetVersion } : {}) };
}

/**
 * Load a Postfix configuration from a directory (main.cf and master.cf in
 * it) or from a path to main.cf or master.cf (its sibling is read too).
 */
export function loadPostfix(path: string): PostfixConfig {
  let dir: string;
  let mainPath: string;
  let masterPath: string;
  if (isDirectory(path)) {
    dir = path;
    mainPath = join(path, "main.cf");
    masterPath = join(path, "master.cf");
    if (!existsSync(mainPath) && !existsSync(masterPath)) {
      throw new InputError(path, "no main.cf or master.cf in this directory");
    }
  } else {
    dir = dirname(path);
    const name = basename(path);
    if (name === "master.cf") {
      masterPath = path;
      mainPath = join(dir, "main.cf");
    } else {
      mainPath = path;
      masterPath = join(dir, "master.cf");
    }
    if (!existsSync(path)) throw new InputError(path, "no such file or directory");
  }
  const diagnostics: Diagnostic[] = [];
  let mainCf: MainCf | undefined;
  let masterCf: MasterCf | undefined;
  if (existsSync(mainPath)) {
    const r = parseMainCf(readConfigFile(mainPath));
    mainCf = r.ast;
    diagnostics.push(...r.diagnostics);
  }
  if (existsSync(masterPath)) {
    const r = parseMasterCf(readConfigFile(masterPath));
    masterCf = r.ast;
    diagnostics.push(...r.diagnostics);
  }
  return buildPostfixConfig(dir, mainCf, masterCf, diagnostics);
}

/** Build the model from parsed files (used by loadPostfix and by tests with in-memory text). */
export function buildPostfixConfig(
  dir: string,
  mainCf: MainCf | undefined,
  masterCf: MasterCf | undefined,
  diagnostics: Diagnostic[] = [],
): PostfixConfig {
  const definitions = new Map<string, PostfixParameter[]>();
  for (const p of mainCf?.parameters ?? []) {
    const list = definitions.get(p.name);
    if (list) list.push(p);
    else definitions.set(p.name, [p]);
  }
  const serviceParameters = new Map<string, string>();
  for (const s of masterCf?.services ?? []) {
    for (const t of serviceParameterTemplates(s.command.text)) {
      const name = s.name + t.suffix;
      if (!builtinParameter(name)) serviceParameters.set(name, t.default.split("${service}").join(s.name));
    }
  }
  const config: PostfixConfig = {
    kind: "postfix",
    dir,
    mainCf,
    masterCf,
    diagnostics,
    definitions,
    userParameters: new Set(),
    serviceParameters,
  };
  registerUserParameters(config);
  return config;
}

/**
 * postconf's rule for user-defined parameters (postconf_user.c): a name
 * that is not built in counts as a parameter when a value refers to it as
 * $name — any main.cf value (used or not), any master.cf -o value, or a
 * built-in default (legacy names such as $fallback_relay) — and it is
 * defined in main.cf, or as -o in a service; also every name listed in
 * smtpd_restriction_classes. Anything else is "unused" and ignored by Postfix.
 */
function registerUserParameters(config: PostfixConfig): void {
  const referenced = new Set<string>(namesReferencedByDefaults());
  for (const defs of config.definitions.values()) for (const n of referencedNames(defs[defs.length - 1]!.value)) referenced.add(n);
  for (const s of config.masterCf?.services ?? []) for (const o of s.overrides) for (const n of referencedNames(o.value)) referenced.add(n);
  const overridden = new Set<string>();
  for (const s of config.masterCf?.services ?? []) for (const o of s.overrides) overridden.add(o.name);
  for (const n of referenced) {
    if ((config.definitions.has(n) || overridden.has(n)) && !isBuiltinOrService(config, n)) config.userParameters.add(n);
  }
  // "ldap:name" (and mysql:, pgsql:, sqlite:, memcache:, also behind proxy:) makes name_SUFFIX settings parameters (postconf_dbms.c).
  const values = [...config.definitions.values()].map((d) => d[d.length - 1]!.value);
  for (const s of config.masterCf?.services ?? []) for (const o of s.overrides) values.push(o.value);
  const suffixes = dbmsParameterSuffixes();
  for (const v of values) {
    for (const m of v.matchAll(/(?:^|[\s,{:])(ldap|mysql|pgsql|sqlite|memcache):([A-Za-z0-9_.-]+)/g)) {
      for (const suffix of suffixes[m[1]!] ?? []) {
        const n = `${m[2]}_${suffix}`;
        if (config.definitions.has(n) && !isBuiltinOrService(config, n)) config.userParameters.add(n);
      }
    }
  }
  const classes = rawValue(config, "smtpd_restriction_classes");
  if (classes) {
    for (const n of expandValue(config, classes).value.split(/[\s,]+/)) {
      if (n && config.definitions.has(n) && !isBuiltinOrService(config, n)) config.userParameters.add(n);
    }
  }
}

let defaultRefs: Set<string> | undefined;
/** Names that built-in defaults refer to but that are not built in themselves (e.g. fallback_relay). */
function namesReferencedByDefaults(): Set<string> {
  if (!defaultRefs) {
    defaultRefs = new Set();
    for (const name of builtinParameterNames()) {
      for (const r of referencedNames(builtinParameter(name)!.default)) if (!builtinParameter(r)) defaultRefs.add(r);
    }
  }
  return defaultRefs;
}

function isBuiltinOrService(config: PostfixConfig, name: string): boolean {
  return builtinParameter(name) !== undefined || config.serviceParameters.has(name);
}

/** True for names Postfix knows: built in, defined by a master.cf service, or user-defined and used. */
export function isKnownParameter(config: PostfixConfig, name: string): boolean {
  return isBuiltinOrService(config, name) || config.userParameters.has(name);
}

/** The main.cf assignment in effect for `name` (the last one), if any. */
export function explicitParameter(config: PostfixConfig, name: string): PostfixParameter | undefined {
  const defs = config.definitions.get(name);
  return defs?.[defs.length - 1];
}

/** The default of a known parameter (host-dependent ones computed as postconf does here). */
export function defaultValue(config: PostfixConfig, name: string): string | undefined {
  const override = config.defaultOverrides?.get(name);
  if (override !== undefined) return override ?? undefined;
  if (!COMPUTED.has(name)) return builtinParameter(name)?.default ?? config.serviceParameters.get(name) ?? (config.userParameters.has(name) ? "" : undefined);
  // Computed defaults read other parameters, which may refer back ("mydomain = $myhostname" with myhostname unset):
  // a default that is already being computed counts as empty instead of recursing forever.
  if (computing.has(name)) return "";
  computing.add(name);
  try {
    return computedDefault(config, name);
  } finally {
    computing.delete(name);
  }
}

const COMPUTED = new Set(["config_directory", "myhostname", "mydomain", "mynetworks", "process_id", "process_name"]);
const computing = new Set<string>();

function computedDefault(config: PostfixConfig, name: string): string {
  switch (name) {
    case "config_directory":
      return config.dir;
    case "myhostname":
      return defaultMyhostname(definedValue(config, "mydomain"));
    case "mydomain":
      return defaultMydomain(expandedGlobal(config, "myhostname"));
    case "mynetworks": {
      const protocols = expandedGlobal(config, "inet_protocols");
      const all = /\ball\b/.test(protocols);
      return defaultMynetworks(
        expandedGlobal(config, "mynetworks_style"),
        all || /ipv4/.test(protocols),
        all || /ipv6/.test(protocols),
        expandedGlobal(config, "inet_interfaces"),
      );
    }
    case "process_id":
      return String(process.pid);
    default:
      return "mtalint";
  }
}

function definedValue(config: PostfixConfig, name: string): string | undefined {
  const p = explicitParameter(config, name);
  return p ? expandValue(config, p.value).value : undefined;
}

function expandedGlobal(config: PostfixConfig, name: string): string {
  return expandValue(config, rawValue(config, name) ?? "").value;
}

/** The unexpanded value in the global (main.cf) name space: explicit, else default; undefined for unknown names. */
export function rawValue(config: PostfixConfig, name: string): string | undefined {
  return effectiveValue(config, name)?.value;
}

/** The effective value of a parameter with its provenance, globally or for one master.cf service. */
export function effectiveValue(config: PostfixConfig, name: string, service?: MasterService): EffectiveValue | undefined {
  const o = service ? lastOverride(service, name) : undefined;
  if (o) return { name, value: o.value, source: "master.cf -o", range: o.range };
  const p = explicitParameter(config, name);
  if (p && isKnownParameter(config, name)) return { name, value: p.value, source: "main.cf", range: p.range };
  if (name === "config_directory") return { name, value: config.dir, source: "config directory" };
  const d = isKnownParameter(config, name) ? defaultValue(config, name) : undefined;
  return d === undefined ? undefined : { name, value: d, source: "default" };
}

function lastOverride(service: MasterService, name: string): MasterOverride | undefined {
  let found: MasterOverride | undefined;
  for (const o of service.overrides) if (o.name === name) found = o;
  return found;
}

/**
 * Expand $name references in `text` as postconf -x does, looking names up
 * in a service's -o overrides first (when given), then main.cf, then defaults.
 */
export function expandValue(config: PostfixConfig, text: string, service?: MasterService): ExpandResult {
  return expand(text, (name) => {
    if (service) {
      const o = lastOverride(service, name);
      if (o) return o.value;
      if (name === "service_name") return service.name;
    }
    const p = explicitParameter(config, name);
    if (p) return p.value;
    if (name === "config_directory") return config.dir;
    return isKnownParameter(config, name) ? defaultValue(config, name) : undefined;
  });
}

/** The fully expanded effective value (postconf -x), globally or for a service. */
export function expandedValue(config: PostfixConfig, name: string, service?: MasterService): string | undefined {
  const v = effectiveValue(config, name, service);
  return v === undefined ? undefined : expandValue(config, v.value, service).value;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Every parameter name Postfix knows for this config (postconf with no arguments prints these). */
export function knownParameterNames(config: PostfixConfig): string[] {
  return [...new Set([...builtinParameterNames(), ...config.serviceParameters.keys(), ...config.userParameters])].sort();
}
