/**
 * Section names after `begin`. Exim 4.96 compares them without case and
 * with or without a trailing "s" (`begin router`, `begin ACLs`, `begin retrys`
 * are all accepted: measured with exim -bV).
 */
export const EXIM_SECTIONS = ["acl", "authenticators", "local_scan", "retry", "rewrite", "routers", "transports"] as const;
export type EximSectionName = (typeof EXIM_SECTIONS)[number];

export function canonicalSection(name: string): EximSectionName | undefined {
  const n = name.toLowerCase();
  return EXIM_SECTIONS.find((s) => n === s || n === `${s}s` || `${n}s` === s);
}
