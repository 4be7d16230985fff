/**
 * File lookups in Exim lists: `lsearch;/etc/exim4/relay_domains`,
 * `net24-lsearch;FILE`, `net-iplsearch;FILE`, `lsearch*@;FILE`, and a file
 * name standing for its lines (spec "File names in lists", "Host list
 * patterns for single-key lookups by host address", "Default values in
 * single-key lookups").
 *
 * mtalint reads the plain-text files (lsearch, iplsearch, a file of list
 * items) where they lie inside the configuration's directory, the way it
 * reads Postfix's table sources: /etc/exim4/x and /etc/exim/x stand for
 * ROOT/x, any other absolute path must resolve inside ROOT. It never opens
 * a database (cdb, dbm), asks a server, or runs anything.
 *
 * Measured with exim -bh (Exim 4.96): when the file of a list lookup is
 * missing, unreadable or not a regular file, Exim logs a panic and the
 * SMTP process exits without answering the RCPT. The client sees the
 * connection drop. So a lookup mtalint cannot read has three outcomes
 * (match, no match, no answer), and `failure` says so.
 */
import { realpathSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import ipaddr from "ipaddr.js";
import { InputError } from "../../errors.js";
import { decodeBytes } from "../../io/encoding.js";
import { readRegularFile } from "../../io/read-config.js";
import { isInside } from "../../io/paths.js";
import { ipInPattern } from "../postfix/tables.js";

/** What Exim does when a lookup cannot be made: `panic` drops the connection without a reply; `defer` answers 451. */
export type Failure = "panic" | "defer";

/** A file mtalint may read, with room for what was parsed from it. */
export interface ServerFile {
  path: string;
  text: string;
  /** lsearch keys, lower-cased (filled on first use). */
  keys?: Set<string>;
  /** iplsearch keys in file order (filled on first use). */
  ipKeys?: string[];
}

/** A server file by the path the configuration gives, or why mtalint cannot read it. */
export type ReadFile = (path: string) => ServerFile | { unavailable: string };

const MAX_LOOKUP_FILE = 16 * 1024 * 1024;

/** Reads server files from `root`, the folder that stands for /etc/exim4, and nothing outside it. */
export function readUnder(root: string): ReadFile {
  const base = resolve(root);
  const cache = new Map<string, ServerFile | { unavailable: string }>();
  return (given: string) => {
    const hit = cache.get(given);
    if (hit) return hit;
    const r = readOne(base, given);
    cache.set(given, r);
    return r;
  };
}

function readOne(root: string, given: string): ServerFile | { unavailable: string } {
  if (!isAbsolute(given)) return { unavailable: `${given} is a relative path, which mtalint does not resolve` };
  let local: string | undefined;
  for (const prefix of ["/etc/exim4/", "/etc/exim/"]) if (given.startsWith(prefix)) local = join(root, given.slice(prefix.length));
  if (local === undefined && isInside(root, resolve(given))) local = resolve(given);
  if (local === undefined || !isInside(root, local)) return { unavailable: `${given} is outside the configuration's directory, which mtalint does not read` };
  let real: string;
  try {
    real = realpathSync(local);
  } catch {
    return { unavailable: `${given} is not in the configuration's directory` };
  }
  // A symbolic link inside the directory that leads out of it is outside too.
  if (!isInside(realpathSync(root), real)) return { unavailable: `${given} leads outside the configuration's directory` };
  try {
    return { path: given, text: decodeBytes(readRegularFile(real, MAX_LOOKUP_FILE)) };
  } catch (e) {
    if (e instanceof InputError) return { unavailable: `${given}: ${e.reason}` };
    throw e;
  }
}

/** A list item that starts with a lookup: `[partial-|netN-]TYPE[*|*@];ARGUMENT`. */
export interface LookupItem {
  text: string;
  /** `net-` (bits undefined) or `netN-` in a host list: the client's IP address is the key. */
  net?: { bits?: number };
  partial: boolean;
  type: string;
  defaults: "" | "*" | "*@";
  argument: string;
}

export function parseLookupItem(text: string): LookupItem | undefined {
  const m = /^(?:(partial\d*(?:\([^)]*\))?)-|net(\d*)-)?([a-z0-9_]+)(\*@?)?;(.*)$/is.exec(text);
  if (!m) return undefined;
  const defaults = (m[4] ?? "") as LookupItem["defaults"];
  const item: LookupItem = { text, partial: m[1] !== undefined, type: m[3]!.toLowerCase(), defaults, argument: m[5]!.trim() };
  if (m[2] !== undefined) item.net = m[2] === "" ? {} : { bits: Number(m[2]) };
  return item;
}

/** Lookups that ask a server or a service: a failure defers (451). */
const QUERY_TYPES = new Set([
  "mysql",
  "pgsql",
  "oracle",
  "ibase",
  "sqlite",
  "redis",
  "ldap",
  "ldapdn",
  "ldapm",
  "nisplus",
  "whoson",
  "dnsdb",
  "spf",
  "readsock",
  "passwd",
  "nis",
  "nis0",
]);
/** File lookups mtalint does not read: binary databases, and files whose keys are patterns or expansions. */
const OTHER_FILE_TYPES = new Set(["cdb", "dbm", "dbmnz", "dbmjz", "lmdb", "dsearch", "wildlsearch", "nwildlsearch", "json"]);

export const PANIC = "if the file is missing or unreadable on the server, Exim logs a panic and drops the connection without answering";

