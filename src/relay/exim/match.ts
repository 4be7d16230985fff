/**
 * Matching a client, domain or address against Exim lists for the relay
 * decision. Three-valued: items that need DNS, a lookup file or an
 * expansion mtalint does not evaluate make the answer unknown.
 */
import ipaddr from "ipaddr.js";
import { hostname } from "node:os";
import type { EximConfig, EximListType } from "../../ast/exim-nodes.js";
import { HOST_LIST_SETTINGS, splitEximList } from "../../model/exim/lists.js";
import { domainOf, localPartOf } from "../address.js";
import { ipInPattern } from "../postfix/tables.js";
import { failureOf, fileListItems, lookupKey, netKey, PANIC, parseLookupItem, unevaluated, type Failure, type ReadFile } from "./lookups.js";

/**
 * `defer`: Exim itself fails the check (e.g. an undefined named list) and defers with 451.
 * `failure`: besides matching or not, the item can fail at run time (a lookup file missing on the server).
 */
export type Tri = true | false | { unknown: string; defer?: true; failure?: Failure };

export interface MatchEnv {
  config: EximConfig;
  client: string;
  clientName?: string;
  /** Reads the server's files that lie in the configuration's directory (lookup files, files named in lists). */
  read?: ReadFile;
}

/** Expansion items that read, run or query something: when one fails in a list, Exim defers (measured: ${lookup} on a missing file, 451). */
const FAILING_EXPANSION = /\$\{(run|readsocket|readfile|perl|dlfunc|lookup|acl|imapfolder|prvscheck|certextract)\b/;

function namedList(config: EximConfig, type: EximListType, name: string) {
  let found;
  for (const l of config.namedLists) if (l.listType === type && l.name === name) found = l;
  return found;
}

/** primary_hostname as Exim computes it: the option, else this machine's name. */
export function primaryHostname(config: EximConfig): string {
  let v: string | undefined;
  for (const o of config.mainOptions) if (o.name === "primary_hostname" && o.value !== undefined) v = o.value.replace(/^"|"$/g, "");
  return (v ?? hostname()).toLowerCase();
}

type ItemMatcher = (item: string) => Tri;

/**
 * Walk a list: the first item that matches decides (negated items → false); no match → false, unless the
 * last item is negated: then the list ends in an implicit "*" (spec "Negated items in lists"; measured:
 * domains = !+local_domains matches a remote domain).
 */
function walk(list: string, env: MatchEnv, type: EximListType, item: ItemMatcher, depth = 0): Tri {
  let lastNegated = false;
  for (const it of splitEximList(list)) {
    let text = it.text;
    let negate = false;
    while (text.startsWith("!")) {
      negate = !negate;
      text = text.slice(1).trimStart();
    }
    let r: Tri;
    if (type === "hostlist" && text.startsWith("+") && HOST_LIST_SETTINGS.has(text.slice(1))) {
      // A setting for the name lookups of the items after it: it matches nothing itself. Those
      // items need the client's host name, which the simulator does not know (they are UNKNOWN).
      continue;
    } else if (text.startsWith("+")) {
      const l = namedList(env.config, type, text.slice(1));
      if (!l) return { unknown: `no ${type} named ${text.slice(1)}: Exim defers`, defer: true };
      r = depth > 20 ? { unknown: "named lists nest too deep" } : walk(l.value, env, type, item, depth + 1);
    } else if (text.includes("$")) {
      r = { unknown: `the list item "${text}" is expanded at run time` };
      // What the expansion does may fail: an item that reads or runs, or a lookup (a query defers, a file panics).
      const lookup = parseLookupItem(text);
      const failure = FAILING_EXPANSION.test(text) ? "defer" : lookup ? failureOf(lookup.type) : undefined;
      if (failure) r.failure = failure;
    } else if (text.startsWith("/")) {
      // A file stands for its lines; "!" before the file name inverts every line (spec "File names in lists").
      const f = env.read?.(text);
      if (!f || "unavailable" in f) {
        const why = f ? f.unavailable : "mtalint has no directory to read it from";
        return { unknown: `the ${type} reads the file ${text}: ${why}; ${PANIC}`, failure: "panic" };
      }
      let fileNegated = negate;
      for (const line of fileListItems(f.text, type === "domainlist" || type === "hostlist")) {
        let n = negate;
        let t = line;
        if (t.startsWith("!")) {
          n = !n;
          t = t.slice(1).trimStart();
        }
        const m: Tri = t.startsWith("/") ? { unknown: `the file ${text} names another file (${t}), which Exim does not read from there` } : item(t);
        if (typeof m === "object") return m;
        if (m) return !n;
        fileNegated = n;
      }
      lastNegated = fileNegated;
      continue;
    } else {
      r = item(text);
    }
    if (typeof r === "object") return r;
    if (r) return !negate;
    lastNegated = negate;
  }
  return lastNegated;
}

function isLookup(text: string): boolean {
  return /^[a-z0-9_*().-]+@?;/i.test(text);
}

/**
 * A lookup in a host list: `net-` and `netN-` look the client's address up; any other lookup
 * looks up its host name, which needs reverse DNS. Without a name Exim does not match the item
 * (and does not open the file; measured).
 */
function hostLookup(text: string, env: MatchEnv): Tri {
  const item = parseLookupItem(text);
  if (!item) return { unknown: `the host list uses the lookup "${text}"` };
  // A query (mysql;select ...) or a lookup type mtalint does not know: no key from the client.
  if (failureOf(item.type) !== "panic") return unevaluated(item, "the host list");
  if (item.net) {
    const key = netKey(item, env.client);
    if (key === undefined) {
      return { unknown: `the host list uses the lookup "${text}": mtalint does not build its key for ${env.client}; ${PANIC}`, failure: "panic" };
    }
    return lookupKey(item, key, env.read, "the host list");
  }
  if (env.clientName === "") return false;
  if (env.clientName === undefined) {
    return { unknown: `the host list uses the lookup "${text}", which looks the client's host name up (DNS); ${PANIC}`, failure: "panic" };
  }
  return lookupKey(item, env.clientName.toLowerCase(), env.read, "the host list");
}

/** A lookup item of a domain, local part or address list: `key` is looked up (undefined: the empty address). */
function lookupItem(text: string, key: string | undefined, env: MatchEnv, what: string): Tri {
  const item = parseLookupItem(text);
  if (!item || item.net) return { unknown: `${what} uses the lookup "${text}"` };
  return lookupKey(item, key, env.read, what);
}

export function matchHosts(list: string, env: MatchEnv): Tri {
  let addr: ipaddr.IPv4 | ipaddr.IPv6 | undefined;
  try {
    addr = ipaddr.process(env.client);
  } catch {
    addr = undefined;
  }
  const client4 = addr?.kind() === "ipv4" ? ipv4Number(addr.toString()) : undefined;
  return walk(list, env, "hostlist", (text) => {
    if (text === "") return false; // matches only a local (non-TCP) sender
    if (text === "*") return true;
    if (client4 !== undefined) {
      const fast = matchIpv4(client4, text);
      if (fast !== undefined) return fast;
    }
    if (isLookup(text)) return hostLookup(text, env);
    if (text === "@[]") return { unknown: "@[] matches the server's own interface addresses" };
    if (addr && /^[\d.]+(\/\d+)?$|^[0-9a-f:.]*:[0-9a-f:.]*(\/\d+)?$/i.test(text)) return ipInPattern(addr, text);
    if (/^[\d.]+(\/\d+)?$/.test(text)) return false;
    // A plain name is looked up forwards; "localhost" is the loopback addresses on every system.
    if (text.toLowerCase() === "localhost") return addr !== undefined && addr.range() === "loopback";
    // Host names need the client's verified name (reverse DNS).
    if (env.clientName === undefined) return { unknown: `the host list item "${text}" needs the client's host name (DNS)` };
    const n = env.clientName.toLowerCase();
    const t = text === "@" ? primaryHostname(env.config) : text.toLowerCase();
    return matchDomainPattern(t, n);
  });
}

/** A plain dotted quad (no leading zeros, which some parsers read as octal) as a number, else undefined. */
function ipv4Number(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

/**
 * The common host list item, an IPv4 address or network, compared as numbers:
 * a list of a million addresses is walked once per relay probe, and the
 * general parser costs microseconds an item. Undefined for anything else.
 */
function matchIpv4(client: number, text: string): boolean | undefined {
  const slash = text.indexOf("/");
  const net = ipv4Number(slash < 0 ? text : text.slice(0, slash));
  if (net === undefined) return undefined;
  if (slash < 0) return net === client;
  const bitsText = text.slice(slash + 1);
  if (!/^\d{1,2}$/.test(bitsText) || Number(bitsText) > 32) return undefined;
  const size = 2 ** (32 - Number(bitsText));
  return Math.floor(net / size) === Math.floor(client / size);
}

export function matchDomains(list: string, domain: string, env: MatchEnv): Tri {
  const d = domain.toLowerCase();
  return walk(list, env, "domainlist", (text) => {
    if (text === "") return d === "";
    if (text === "@") return d === primaryHostname(env.config);
    if (text.startsWith("@")) return { unknown: `the domain list item "${text}" depends on DNS or the server's interfaces` };
    if (isLookup(text)) return lookupItem(text, d, env, "the domain list");
    return matchDomainPattern(text.toLowerCase(), d);
  });
}

function matchDomainPattern(pattern: string, value: string): Tri {
  if (pattern === "*") return true;
  if (pattern.startsWith("^")) {
    try {
      return new RegExp(pattern, "i").test(value);
    } catch {
      return { unknown: `regular expression ${pattern} uses syntax mtalint does not evaluate` };
    }
  }
  if (pattern.startsWith("*")) return value.endsWith(pattern.slice(1));
  return value === pattern;
}

export function matchLocalParts(list: string, localPart: string, env: MatchEnv): Tri {
  return walk(list, env, "localpartlist", (text) => {
    if (isLookup(text)) return lookupItem(text, localPart, env, "the local part list");
    if (text.startsWith("^")) {
      try {
        return new RegExp(text).test(localPart);
      } catch {
        return { unknown: `regular expression ${text} uses syntax mtalint does not evaluate` };
      }
    }
    if (text === "*") return true;
    if (text.startsWith("*")) return localPart.endsWith(text.slice(1));
    return localPart.toLowerCase() === text.toLowerCase();
  });
}

export function matchAddresses(list: string, address: string, env: MatchEnv): Tri {
  const local = localPartOf(address);
  const domain = domainOf(address).toLowerCase();
  return walk(list, env, "addresslist", (text) => {
    if (text === "") return address === "";
    if (isLookup(text)) return lookupItem(text, address === "" ? undefined : `${local}@${domain}`, env, "the address list");
    if (text === "*") return true;
    if (text.startsWith("^")) {
      try {
        return new RegExp(text, "i").test(address);
      } catch {
        return { unknown: `regular expression ${text} uses syntax mtalint does not evaluate` };
      }
    }
    // *@lsearch;FILE, @@lsearch;FILE, user@partial-lsearch;FILE: a lookup on a part of the address.
    const partLookup = /^(?:[^;]*@)?([a-z0-9_*-]+;.*)$/is.exec(text);
    const partItem = partLookup ? parseLookupItem(partLookup[1]!) : undefined;
    if (partItem) {
      const failure = failureOf(partItem.type);
      const note = failure === "panic" ? `; ${PANIC}` : failure === "defer" ? " (Exim defers if it fails)" : "";
      return { unknown: `the address list item "${text}" looks a part of the address up, which mtalint does not evaluate${note}`, ...(failure ? { failure } : {}) };
    }
    const tat = text.lastIndexOf("@");
    if (tat < 0) return matchDomainPattern(text.toLowerCase(), domain);
    const tl = text.slice(0, tat);
    const td = text.slice(tat + 1).toLowerCase();
    const lp = tl === "" || tl === "*" || tl.toLowerCase() === local.toLowerCase();
    return lp && (td === "" ? true : matchDomainPattern(td, domain) === true);
  });
}
