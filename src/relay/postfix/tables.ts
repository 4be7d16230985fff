/**
 * Postfix lookup tables that mtalint can read without the live system:
 * inline:{...}, static:..., and file-based tables whose source text is
 * available (hash:/btree:/lmdb:/cdb:/dbm: with the text file beside the
 * database as postmap reads it, texthash:, cidr:). Anything else is
 * unknown and makes a verdict UNKNOWN. Paths are read only inside the
 * config directory: /etc/postfix/x maps to DIR/x for a copied config.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import ipaddr from "ipaddr.js";
import { splitList, unbraceElement } from "../../model/postfix/lists.js";

/** `error`: the table itself is broken; smtpd answers 451 4.3.5 Server configuration error. */
export type Lookup = { found: true; value: string } | { found: false } | { unknown: string } | { error: string };

export interface TableReader {
  /** Look a key up; `cidr:` tables take an IP address. */
  lookup(table: string, key: string): Lookup;
}

const TEXT_TYPES = new Set(["hash", "btree", "lmdb", "cdb", "dbm", "sdbm", "texthash"]);

export function createTableReader(configDir: string, originalConfigDir = "/etc/postfix"): TableReader {
  const cache = new Map<string, Map<string, string> | { cidr: [string, string][] } | string>();
  const root = resolve(configDir);

  const localPath = (p: string): string | undefined => {
    if (!isAbsolute(p)) return undefined;
    const candidates = [p.startsWith(`${originalConfigDir}/`) ? join(root, p.slice(originalConfigDir.length + 1)) : undefined, p];
    for (const c of candidates) {
      if (!c) continue;
      const rel = relative(root, resolve(c));
      if (rel.startsWith("..") || isAbsolute(rel)) continue;
      if (existsSync(c)) return c;
    }
    return undefined;
  };

  const load = (type: string, name: string): Map<string, string> | { cidr: [string, string][] } | string => {
    const key = `${type}:${name}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    let result: Map<string, string> | { cidr: [string, string][] } | string;
    const path = localPath(name);
    if (!path) {
      result = `table ${key} is not readable under ${configDir}`;
    } else {
      const text = readFileSync(path, "utf8");
      result = type === "cidr" ? { cidr: parseCidrTable(text) } : parseTextTable(text);
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
      if (TEXT_TYPES.has(type) || type === "cidr") {
        const t = load(type, name);
        if (typeof t === "string") return { unknown: t };
        if ("cidr" in t) return cidrLookup(t.cidr, key);
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
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.process(key);
  } catch {
    return { found: false };
  }
  for (const [pattern, value] of entries) {
    if (ipInPattern(addr, pattern)) return { found: true, value };
  }
  return { found: false };
}

/** An address against "1.2.3.4", "1.2.3.0/24", "[2001:db8::]/32" or "2001:db8::/32". */
export function ipInPattern(addr: ipaddr.IPv4 | ipaddr.IPv6, pattern: string): boolean {
  const p = pattern.replace(/^\[([^\]]+)\](\/\d+)?$/, "$1$2");
  try {
    if (p.includes("/")) {
      const [net, bits] = ipaddr.parseCIDR(p);
      return addr.kind() === net.kind() && addr.match(net, bits);
    }
    const single = ipaddr.process(p);
    return single.kind() === addr.kind() && single.toNormalizedString() === addr.toNormalizedString();
  } catch {
    return false;
  }
}
