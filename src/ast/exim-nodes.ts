/**
 * AST of an Exim run time configuration, after preprocessing (macros,
 * includes, conditionals). Every range points at the text as written; nodes
 * whose text came through an include or a macro carry `via`.
 */
import type { Range } from "./range.js";

export interface EximNodeBase {
  range: Range;
  via?: string[];
}

/** `NAME = value` / `NAME == value` (spec 6.4-6.6). */
export interface EximMacro extends EximNodeBase {
  type: "EximMacro";
  name: string;
  value: string;
  redefinition: boolean;
  /** A -D definition of the same name makes Exim ignore this one (spec 6.7). */
  overriddenByDefine: boolean;
  nameRange: Range;
  valueRange: Range;
}

export interface EximInclude extends EximNodeBase {
  type: "EximInclude";
  path: string;
  /** Absolute path it resolves to ("" when it could not be resolved). */
  resolved: string;
  ifExists: boolean;
  found: boolean;
}

/** An option setting in the main section, a driver, or local_scan. */
export interface EximOption extends EximNodeBase {
  type: "EximOption";
  /** Option name without a `no_`/`not_` prefix. */
  name: string;
  /** The name as written. */
  rawName: string;
  /** Written as `no_name` / `not_name`. */
  negated: boolean;
  /** Preceded by `hide` (spec 6.11). */
  hidden: boolean;
  /** Text after "=", as written (quotes kept); undefined when there is no "=". */
  value?: string;
  nameRange: Range;
  valueRange?: Range;
}

export type EximListType = "domainlist" | "hostlist" | "addresslist" | "localpartlist";

export interface EximNamedList extends EximNodeBase {
  type: "EximNamedList";
  listType: EximListType;
  cache: boolean;
  name: string;
  value: string;
  nameRange: Range;
  valueRange: Range;
}

export type EximAclVerb = "accept" | "defer" | "deny" | "discard" | "drop" | "require" | "warn";

export interface EximAclCondition extends EximNodeBase {
  type: "EximAclCondition";
  /** Condition or modifier name (`hosts`, `verify`, `message`...). */
  name: string;
  negated: boolean;
  /** The variable of `set acl_m_x = value`. */
  variable?: string;
  variableRange?: Range;
  value?: string;
  nameRange: Range;
  valueRange?: Range;
}

export interface EximAclStatement extends EximNodeBase {
  type: "EximAclStatement";
  verb: string;
  verbRange: Range;
  conditions: EximAclCondition[];
}

export interface EximAcl extends EximNodeBase {
  type: "EximAcl";
  name: string;
  nameRange: Range;
  statements: EximAclStatement[];
}

export type EximDriverKind = "router" | "transport" | "authenticator";

export interface EximDriverInstance extends EximNodeBase {
  type: "EximDriverInstance";
  kind: EximDriverKind;
  name: string;
  nameRange: Range;
  /** Value of `driver =`, if set. */
  driver?: string;
  options: EximOption[];
}

/** A retry or rewrite rule: whitespace-separated fields (quoted fields kept whole). */
export interface EximRuleLine extends EximNodeBase {
  type: "EximRetryRule" | "EximRewriteRule";
  text: string;
  fields: { text: string; range: Range }[];
}

export interface EximSection extends EximNodeBase {
  type: "EximSection";
  name: string;
  nameRange: Range;
}

export interface EximConfig {
  type: "EximConfig";
  mainOptions: EximOption[];
  namedLists: EximNamedList[];
  macros: EximMacro[];
  includes: EximInclude[];
  acls: EximAcl[];
  routers: EximDriverInstance[];
  transports: EximDriverInstance[];
  authenticators: EximDriverInstance[];
  retryRules: EximRuleLine[];
  rewriteRules: EximRuleLine[];
  localScanOptions: EximOption[];
  sections: EximSection[];
}
