/**
 * "What if the Exim configuration read differently?": copies of the AST with
 * one named list extended or one ACL statement inserted, so explain can prove
 * a fix by replaying the rejection before it suggests it.
 */
import type { EximAcl, EximAclStatement, EximConfig, EximListType } from "../ast/exim-nodes.js";
import type { Range } from "../ast/range.js";

/** The named list of that type and name that Exim uses (the last definition), if any. */
export function namedListValue(config: EximConfig, type: EximListType, name: string): string | undefined {
  let value: string | undefined;
  for (const l of config.namedLists) if (l.listType === type && l.name === name) value = l.value;
  return value;
}

/** The configuration with `item` appended to a named list (in the list's own separator; ":" in an item is doubled in a colon list). */
export function withListItem(config: EximConfig, type: EximListType, name: string, item: string): EximConfig | undefined {
  const index = config.namedLists.findLastIndex((l) => l.listType === type && l.name === name);
  if (index < 0) return undefined;
  const list = config.namedLists[index]!;
  const custom = /^\s*<([^A-Za-z0-9\s])/.exec(list.value);
  const sep = custom ? custom[1]! : ":";
  const written = sep === ":" ? item.replace(/:/g, "::") : item;
  const value = list.value.trim() === "" || (custom && list.value.trim().length === 2) ? `${list.value.trimEnd()} ${written}` : `${list.value} ${sep} ${written}`;
  const namedLists = config.namedLists.map((l, i) => (i === index ? { ...l, value } : l));
  return { ...config, namedLists };
}

/** The ACL statement whose verb is at `range` (the simulator's decidedBy), with its ACL. */
export function statementAt(config: EximConfig, range: Range | undefined): { acl: EximAcl; index: number; statement: EximAclStatement } | undefined {
  if (!range) return undefined;
  for (const acl of config.acls) {
    const index = acl.statements.findIndex((s) => s.verbRange.file === range.file && s.verbRange.start === range.start);
    if (index >= 0) return { acl, index, statement: acl.statements[index]! };
  }
  return undefined;
}

/** The configuration with "accept authenticated = *" inserted before statement `index` of `acl`. */
export function withAuthenticatedAccept(config: EximConfig, acl: EximAcl, index: number): EximConfig {
  const at = acl.statements[index]!.verbRange;
  const accept: EximAclStatement = {
    type: "EximAclStatement",
    verb: "accept",
    verbRange: at,
    range: at,
    conditions: [{ type: "EximAclCondition", name: "authenticated", negated: false, value: "*", range: at, nameRange: at }],
  };
  const changed: EximAcl = { ...acl, statements: [...acl.statements.slice(0, index), accept, ...acl.statements.slice(index)] };
  return { ...config, acls: config.acls.map((a) => (a === acl ? changed : a)) };
}
