/**
 * Postfix lookup tables that mtalint can read without the live system:
 * inline:{...}, static:..., and file-based tables whose source text is
 * available (hash:/btree:/lmdb:/cdb:/dbm: with the text file beside the
 * database as postmap reads it, texthash:, cidr:). Anything else is
 * unknown and makes a verdict UNKNOWN. Paths are read only inside the
 * config directory: /etc/postfix/x maps to DIR/x for a copied config.
 */
import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import ipaddr from "ipaddr.js";
import { InputError } from "../../errors.js";
import { decodeBytes } from "../../io/encoding.js";
import { readRegularFile } from "../../io/read-config.js";
import { isInside } from "../../io/paths.js";
import { splitList, unbraceElement } from "../../model/postfix/lists.js";
import { parseNetwork } from "../networks.js";

/** `error`: the table itself is broken; smtpd answers 451 4.3.5 Server configuration error. */
export type Lookup = { found: true; value: string } | { found: false } | { unknown: string } | { error: string };

export interface TableReader {
  /** Look a key up; `cidr:` tables take an IP address. */
  lookup(table: string, key: string): Lookup;
}

const TEXT_TYPES = new Set(["hash", "btree", "lmdb", "cdb", "dbm", "sdbm", "texthash"]);

export function createTableReader(configDir: string, originalConfigDir = "/etc/postfix"): TableReader {
  // Made when the first file table is read: most configurations read none.
  let cache: Map<string, Map<string, string> | { cidr: [string, string][] } | { patterns: RegexEntry[] } | string> | undefined;
  let root: string | undefined;

  const localPath = (given: string): string | undefined => {
    root ??= resolve(configDir);
    // A relative path comes from a relative config_directory ($config_directory/x): relative to where mtalint runs.
    const p = isAbsolute(given) ? given : resolve(given);
    const candidates = [p.startsWith(`${originalConfigDir}/`) ? join(root, p.slice(originalConfigDir.length + 1)) : undefined, p];
    for (const c of candidates) {
      if (!c) continue;
      if (!isInside(root, resolve(c))) continue;
      // A symbolic link inside the directory that leads out of it is outside too.
      if (existsSync(c) && isInside(realpathSync(root), realpathSync(c))) return c;
    }
    return undefined;
  };

  const load = (type: string, name: string): Map<string, string> | { cidr: [string, string][] } | { patterns: RegexEntry[] } | string => {
    const key = `${type}:${name}`;
    cache ??= new Map();
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    let result: Map<string, string> | { cidr: [string, string][] } | { patterns: RegexEntry[] } | string;
    const path = localPath(name);
    if (!path) {
      result = `table ${key} is not readable under ${configDir}`;
    } else {
      // As config files are read: a FIFO or device standing for the table is refused, never opened.
      let text = "";
      try {
        text = decodeBytes(readRegularFile(path));
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        result = `table ${key}: ${path}: ${e.reason}`;
        cache.set(key, result);
        return result;
      }
      if (type === "cidr") result = { cidr: parseCidrTable(text) };
      else if (type === "regexp" || type === "pcre") {
        const patterns = parseRegexTable(text);
        result = typeof patterns === "string" ? `${key}: ${patterns}` : { patterns };
      } else result = parseTextTable(text);
    }
    cache.set(key, result);
    return result;
  };

  return {
    lookup(table: string, key: string): Lookup {
      const colon = table.indexOf(":");
      if (colon < 0) return { unknown: `"${table}" is not a type:name table` };
      const type = table.slice(0, colon);
      const name = table.slice(colon + 1);
      if (type === "static") return { found: true, value: unbraceElement(name) };
      if (type === "inline") {
        const map = new Map<string, string>();
        for (const e of splitList(unbraceElement(name))) {
          // Each element must be key=value; "key = value" splits into three elements and breaks the table (measured).
          const t = unbraceElement(e.text);
          const eq = t.indexOf("=");
          if (eq <= 0) return { error: `${table}: "${t}" is not key=value (write {key = value} to use spaces)` };
          map.set(t.slice(0, eq).trim().toLowerCase(), t.slice(eq + 1).trim());
        }
        const v = map.get(key.toLowerCase());
        return v === undefined ? { found: false } : { found: true, value: v };
      }
      if (TEXT_TYPES.has(type) || type === "cidr" || type === "regexp" || type === "pcre") {
        const t = load(type, name);
        if (typeof t === "string") return { unknown: t };
        if ("cidr" in t) return cidrLookup(t.cidr, key);
        if ("patterns" in t) {
          for (const p of t.patterns) if (p.re.test(key) !== p.negate) return { found: true, value: p.value };
          return { found: false };
        }
        const v = t.get(key.toLowerCase());
        return v === undefined ? { found: false } : { found: true, value: v };
      }
      return { unknown: `${type}: tables are looked up in the live system (${table})` };
    },
  };
}

