/**
 * Facts about Postfix parameters, generated from the real package by
 * scripts/gen-postfix-data.mjs (postconf -d, postconf(5)). Never hand-edit.
 */
import data from "../data/postfix-parameters.json" with { type: "json" };

export interface ParameterFacts {
  /** The default exactly as `postconf -d` prints it (may hold compatibility_level expressions). */
  default: string;
  list?: boolean;
  restrictionList?: boolean;
  /** postconf computes this default from the machine it runs on. */
  hostDependent?: boolean;
  /** Expanded by Postfix only at run time with per-message macros ($rbl_code, $home...); postconf -x leaves it as is. */
  raw?: boolean;
}

export interface ServiceParameterTemplate {
  /** Appended to the master.cf service name, e.g. "_destination_concurrency_limit". */
  suffix: string;
  /** Default, with "${service}" standing for the service name. */
  default: string;
}

const parameters = data.parameters as Record<string, ParameterFacts>;
const serviceTemplates = data.serviceParameters as Record<string, ServiceParameterTemplate[]>;
const dbmsSuffixes = data.dbmsParameters as Record<string, string[]>;

/** The Postfix release the knowledge base was generated from. */
export const KNOWLEDGE_POSTFIX_VERSION: string = data.postfixVersion;

// A Map and a name list made once: models and rules look names up thousands of times per configuration.
const byName = new Map(Object.entries(parameters));
const names = [...byName.keys()];

export function builtinParameter(name: string): ParameterFacts | undefined {
  return byName.get(name);
}

export function builtinParameterNames(): string[] {
  return names.slice();
}

let restrictionLists: string[] | undefined;
/** The built-in parameters that are restriction lists (smtpd_*_restrictions...), in knowledge-base order. */
export function builtinRestrictionListNames(): string[] {
  restrictionLists ??= names.filter((n) => byName.get(n)!.restrictionList);
  return restrictionLists.slice();
}

/** Per-service parameters a master.cf service running `command` defines (e.g. relay_destination_concurrency_limit). */
export function serviceParameterTemplates(command: string): ServiceParameterTemplate[] {
  return Object.hasOwn(serviceTemplates, command) ? serviceTemplates[command]! : [];
}

/**
 * Database clients (ldap, mysql, pgsql, sqlite, memcache) whose "TYPE:name"
 * table, with a name that is not a file, reads its settings from main.cf
 * parameters name_SUFFIX; the suffixes postconf knows, per client.
 */
export function dbmsParameterSuffixes(): Readonly<Record<string, string[]>> {
  return dbmsSuffixes;
}
