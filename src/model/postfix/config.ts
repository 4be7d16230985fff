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
import { Severity } from "../../engine/severity.js";
import { InputError } from "../../errors.js";
import { readConfigFile } from "../../io/read-config.js";
import { ownCopy } from "../strings.js";
import { expand, EXPANSION_TOO_LARGE, referencedNames, type ExpandResult, type Lookup } from "./expand.js";
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
  /** Per master.cf entry: -o names that are not built in but that a $name in that entry or in main.cf makes parameters there. */
  localParameters: Map<MasterService, Set<string>>;
  /**
   * Parameters defined by master.cf service names (e.g. relay_destination_concurrency_limit) → default.
   * Read-only: configurations whose master.cf runs the same commands under the same names share one map.
   */
  serviceParameters: ReadonlyMap<string, string>;
  /**
   * Defaults of another Postfix release than the knowledge base's (see withDefaults):
   * name → default, or null where that release has no such parameter.
   */
  defaultOverrides?: ReadonlyMap<string, string | null>;
  /** The Postfix version those defaults belong to, for messages. */
  targetVersion?: string;
  /**
   * Answers kept for this configuration object (it does not change once built; every copy is
   * made by variant(), which starts without them): see memoized().
   */
  memo?: Map<string, unknown>;
}

/**
 * A value computed once per configuration object and kept on it: expanded values, list elements
 * and restriction classes here, relay verdicts, tables and the configuration at the target release
 * in src/relay/postfix. The relay simulator and the rules ask the same questions many times; kept
 * on the object, the answers go when it goes. `key` names the value among those of the object.
 */
export function memoized<T>(config: PostfixConfig, key: string, make: () => T): T {
  const memo = (config.memo ??= new Map());
  const kept = memo.get(key);
  if (kept !== undefined || memo.has(key)) return kept as T;
  const value = make();
  memo.set(key, value);
  return value;
}

/** memoized(), one value per master.cf service (or for the global name space, undefined). */
export function memoizedPerService<T>(config: PostfixConfig, key: string, service: MasterService | undefined, make: () => T): T {
  const byService = memoized(config, key, newMap) as Map<MasterService | undefined, T>;
  const kept = byService.get(service);
  if (kept !== undefined || byService.has(service)) return kept as T;
  const value = make();
  byService.set(service, value);
  return value;
}

/**
 * memoizedPerService() of a map that starts empty (answers per name, for one service or globally).
 * Asked tens of thousands of times in a fleet run: no closure is made per call.
 */
export function memoMap<V>(config: PostfixConfig, key: string, service: MasterService | undefined): Map<string, V> {
  return memoizedPerService(config, key, service, newMap) as Map<string, V>;
}

function newMap<K, V>(): Map<K, V> {
  return new Map();
}

/**
 * The same configuration judged against another release's defaults: every
 * default lookup (effective values, expansion, the relay simulator) sees
 * `overrides` first; null removes a parameter that release does not have.
 */
export function withDefaults(config: PostfixConfig, overrides: ReadonlyMap<string, string | null>, targetVersion?: string): PostfixConfig {
  const merged = new Map(config.defaultOverrides ?? []);
  for (const [k, v] of overrides) merged.set(k, v);
  const copy = variant(config, { defaultOverrides: merged, ...(targetVersion ? { targetVersion } : {}) });
  copy.memo = new Map<string, unknown>([[DEFAULTS_VARIANT, { of: config, changed: overrides } satisfies DefaultsVariant]]);
  return copy;
}

/**
 * What a configuration made by withDefaults() was made from: answers of `of` that read no default
 * `changed` has (see readingNames) hold for it too (src/model/postfix/lists.ts shares lists so).
 */
export interface DefaultsVariant {
  of: PostfixConfig;
  changed: ReadonlyMap<string, string | null>;
}

const DEFAULTS_VARIANT = "defaults variant of";

