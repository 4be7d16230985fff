/**
 * Matching a client, domain or address against Exim lists for the relay
 * decision. Three-valued: items that need DNS, a lookup file or an
 * expansion mtalint does not evaluate make the answer unknown.
 */
import ipaddr from "ipaddr.js";
import { hostname } from "node:os";
import type { EximConfig, EximListType } from "../../ast/exim-nodes.js";
import { splitEximList } from "../../model/exim/lists.js";
import { domainOf, localPartOf } from "../address.js";
import { ipInPattern } from "../postfix/tables.js";

/** `defer`: Exim itself fails the check (e.g. an undefined named list) and defers with 451. */
export type Tri = true | false | { unknown: string; defer?: true };

export interface MatchEnv {
  config: EximConfig;
  client: string;
  clientName?: string;
}

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
    if (text.startsWith("+")) {
      const l = namedList(env.config, type, text.slice(1));
      if (!l) return { unknown: `no ${type} named ${text.slice(1)}: Exim defers`, defer: true };
      r = depth > 20 ? { unknown: "named lists nest too deep" } : walk(l.value, env, type, item, depth + 1);
    } else if (text.includes("$")) {
      r = { unknown: `the list item "${text}" is expanded at run time` };
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
  return /^[a-z0-9_*-]+;/i.test(text) || text.startsWith("/");
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
    if (isLookup(text)) return { unknown: `the host list uses the lookup "${text}"` };
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
    if (isLookup(text)) return { unknown: `the domain list uses the lookup "${text}"` };
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
    if (isLookup(text)) return { unknown: `the local part list uses the lookup "${text}"` };
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
    if (isLookup(text)) return { unknown: `the address list uses the lookup "${text}"` };
    if (text === "*") return true;
    if (text.startsWith("^")) {
      try {
        return new RegExp(text, "i").test(address);
      } catch {
        return { unknown: `regular expression ${text} uses syntax mtalint does not evaluate` };
      }
    }
    const tat = text.lastIndexOf("@");
    if (tat < 0) return matchDomainPattern(text.toLowerCase(), domain);
    const tl = text.slice(0, tat);
    const td = text.slice(tat + 1).toLowerCase();
    const lp = tl === "" || tl === "*" || tl.toLowerCase() === local.toLowerCase();
    return lp && (td === "" ? true : matchDomainPattern(td, domain) === true);
  });
}