/** What happens at run time when a lookup of this type fails; undefined for a type mtalint does not know. */
export function failureOf(type: string): Failure | undefined {
  if (QUERY_TYPES.has(type)) return "defer";
  if (OTHER_FILE_TYPES.has(type) || type === "lsearch" || type === "iplsearch") return "panic";
  return undefined;
}

export type LookupResult = true | false | { unknown: string; failure?: Failure };

/** Why mtalint does not evaluate a lookup it will not read, with what may happen at run time. */
export function unevaluated(item: LookupItem, what: string): { unknown: string; failure?: Failure } {
  // A query is never made; when it fails, Exim defers (the condition's own reason says so).
  if (QUERY_TYPES.has(item.type)) return { unknown: `${what} uses the lookup "${item.text}"`, failure: "defer" };
  if (OTHER_FILE_TYPES.has(item.type)) {
    const kind = ["cdb", "dbm", "dbmnz", "dbmjz", "lmdb"].includes(item.type) ? "a binary database mtalint does not read" : "a lookup mtalint does not evaluate";
    return { unknown: `${what} uses the lookup "${item.text}", ${kind}; ${PANIC}`, failure: "panic" };
  }
  return { unknown: `${what} uses the lookup "${item.text}", which mtalint does not evaluate` };
}

/**
 * Look `key` up with a single-key lookup item. `key` undefined: the key is
 * empty (the null sender), which never matches, but Exim opens the file first.
 */
export function lookupKey(item: LookupItem, key: string | undefined, read: ReadFile | undefined, what: string): LookupResult {
  if (item.type !== "lsearch" && item.type !== "iplsearch") return unevaluated(item, what);
  if (item.partial) return { unknown: `${what} uses the lookup "${item.text}": partial matching is not evaluated by mtalint; ${PANIC}`, failure: "panic" };
  const f = read?.(item.argument);
  if (!f || "unavailable" in f) {
    const why = f ? f.unavailable : `mtalint has no directory to read ${item.argument} from`;
    return { unknown: `${what} uses the lookup "${item.text}": ${why}; ${PANIC}`, failure: "panic" };
  }
  if (key === undefined || key === "") return false;
  const keys = [key];
  if (item.defaults === "*@" && key.includes("@")) keys.push(`*@${key.slice(key.lastIndexOf("@") + 1)}`);
  if (item.defaults !== "") keys.push("*");
  if (item.type === "iplsearch") return keys.some((k) => ipFound(f, k));
  const set = (f.keys ??= lsearchKeys(f.text));
  return keys.some((k) => set.has(k.toLowerCase()));
}

/** The keys of an lsearch file: a line that starts with neither white space (a continuation) nor # holds one. */
export function lsearchKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split("\n")) {
    const k = lineKey(line.replace(/\r$/, ""));
    if (k !== undefined) keys.add(k.toLowerCase());
  }
  return keys;
}

function lineKey(line: string): string | undefined {
  if (line === "" || /^[\s#]/.test(line)) return undefined;
  if (!line.startsWith('"')) return /^[^\s:]*/.exec(line)![0];
  // A quoted key ends at the closing quote; a backslash takes the next character literally.
  let key = "";
  for (let i = 1; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') break;
    if (c === "\\" && i + 1 < line.length) {
      const n = line[++i]!;
      key += n === "n" ? "\n" : n === "t" ? "\t" : n;
    } else key += c;
  }
  return key;
}

function ipFound(f: ServerFile, key: string): boolean {
  const ipKeys = (f.ipKeys ??= f.text.split("\n").flatMap((l) => lineKey(l.replace(/\r$/, "")) ?? []));
  if (key === "*") return ipKeys.includes("*");
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(key);
  } catch {
    return false;
  }
  return ipKeys.some((k) => k !== "*" && ipInPattern(addr, k));
}

/**
 * The key a `net-` or `netN-` host list lookup uses for the client (spec "Host list patterns for single-key
 * lookups by host address"): the address, IPv6 written in full with dots between the groups (colons for
 * iplsearch); with a mask, the masked address and "/N". Undefined where mtalint cannot build it.
 */
export function netKey(item: LookupItem, client: string): string | undefined {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(client);
  } catch {
    return undefined;
  }
  // An IPv4-mapped IPv6 client: measured, exim -bh does not find its IPv4 key; left undecided.
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) return undefined;
  const bits = item.net?.bits;
  const max = addr.kind() === "ipv4" ? 32 : 128;
  if (bits !== undefined && (bits > max || item.type === "iplsearch")) return undefined;
  const masked = bits === undefined ? addr : maskAddress(addr, bits);
  const text =
    masked.kind() === "ipv4"
      ? masked.toString()
      : (masked as ipaddr.IPv6).parts.map((p) => p.toString(16).padStart(4, "0")).join(item.type === "iplsearch" ? ":" : ".");
  return bits === undefined ? text : `${text}/${bits}`;
}

function maskAddress(addr: ipaddr.IPv4 | ipaddr.IPv6, bits: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = addr.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i]! &= (0xff << (8 - keep)) & 0xff;
  }
  return ipaddr.fromByteArray(bytes);
}

/**
 * The items of a file named in a list, one a line (spec "File names in lists"): blank lines are skipped;
 * `#` starts a comment anywhere in domain and host lists, and only at the start or after white space in
 * address and local part lists (a local part may hold #).
 */
export function fileListItems(text: string, hashAnywhere: boolean): string[] {
  const items: string[] = [];
  for (let line of text.split("\n")) {
    const hash = hashAnywhere ? line.indexOf("#") : line.search(/(^|\s)#/);
    if (hash >= 0) line = line.slice(0, hash);
    line = line.trim();
    if (line !== "") items.push(line);
  }
  return items;
}