export function defaultsVariantOf(config: PostfixConfig): DefaultsVariant | undefined {
  return config.memo?.get(DEFAULTS_VARIANT) as DefaultsVariant | undefined;
}

let namesRead: Set<string> | undefined;

/**
 * Run `compute`, collecting in `into` every name whose value it looks up in the global name space
 * or a service's -o settings (effectiveValue, expandValue) and every name whose
 * default it reads (defaultValue),
 * also those read to compute a default (mynetworks from mynetworks_style...). An answer made from
 * these names holds for another service or another release's defaults that change none of them.
 */
export function readingNames<T>(into: Set<string>, compute: () => T): T {
  const outer = namesRead;
  namesRead = into;
  try {
    return compute();
  } finally {
    namesRead = outer;
    if (outer) for (const n of into) outer.add(n);
  }
}

/**
 * A copy of a configuration with some members changed (other defaults, an added setting, another
 * directory). Every copy is made here: it starts without the original's memo, whose answers may
 * not hold for it.
 */
export function variant(config: PostfixConfig, changes: Partial<Omit<PostfixConfig, "memo">>): PostfixConfig {
  return { ...config, ...changes, memo: undefined };
}

/**
 * What a directory listing showed of main.cf or master.cf: a regular file, something else that is
 * there (a link to a file, a directory: asked of the file system as usual), or nothing.
 */
export type ListedFile = "file" | "other" | "absent";

/** A Postfix directory as the directory search listed it (src/lint.ts), so that loading it need not ask again. */
export interface PostfixDirListing {
  mainCf: ListedFile;
  masterCf: ListedFile;
}

/**
 * Load a Postfix configuration from a directory (main.cf and master.cf in
 * it) or from a path to main.cf or master.cf (its sibling is read too).
 * `listing`, for a directory just listed, answers which files are there
 * (a fleet search has listed every host directory; asking again was a
 * stat and two existence checks per host).
 */
