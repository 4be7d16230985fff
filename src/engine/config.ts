/**
 * .mtalint.json: found upward from a linted path (or named with --config),
 * validated against config-schema.ts, turned into LintSettings and ignore globs.
 * Every mistake in it is a UsageError naming the file, line and JSON pointer.
 */
import { statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { closest, distance } from "fastest-levenshtein";
import { minimatch } from "minimatch";
import { rules as allRules } from "../../rules/index.js";
import { InputError, UsageError } from "../errors.js";
import { describeFsError, readRegularFile } from "../io/read-config.js";
import { configProperties, configSchema } from "./config-schema.js";
import { parseSeverity } from "./severity.js";
import { defaultSettings, type LintSettings } from "./settings.js";

export const CONFIG_FILE_NAME = ".mtalint.json";

/** The id of the findings that report unused disable comments (see suppress.ts); configurable like a rule. */
export const UNUSED_DISABLE_ID = "mtalint/unused-disable";

export interface MtalintConfig {
  /** The file the settings came from; undefined when none was found. */
  path?: string;
  settings: LintSettings;
  /** Globs relative to `baseDir`. */
  ignore: string[];
  baseDir: string;
}

/** Rule id or alias → canonical id. */
function ruleIdTable(): Map<string, string> {
  const table = new Map<string, string>([[UNUSED_DISABLE_ID, UNUSED_DISABLE_ID]]);
  for (const rule of Object.values(allRules)) {
    table.set(rule.meta.id, rule.meta.id);
    for (const alias of rule.meta.aliases ?? []) table.set(alias, rule.meta.id);
  }
  return table;
}

/** The canonical id for a rule id or one of its old aliases; undefined when no rule has it. */
export function resolveRuleId(id: string): string | undefined {
  return ruleIdTable().get(id);
}

/** The closest of `candidates` to `word` when it is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, candidates as string[]);
  return distance(word, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** `unknown rule id "x" (did you mean "y"?)` */
export function unknownRuleMessage(id: string): string {
  const hint = didYouMean(id, [...ruleIdTable().keys()]);
  return `unknown rule id "${id}"${hint ? ` (did you mean "${hint}"?)` : ""}`;
}

/** The nearest .mtalint.json in the directory of `from` or above it, up to the filesystem root. */
export function findConfigFile(from: string): string | undefined {
  let dir = resolve(from);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep going up
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function loadConfigFile(path: string): MtalintConfig {
  let text: string;
  try {
    // As config files are read: a FIFO or device given as --config is refused, never opened.
    text = readRegularFile(path).toString("utf8");
  } catch (e) {
    throw new UsageError(`${path}: cannot read configuration: ${e instanceof InputError ? e.reason : describeFsError(e)}`);
  }
  return parseConfig(path, text);
}

/** The configuration that applies to a linted path: `explicit` (--config) if given, else the nearest .mtalint.json. */
export function configForPath(path: string, explicit?: string): MtalintConfig {
  const file = explicit ?? findConfigFile(path);
  if (file === undefined) return { settings: defaultSettings(), ignore: [], baseDir: process.cwd() };
  return loadConfigFile(file);
}

let validator: ValidateFunction | undefined;

/** Parse and validate the text of a configuration file. */
export function parseConfig(path: string, text: string): MtalintConfig {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const { line, column } = jsonErrorPosition(text, e instanceof Error ? e.message : "");
    const reason = e instanceof Error ? e.message.replace(/\s*(in JSON )?at position \d+.*$/s, "").replace(/, ".*" is not valid JSON$/s, "") : "invalid JSON";
    throw new UsageError(`${path}:${line}:${column}: invalid JSON: ${reason}`);
  }
  validator ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile(configSchema);
  if (!validator(data)) {
    const errors = validator.errors ?? [];
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    if (first) throw configError(path, text, errorPointer(first), `${describeSchemaError(first)}${more}`);
  }
  const raw = data as { rules?: Record<string, string>; postfixVersion?: string; eximVersion?: string; fromVersion?: string; ignore?: string[] };
  const settings = defaultSettings();
  for (const [id, value] of Object.entries(raw.rules ?? {})) {
    const canonical = resolveRuleId(id);
    if (canonical === undefined) throw configError(path, text, `/rules/${escapePointer(id)}`, unknownRuleMessage(id));
    settings.rules[canonical] = value === "off" ? "off" : parseSeverity(value)!;
  }
  if (raw.postfixVersion !== undefined) settings.postfixVersion = raw.postfixVersion;
  if (raw.eximVersion !== undefined) settings.eximVersion = raw.eximVersion;
  if (raw.fromVersion !== undefined) settings.fromVersion = raw.fromVersion;
  return { path, settings, ignore: raw.ignore ?? [], baseDir: dirname(resolve(path)) };
}

/**
 * True when `path` or a directory above it (inside the config's directory)
 * matches an ignore glob. Globs without "/" match a name at any depth, as in .gitignore.
 */
export function isIgnored(config: MtalintConfig, path: string): boolean {
  if (config.ignore.length === 0) return false;
  const rel = relative(config.baseDir, resolve(path));
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return false;
  const parts = rel.split(sep);
  for (let i = 1; i <= parts.length; i++) {
    const candidate = parts.slice(0, i).join("/");
    // "legacy/**" matches "legacy/" but not "legacy": try the directory form too.
    const forms = [candidate, `${candidate}/`];
    if (config.ignore.some((g) => forms.some((f) => minimatch(f, g, { dot: true, matchBase: true })))) return true;
  }
  return false;
}

function configError(path: string, text: string, pointer: string, message: string): UsageError {
  const offset = locatePointer(text, pointer);
  const at = offset === undefined ? undefined : lineColumn(text, offset);
  const where = at ? `:${at.line}:${at.column}` : "";
  return new UsageError(`${path}${where}: ${message} (at ${pointer === "" ? "/" : pointer})`);
}

function errorPointer(e: ErrorObject): string {
  if (e.keyword === "additionalProperties") {
    return `${e.instancePath}/${escapePointer(String(e.params.additionalProperty))}`;
  }
  return e.instancePath;
}

function describeSchemaError(e: ErrorObject): string {
  switch (e.keyword) {
    case "additionalProperties": {
      const name = String(e.params.additionalProperty);
      const hint = e.instancePath === "" ? didYouMean(name, configProperties) : undefined;
      return `unknown property "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}`;
    }
    case "enum":
      return `must be one of ${(e.params.allowedValues as string[]).map((v) => `"${v}"`).join(", ")}, not ${JSON.stringify(e.data)}`;
    case "pattern":
      return `must be a version such as "3.7" or "4.96", not ${JSON.stringify(e.data)}`;
    case "minLength":
      return "must not be empty";
    case "type":
      return `must be ${e.params.type === "object" ? "an object" : e.params.type === "array" ? "an array" : `a ${String(e.params.type)}`}`;
    default:
      return e.message ?? "is invalid";
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** JSON.parse messages carry an offset ("at position N") or a line and column, depending on the V8 version. */
function jsonErrorPosition(text: string, message: string): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  return lineColumn(text, pos ? Number(pos[1]) : text.length);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Offset in valid JSON text of the value at a JSON pointer, or of its key
 * when the value is an object member (the key is what the admin looks for).
 */
export function locatePointer(text: string, pointer: string): number | undefined {
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && " \t\r\n\ufeff".includes(text[i]!)) i++;
  };
  const readString = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string, at: number): number | undefined => {
    if (path === pointer) return at;
    skipSpace();
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      for (let index = 0; ; index++) {
        skipSpace();
        if (text[i] === close) break;
        let childPath = `${path}/${index}`;
        const childAt = i;
        if (c === "{") {
          childPath = `${path}/${escapePointer(readString())}`;
          skipSpace();
          i++; // ":"
          skipSpace();
        }
        const found = value(childPath, childAt);
        if (found !== undefined) return found;
        skipSpace();
        if (text[i] === ",") i++;
        else break;
      }
      i++;
      return undefined;
    }
    if (c === '"') readString();
    else while (i < text.length && !",]} \t\r\n".includes(text[i]!)) i++;
    return undefined;
  };
  skipSpace();
  return value("", i);
}