/** postmap(1) source format: "key whitespace value", # comments, continuation by leading whitespace. */
function parseTextTable(text: string): Map<string, string> {
  const map = new Map<string, string>();
  let pending = "";
  const flush = () => {
    const m = /^(\S+)\s+([\s\S]*)$/.exec(pending.trim());
    if (m) map.set(m[1]!.toLowerCase(), m[2]!.trim());
    pending = "";
  };
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*#/.test(line) || /^\s*$/.test(line)) continue;
    if (/^\s/.test(line)) pending += ` ${line.trim()}`;
    else {
      if (pending) flush();
      pending = line;
    }
  }
  if (pending) flush();
  return map;
}

interface RegexEntry {
  re: RegExp;
  negate: boolean;
  value: string;
}

/**
 * regexp_table(5)/pcre_table(5): "/pattern/flags result" and "!/pattern/ result"
 * lines, first match wins, case-insensitive unless the i flag toggles it.
 * Only patterns JavaScript reads the same way are accepted; if/endif blocks,
 * POSIX classes and unknown flags make the table unknown rather than guessed.
 */
function parseRegexTable(text: string): RegexEntry[] | string {
  const out: RegexEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (/^\s*(#|$)/.test(line)) continue;
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]!)) line += ` ${lines[++i]!.trim()}`;
    const m = /^(!?)\/((?:\\.|[^\\/])*)\/([a-zA-Z]*)\s+(.*)$/.exec(line.trim());
    if (!m) return `line "${line.trim()}" is not /pattern/ result (if/endif blocks are not evaluated)`;
    const [, neg, pattern, flags, value] = m as unknown as [string, string, string, string, string];
    if (/\[:[a-z]+:\]|\\[<>]/.test(pattern)) return `the pattern /${pattern}/ uses syntax JavaScript reads differently`;
    if (/[^i]/.test(flags)) return `the flags "${flags}" of /${pattern}/ are not evaluated`;
    const insensitive = (flags.match(/i/g)?.length ?? 0) % 2 === 0;
    try {
      out.push({ re: new RegExp(pattern, insensitive ? "i" : ""), negate: neg === "!", value: value.trim() });
    } catch {
      return `the pattern /${pattern}/ is not a regular expression mtalint can read`;
    }
  }
  return out;
}

function parseCidrTable(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const m = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (m) out.push([m[1]!, m[2]!.trim()]);
  }
  return out;
}

function cidrLookup(entries: [string, string][], key: string): Lookup {
  const addr = processedAddress(key);
  if (!addr) return { found: false };
  for (const [pattern, value] of entries) {
    if (ipInPattern(addr, pattern)) return { found: true, value };
  }
  return { found: false };
}

/** An address against "1.2.3.4", "1.2.3.0/24", "[2001:db8::]/32" or "2001:db8::/32". */
export function ipInPattern(addr: ipaddr.IPv4 | ipaddr.IPv6, pattern: string): boolean {
  const p = ipPattern(pattern);
  if (p === undefined) return false;
  if ("bits" in p) return addr.kind() === p.net.kind() && addr.match(p.net, p.bits);
  return p.single.kind() === addr.kind() && p.normalized === addr.toNormalizedString();
}

type IpPattern = { net: ipaddr.IPv4 | ipaddr.IPv6; bits: number } | { single: ipaddr.IPv4 | ipaddr.IPv6; normalized: string };

/** Patterns parsed once per text: every probe of every host tests its client against the same mynetworks. */
const ipPatterns = new Map<string, IpPattern | undefined>();

function ipPattern(pattern: string): IpPattern | undefined {
  if (ipPatterns.has(pattern)) return ipPatterns.get(pattern);
  if (ipPatterns.size >= 4096) ipPatterns.clear();
  const p = pattern.replace(/^\[([^\]]+)\](\/\d+)?$/, "$1$2");
  let parsed: IpPattern | undefined;
  try {
    if (p.includes("/")) {
      // A network is read as broad-mynetworks reads it (kept there per text: mynetworks is read by both).
      const net = parseNetwork(pattern);
      parsed = net && { net: net.addr, bits: net.prefix };
    } else {
      const single = processedAddress(p);
      parsed = single && { single, normalized: single.toNormalizedString() };
    }
  } catch {
    parsed = undefined;
  }
  ipPatterns.set(pattern, parsed);
  return parsed;
}

/**
 * An address as Postfix compares it (ipaddr.process: an IPv4-mapped IPv6 address is its IPv4
 * address), or undefined for text that is none. Every probe of every host is made from one of a
 * few client addresses, and mynetworks repeats: each text is parsed once (callers only read it).
 */
export function processedAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (processedAddresses.has(text)) return processedAddresses.get(text);
  if (processedAddresses.size >= 4096) processedAddresses.clear();
  let addr: ipaddr.IPv4 | ipaddr.IPv6 | undefined;
  try {
    addr = ipaddr.process(text);
  } catch {
    addr = undefined;
  }
  processedAddresses.set(text, addr);
  return addr;
}

const processedAddresses = new Map<string, ipaddr.IPv4 | ipaddr.IPv6 | undefined>();