export function loadPostfix(path: string, listing?: PostfixDirListing): PostfixConfig {
  let dir: string;
  let mainPath: string;
  let masterPath: string;
  let hasMain: boolean | undefined;
  let hasMaster: boolean | undefined;
  if (listing) {
    dir = path;
    mainPath = join(path, "main.cf");
    masterPath = join(path, "master.cf");
    hasMain = listing.mainCf !== "absent";
    hasMaster = listing.masterCf !== "absent";
    if (!hasMain && !hasMaster) throw new InputError(path, "no main.cf or master.cf in this directory");
  } else if (isDirectory(path)) {
    dir = path;
    mainPath = join(path, "main.cf");
    masterPath = join(path, "master.cf");
    if (!(hasMain = existsSync(mainPath)) && !(hasMaster = existsSync(masterPath))) {
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
  if (hasMain ?? existsSync(mainPath)) {
    const r = parseMainCf(readConfigFile(mainPath, { listedAsRegularFile: listing?.mainCf === "file" }));
    mainCf = r.ast;
    pushAll(diagnostics, r.diagnostics);
  }
  if (hasMaster ?? existsSync(masterPath)) {
    const r = parseMasterCf(readConfigFile(masterPath, { listedAsRegularFile: listing?.masterCf === "file" }));
    masterCf = r.ast;
    pushAll(diagnostics, r.diagnostics);
  }
  return buildPostfixConfig(dir, mainCf, masterCf, diagnostics);
}

/** push(...items) passes every item as an argument: a main.cf with some 100,000 bad lines overflowed the stack. */
function pushAll<T>(to: T[], items: readonly T[]): void {
  for (const x of items) to.push(x);
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
    if (READ_ONLY.has(p.name)) {
      diagnostics.push(readOnlyAssignment(p.name, p.range));
      continue;
    }
    const list = definitions.get(p.name);
    if (list) list.push(p);
    else definitions.set(p.name, [p]);
  }
  for (const s of masterCf?.services ?? []) for (const o of s.overrides) if (READ_ONLY.has(o.name)) diagnostics.push(readOnlyAssignment(o.name, o.range));
  const serviceParameters = serviceParametersFor(masterCf?.services ?? []);
  const config: PostfixConfig = {
    kind: "postfix",
    dir,
    mainCf,
    masterCf,
    diagnostics,
    definitions,
    userParameters: new Set(),
    localParameters: new Map(),
    serviceParameters,
  };
  registerUserParameters(config);
  pushAll(diagnostics, expansionErrors(config));
  return config;
}

/**
 * postconf (every mode, -n included) and every Postfix program expand the
 * value of each built-in or master.cf-service parameter that main.cf sets,
 * and each such -o override within its service, as they start, and read
 * compatibility_level as a level. A value that does not expand — a $name
 * loop ("unreasonable macro call nesting"), "$" without a name, an unclosed
 * or malformed ${...} — or a compatibility_level that is not a level is
 * fatal ("macro processing error"): Postfix refuses the whole configuration
 * (measured with postconf 3.7; defaults left unset are not expanded there).
 * Parameters expanded only at delivery time (raw) are not checked. Also the
 * host-independent checks Postfix makes when it computes the mynetworks default.
 */
function expansionErrors(config: PostfixConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  let reported: Set<PostfixParameter | MasterOverride> | undefined;
  const expanded = (name: string) => {
    const facts = builtinParameter(name);
    return (facts !== undefined && !facts.raw) || config.serviceParameters.has(name);
  };
  const report = (at: PostfixParameter | MasterOverride, what: string, error: string, computes?: "computes") => {
    if (reported?.has(at)) return;
    (reported ??= new Set()).add(at);
    out.push({
      code: "postfix/syntax",
      severity: Severity.Error,
      detail: computes ? "bad-value" : "expansion-error",
      message: computes
        ? `${what}: ${error}; mynetworks is not set, so postconf and every Postfix program compute it at start and stop with a fatal error on this configuration`
        : `${what} does not expand (${error}); postconf and every Postfix program stop with "macro processing error" on this configuration`,
      range: at.valueRange,
    });
  };
  for (const [name, defs] of config.definitions) {
    const p = defs[defs.length - 1]!;
    // Only a "$" can make a value fail to expand (most values have none).
    if (!p.value.includes("$") || !expanded(name)) continue;
    const r = expandValue(config, p.value);
    if (r.error && r.error !== EXPANSION_TOO_LARGE) report(p, name, r.error);
  }
  // Without mynetworks, Postfix computes it at start from mynetworks_style and inet_protocols, and refuses values it does not know.
  if (!explicitParameter(config, "mynetworks")) {
    const style = explicitParameter(config, "mynetworks_style");
    // The default mynetworks_style compares $compatibility_level as a level: one that is not a level is fatal.
    const level = explicitParameter(config, "compatibility_level");
    if (!style && level) {
      const r = expandValue(config, defaultValue(config, "mynetworks_style") ?? "");
      if (r.error && r.error !== EXPANSION_TOO_LARGE) report(level, "compatibility_level", `${r.error}; the default mynetworks_style compares it as a level`, "computes");
    }
    const styles = style ? splitWords(definedValue(config, "mynetworks_style") ?? "") : [];
    if (style && (styles.length !== 1 || !["host", "subnet", "class"].includes(styles[0]!))) {
      report(style, "mynetworks_style", `it must be exactly one of host, subnet, class, not "${styles.join(" ")}"`, "computes");
    }
    const protocols = explicitParameter(config, "inet_protocols");
    const bad = protocols ? splitWords(definedValue(config, "inet_protocols") ?? "").find((p) => !["all", "ipv4", "ipv6"].includes(p)) : undefined;
    if (protocols && bad !== undefined) report(protocols, "inet_protocols", `unknown value "${bad}"; use all, ipv4 or ipv6`, "computes");
  }
  for (const s of overrideTables(config.masterCf?.services ?? [])) {
    for (const o of lastOfEachName(s.overrides)) {
      if (!o.value.includes("$") || !expanded(o.name)) continue;
      const r = expandValue(config, o.value, s);
      if (r.error && r.error !== EXPANSION_TOO_LARGE) report(o, `${o.name} (-o in service ${s.name})`, r.error);
    }
  }
  return out;
}

/**
 * postconf keeps one -o table per service/type: entries with the same key share it, a later value
 * wins. One service per key that has -o overrides, in the order the keys first appear in master.cf,
 * with the overrides of all its entries (the entry itself where it is the only one with overrides:
 * most master.cf give each key one entry).
 */
function overrideTables(services: readonly MasterService[]): MasterService[] {
  if (!services.some((s) => s.overrides.length > 0)) return [];
  const byKey = new Map<string, MasterService | null>();
  for (const s of services) {
    const key = `${s.name}/${s.serviceType}`;
    const seen = byKey.get(key);
    if (s.overrides.length === 0) {
      if (seen === undefined) byKey.set(key, null);
    } else {
      byKey.set(key, seen ? { ...s, overrides: [...seen.overrides, ...s.overrides] } : s);
    }
  }
  const out: MasterService[] = [];
  for (const s of byKey.values()) if (s) out.push(s);
  return out;
}

/** Each name once, where it first appears, with its last value (as a Map built from the list keeps them). */
function lastOfEachName(overrides: readonly MasterOverride[]): readonly MasterOverride[] {
  if (overrides.length < 2) return overrides;
  const byName = new Map<string, MasterOverride>();
  for (const o of overrides) byName.set(o.name, o);
  return byName.size === overrides.length ? overrides : [...byName.values()];
}

function splitWords(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}


/**
 * postconf's rule for user-defined parameters (postconf_user.c, 3.7): a name
 * that is not built in becomes a parameter when a value refers to it as
 * $name (or it is listed in smtpd_restriction_classes) and it has a
 * name=value to refer to. Where the reference and the value are decides the
 * scope:
 * - values scanned: each master.cf entry's -o values (first), the defaults
 *   of built-in parameters main.cf does not set, then every main.cf value;
 *   never the values of raw parameters (expanded only at delivery time);
 * - a $name in an entry's -o value validates that entry's -o name=value if
 *   the entry's service/type has one, else a main.cf name=value (global);
 * - a $name in main.cf or a default validates a main.cf name=value (global)
 *   and the -o name=value of every entry that has one.
 * Anything else is "unused" and ignored by Postfix.
 */
function registerUserParameters(config: PostfixConfig): void {
  const services = config.masterCf?.services ?? [];
  // One -o table per service/type, shared by entries with that key; an entry has one once an entry up to it set an -o.
  const scopes: Scope[] = [];
  if (services.some((s) => s.overrides.length > 0)) {
    const tables = new Map<string, Map<string, string>>();
    for (const s of services) {
      const key = `${s.name}/${s.serviceType}`;
      if (s.overrides.length && !tables.has(key)) tables.set(key, new Map());
      const t = tables.get(key);
      if (!t) continue;
      for (const o of s.overrides) if (!READ_ONLY.has(o.name)) t.set(o.name, o.value);
      scopes.push([s, t]);
      config.localParameters.set(s, new Set());
    }
  }
  const definitions = config.definitions;
  const main = (n: string) => definitions.has(n);
  const flag = (name: string, scope?: Scope) => {
    if (scope && scope[1].has(name)) config.localParameters.get(scope[0])!.add(name);
    else if (main(name) && !isBuiltinOrService(config, name)) config.userParameters.add(name);
    if (!scope) for (const [s, t] of scopes) if (t.has(name)) config.localParameters.get(s)!.add(name);
  };
  const scanValue = (value: string, scope?: Scope) => {
    for (const n of namesMadeParameters(value)) flag(n, scope);
  };
  // The class list is expanded with the names of its own table only (dict_eval on main.cf or on the -o table).
  const scanClasses = (classes: string | undefined, lookup: Lookup, scope?: Scope) => {
    if (classes !== undefined) for (const n of expand(classes, lookup).value.split(/[\s,]+/)) if (n) flag(n, scope);
  };
  for (const scope of scopes) {
    const table = scope[1];
    scanClasses(table.get("smtpd_restriction_classes"), (k) => table.get(k), scope);
    for (const [name, value] of table) if (!builtinParameter(name)?.raw) scanValue(value, scope);
  }
  // The defaults of the built-in parameters main.cf leaves unset: each name they refer to, seen from the
  // names that could be flagged (main.cf's and the -o tables'), rather than from some 250 references.
  const referrers = builtinDefaultReferrers();
  const referredToByDefault = (n: string) => {
    const by = referrers.get(n);
    if (by) for (const r of by) if (!main(r)) return true;
    return false;
  };
  for (const n of definitions.keys()) if (referredToByDefault(n) && !isBuiltinOrService(config, n)) config.userParameters.add(n);
  for (const [s, t] of scopes) for (const n of t.keys()) if (referredToByDefault(n)) config.localParameters.get(s)!.add(n);
  scanClasses(explicitParameter(config, "smtpd_restriction_classes")?.value, (k) => explicitParameter(config, k)?.value);
  for (const [name, defs] of definitions) if (!builtinParameter(name)?.raw) scanValue(defs[defs.length - 1]!.value);
  // Legacy names (a default refers to them, e.g. $fallback_relay) are parameters Postfix knows; one with a
  // name=value in main.cf or in any -o is shown as user-defined (postconf_user.c "Re-label legacy parameter").
  for (const n of legacyParameterNames()) {
    if (main(n) || scopes.some(([, t]) => t.has(n))) config.userParameters.add(n);
  }
}

type Scope = [MasterService, Map<string, string>];

/**
 * The names a value makes parameters where they have a name=value: those it refers to ($name), and
 * for "ldap:name" (and mysql:, pgsql:, sqlite:, memcache:, also behind proxy:) the name_SUFFIX
 * settings of that client (postconf_dbms.c). The references of values with a "$" repeat from host
 * to host ($myhostname, $mydomain): those of the last thousand short ones are kept (read-only).
 */
function namesMadeParameters(value: string): readonly string[] {
  const refers = value.includes("$");
  const tables = value.includes(":");
  // Neither a reference nor a "type:name" table without these characters (most values).
  if (!refers && !tables) return NO_NAMES;
  let names = refers ? referencesIn(value) : NO_NAMES;
  if (tables) {
    const suffixes = dbmsParameterSuffixes();
    let withSettings: string[] | undefined;
    for (const m of value.matchAll(DBMS_TABLE)) for (const suffix of suffixes[m[1]!] ?? []) (withSettings ??= [...names]).push(`${m[2]}_${suffix}`);
    if (withSettings) names = withSettings;
  }
  return names;
}

function referencesIn(value: string): readonly string[] {
  const short = value.length <= MAX_CACHED_VALUE;
  let refs = short ? referencesOf.get(value) : undefined;
  if (!refs) {
    const found = referencedNames(value);
    refs = found.length ? found : NO_NAMES;
    if (short) {
      if (referencesOf.size >= MAX_CACHED_VALUES) referencesOf.clear();
      refs = refs.map(ownCopy);
      referencesOf.set(ownCopy(value), refs);
    }
  }
  return refs;
}

const NO_NAMES: readonly string[] = [];
const DBMS_TABLE = /(?:^|[\s,{:])(ldap|mysql|pgsql|sqlite|memcache):([A-Za-z0-9_.-]+)/g;
const MAX_CACHED_VALUE = 256;
const MAX_CACHED_VALUES = 1024;
const referencesOf = new Map<string, readonly string[]>();

/**
 * The per-service parameters of a whole master.cf. Fleets repeat master.cf (most hosts run the
 * packaged one), so the map of the last few distinct lists of services (name and command, all it
 * depends on) is kept and shared, read-only, by the configurations that have them: building it was
 * some 100 map entries per host. A list is found by comparing names and commands, without
 * building a key per host.
 */
function serviceParametersFor(services: readonly MasterService[]): ReadonlyMap<string, string> {
  for (let i = 0; i < recentServiceLists.length; i++) {
    const kept = recentServiceLists[i]!;
    if (!sameServices(kept, services)) continue;
    if (i > 0) recentServiceLists.unshift(...recentServiceLists.splice(i, 1));
    return kept.map;
  }
  const map = new Map<string, string>();
  for (const s of services) for (const [name, value] of serviceParametersOf(s.name, s.command.text)) map.set(name, value);
  if (services.length <= MAX_KEPT_SERVICES) {
    // Copies: the names are slices of the master.cf text, which the list must not keep alive.
    recentServiceLists.unshift({ names: services.map((s) => ownCopy(s.name)), commands: services.map((s) => ownCopy(s.command.text)), map });
    if (recentServiceLists.length > RECENT_SERVICE_LISTS) recentServiceLists.pop();
  }
  return map;
}

interface ServiceList {
  names: string[];
  commands: string[];
  map: ReadonlyMap<string, string>;
}

function sameServices(kept: ServiceList, services: readonly MasterService[]): boolean {
  if (kept.names.length !== services.length) return false;
  for (let i = 0; i < services.length; i++) {
    const s = services[i]!;
    if (kept.names[i] !== s.name || kept.commands[i] !== s.command.text) return false;
  }
  return true;
}

/** Most recently used first. */
const recentServiceLists: ServiceList[] = [];
const RECENT_SERVICE_LISTS = 16;
/** A master.cf with more services than any host runs is not kept. */
const MAX_KEPT_SERVICES = 1000;

/** Bound for the per-process cache below (service names repeat from host to host: smtp, relay, submission...). */
const MAX_CACHED_SERVICES = 10_000;
const serviceParameterCache = new Map<string, [string, string][]>();

/** The parameters a master.cf service `name` running `command` defines (its templates minus built-in names) → default. */
function serviceParametersOf(name: string, command: string): [string, string][] {
  const key = `${command}\0${name}`;
  let out = serviceParameterCache.get(key);
  if (!out) {
    out = [];
    for (const t of serviceParameterTemplates(command)) {
      const param = name + t.suffix;
      if (!builtinParameter(param)) out.push([param, t.default.split("${service}").join(name)]);
    }
    if (serviceParameterCache.size < MAX_CACHED_SERVICES) serviceParameterCache.set(key, out);
  }
  return out;
}

let defaultReferences: [string, string[]][] | undefined;
/** The built-in parameters whose default refers to other names (raw ones excepted), with those names, in knowledge-base order: made once per process. */
function builtinDefaultReferences(): [string, string[]][] {
  if (!defaultReferences) {
    defaultReferences = [];
    for (const name of builtinParameterNames()) {
      const facts = builtinParameter(name)!;
      if (!facts.raw && facts.default.includes("$")) {
        const refs = referencedNames(facts.default);
        if (refs.length) defaultReferences.push([name, refs]);
      }
    }
  }
  return defaultReferences;
}

let defaultReferrers: Map<string, string[]> | undefined;
/** builtinDefaultReferences() the other way round: each name → the built-in parameters whose default refers to it. */
function builtinDefaultReferrers(): Map<string, string[]> {
  if (!defaultReferrers) {
    defaultReferrers = new Map();
    for (const [name, refs] of builtinDefaultReferences()) {
      for (const r of refs) {
        const by = defaultReferrers.get(r);
        if (by) by.push(name);
        else defaultReferrers.set(r, [name]);
      }
    }
  }
  return defaultReferrers;
}

let legacy: Set<string> | undefined;
/** Names the defaults of built-in parameters refer to that are not built in themselves (fallback_relay, virtual_maps...). */
function legacyParameterNames(): Set<string> {
  if (!legacy) {
    legacy = new Set();
    // The same scan as builtinDefaultReferences (a default without "$" refers to nothing): reused.
    for (const [, refs] of builtinDefaultReferences()) for (const r of refs) if (!builtinParameter(r)) legacy.add(r);
  }
  return legacy;
}

/** True for an -o name Postfix uses in this master.cf entry: a parameter it knows, or one a $name of that entry or of main.cf validates. */
export function isKnownOverride(config: PostfixConfig, service: MasterService, name: string): boolean {
  return isKnownParameter(config, name) || legacyParameterNames().has(name) || config.localParameters.get(service)?.has(name) === true;
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
  namesRead?.add(name);
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
      // From var_myhostname: a main.cf myhostname as read with main.cf settings only (measured: with
      // "myhostname = localhost.$mydomain x", mydomain is " x"), else the computed one.
      return defaultMydomain(definedValue(config, "myhostname") ?? expandedGlobal(config, "myhostname"));
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

/**
 * A main.cf value expanded as postconf reads it while it computes the myhostname default: only
 * main.cf settings are defined then (built-in defaults are not), so "mydomain = $mail_name" gives "vm.".
 */
function definedValue(config: PostfixConfig, name: string): string | undefined {
  const p = explicitParameter(config, name);
  return p ? expand(p.value, (n) => explicitParameter(config, n)?.value).value : undefined;
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
  namesRead?.add(name);
  const o = service ? lastOverride(service, name) : undefined;
  if (o) return { name, value: o.value, source: "master.cf -o", range: o.range };
  const known = isKnownParameter(config, name);
  const p = known ? explicitParameter(config, name) : undefined;
  if (p) return { name, value: p.value, source: "main.cf", range: p.range };
  if (name === "config_directory") return { name, value: config.dir, source: "config directory" };
  const d = known ? defaultValue(config, name) : undefined;
  return d === undefined ? undefined : { name, value: d, source: "default" };
}

/** Parameters Postfix sets itself: every program ignores an assignment in main.cf or -o (postconf: "read-only parameter assignment"). */
export const READ_ONLY = new Set(["process_id", "process_name", "service_name"]);

function readOnlyAssignment(name: string, range: Range): Diagnostic {
  return {
    code: "postfix/syntax",
    severity: Severity.Warning,
    detail: "read-only",
    message: `${name} is read-only: Postfix sets it for each program itself and ignores this assignment`,
    range,
  };
}

function lastOverride(service: MasterService, name: string): MasterOverride | undefined {
  if (READ_ONLY.has(name)) return undefined;
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
    namesRead?.add(name);
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

/** The names in smtpd_restriction_classes (for a service, with its -o overrides), as a set. */
export function restrictionClasses(config: PostfixConfig, service?: MasterService): Set<string> {
  return memoizedPerService(config, "restriction classes", service, () =>
    new Set((expandedValue(config, "smtpd_restriction_classes", service) ?? "").split(/[\s,]+/).filter(Boolean)),
  );
}

/** The fully expanded effective value (postconf -x), globally or for a service. */
export function expandedValue(config: PostfixConfig, name: string, service?: MasterService): string | undefined {
  const values = memoMap<string | undefined>(config, "expanded values", service);
  const kept = values.get(name);
  if (kept !== undefined || values.has(name)) return kept;
  const text = effectiveValue(config, name, service)?.value;
  const value = text === undefined ? undefined : expandValue(config, text, service).value;
  values.set(name, value);
  return value;
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
