/**
 * Postfix match lists (match_list(3)) for the relay decision: domain lists
 * (mydestination, relay_domains, virtual_*_domains) and host lists
 * (mynetworks). Three-valued: a list that needs a table or file mtalint
 * cannot read, or a DNS name, answers "unknown" with the reason.
 */
import type { MasterService } from "../../ast/postfix-nodes.js";
import { effectiveValue, expandedValue, type PostfixConfig } from "../../model/postfix/config.js";
import { listElements, type ListElement } from "../../model/postfix/lists.js";
import { ipInPattern, processedAddress, type TableReader } from "./tables.js";

export type Match = { match: true; element?: ListElement } | { match: false } | { unknown: string; element?: ListElement };

/** Does `name` (a parameter) appear in parent_domain_matches_subdomains? */
function parentMatches(config: PostfixConfig, name: string, service?: MasterService): boolean {
  const v = expandedValue(config, "parent_domain_matches_subdomains", service) ?? "";
  let names = parentLists.get(v);
  if (!names) {
    if (parentLists.size >= 64) parentLists.clear();
    parentLists.set(v, (names = new Set(v.split(/[\s,]+/))));
  }
  return names.has(name);
}

/** parent_domain_matches_subdomains is the same text on almost every host: split once per text. */
const parentLists = new Map<string, Set<string>>();

export function matchDomainList(
  config: PostfixConfig,
  param: string,
  domain: string,
  tables: TableReader,
  service?: MasterService,
): Match {
  const elements = listElements(config, param, service);
  // Most domain lists of a host are empty (virtual_*_domains): nothing to match.
  if (elements.length === 0) return NO_MATCH;
  let d = domain.toLowerCase();
  if (d.endsWith(".")) d = d.slice(0, -1);
  const parent = parentMatches(config, param, service);
  for (const el of elements) {
    let pattern = el.text.toLowerCase();
    let negate = false;
    while (pattern.startsWith("!")) {
      negate = !negate;
      pattern = pattern.slice(1);
    }
    if (pattern === "") continue;
    if (pattern.startsWith("/")) return { unknown: `${param} reads patterns from the file ${pattern}`, element: el };
    if (/^[a-z0-9]+:/.test(pattern) && !pattern.startsWith("[")) {
      const keys = [d, ...(parent ? parentDomains(d) : [])];
      for (const key of keys) {
        const r = tables.lookup(el.text.replace(/^!+/, ""), key);
        if ("unknown" in r) return { unknown: `${param}: ${r.unknown}`, element: el };
        if ("error" in r) return { unknown: `${param}: ${r.error}`, element: el };
        if (r.found) return negate ? { match: false } : { match: true, element: el };
      }
      continue;
    }
    const hit = pattern.startsWith(".") ? d.endsWith(pattern) : d === pattern || (parent && d.length > pattern.length && d.endsWith(pattern) && d.charCodeAt(d.length - pattern.length - 1) === 46); /* . */
    if (hit) return negate ? NO_MATCH : { match: true, element: el };
  }
  return NO_MATCH;
}

/** Shared: callers only read a Match. */
const NO_MATCH: Match = { match: false };

function parentDomains(d: string): string[] {
  const out: string[] = [];
  let rest = d;
  for (let dot = rest.indexOf("."); dot >= 0; dot = rest.indexOf(".")) {
    rest = rest.slice(dot + 1);
    out.push(`.${rest}`, rest);
  }
  return out;
}

/**
 * Client IP (and verified name) against mynetworks. When mynetworks is not
 * set, Postfix derives it from the server's own interfaces
 * (mynetworks_style), which mtalint does not know for another machine.
 */
export function matchMynetworks(
  config: PostfixConfig,
  client: string,
  clientName: string | undefined,
  tables: TableReader,
  service?: MasterService,
  thisHost = false,
): Match {
  const addr = processedAddress(client);
  if (!addr) return { unknown: `"${client}" is not an IP address` };
  const ev = effectiveValue(config, "mynetworks", service);
  if ((!ev || ev.source === "default") && thisHost) {
    // The configuration runs on this machine: its interfaces are the server's, as postconf computes them.
    const nets = expandedValue(config, "mynetworks", service) ?? "";
    return nets.split(/\s+/).some((n) => n !== "" && ipInPattern(addr, n)) ? { match: true } : { match: false };
  }
  if (!ev || ev.source === "default") {
    const style = expandedValue(config, "mynetworks_style", service) ?? "host";
    const loopback = addr.range() === "loopback";
    if (style === "host") {
      // The server's own addresses: an outside client is by definition not one of them.
      return loopback && (addr.kind() === "ipv6" || client === "127.0.0.1") ? { match: true } : { match: false };
    }
    if (loopback) return { match: true };
    return { unknown: `mynetworks is not set, so Postfix trusts every network attached to the server (mynetworks_style = ${style}); mtalint does not know that server's networks` };
  }
  const parent = parentMatches(config, "mynetworks", service);
  for (const el of listElements(config, "mynetworks", service)) {
    let pattern = el.text;
    let negate = false;
    while (pattern.startsWith("!")) {
      negate = !negate;
      pattern = pattern.slice(1);
    }
    if (pattern === "") continue;
    if (pattern.startsWith("/")) return { unknown: `mynetworks reads patterns from the file ${pattern}`, element: el };
    if (/^[a-z0-9]+:/i.test(pattern) && !/^\[/.test(pattern) && !/^[0-9a-f:]+(\/\d+)?$/i.test(pattern)) {
      const r = tables.lookup(pattern, client);
      if ("unknown" in r) return { unknown: `mynetworks: ${r.unknown}`, element: el };
      if ("error" in r) return { unknown: `mynetworks: ${r.error}`, element: el };
      if (r.found) return negate ? { match: false } : { match: true, element: el };
      continue;
    }
    if (/^[\d.]+(\/\d+)?$/.test(pattern) || pattern.startsWith("[") || /^[0-9a-f]*:[0-9a-f:]*(\/\d+)?$/i.test(pattern)) {
      if (ipInPattern(addr, pattern)) return negate ? { match: false } : { match: true, element: el };
      continue;
    }
    // A host or domain name: matches the client's verified name.
    if (clientName === undefined) return { unknown: `mynetworks lists the name ${pattern}; the client's host name decides`, element: el };
    const n = clientName.toLowerCase();
    const p = pattern.toLowerCase();
    const hit = p.startsWith(".") ? n.endsWith(p) : n === p || (parent && n.endsWith(`.${p}`));
    if (hit) return negate ? { match: false } : { match: true, element: el };
  }
  return { match: false };
}
