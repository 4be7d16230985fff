/**
 * Exim release facts (src/model/data/exim-versions.json, hand-curated with
 * sources) joined with the `version` column of OptionLists.txt 4.96
 * (exim-options.json): when options, ACL conditions and log selectors
 * appeared or went away, and the 4.94 taint rules.
 */
import data from "../data/exim-versions.json" with { type: "json" };
import type { EximDriverKind } from "../../ast/exim-nodes.js";
import { driverOption, mainOption } from "../exim/options.js";
import type { DriftEvidence, DriftSource, LifecycleFact } from "./facts.js";
import { atOrAfter } from "./version.js";

export interface EximOptionFact extends LifecycleFact {
  scope: "main";
}

export interface TaintFileOptions {
  kind: EximDriverKind;
  driver: string;
  options: string[];
  since: string;
  source: DriftSource;
}

export interface TaintFacts {
  since: string;
  source: DriftSource;
  evidence: DriftEvidence;
  /** Variables whose values come from the message or the SMTP session (tainted since 4.94). */
  variables: string[];
  /** Header variables ($h_subject: ...), all tainted. */
  variablePrefixes: string[];
  /** Tainted variable → the de-tainted one Exim sets after a successful match. */
  detainted: Record<string, string>;
  fileOptions: TaintFileOptions[];
  singleKeyLookups: string[];
  queryLookups: { since: string; types: string[]; source: DriftSource; evidence: DriftEvidence };
}

export interface EximDefaultChangeFact {
  name: string;
  scope?: string;
  version: string;
  old: string;
  new: string;
  source: DriftSource;
}

interface EximDriftData {
  releases: string[];
  latest: string;
  options: EximOptionFact[];
  aclConditions: LifecycleFact[];
  logSelectors: LifecycleFact[];
  taint: TaintFacts;
  changedDefaults: EximDefaultChangeFact[];
}

export const eximDrift = data as EximDriftData;
export const EXIM_RELEASES: readonly string[] = eximDrift.releases;
export const LATEST_EXIM: string = eximDrift.latest;
export const OPTION_LISTS: DriftSource = { file: "OptionLists.txt", release: "4.96" };

const mainFacts = new Map(eximDrift.options.map((f) => [f.name, f]));
const conditionFacts = new Map(eximDrift.aclConditions.map((f) => [f.name, f]));
const selectorFacts = new Map(eximDrift.logSelectors.map((f) => [f.name, f]));

export function eximMainOptionFact(name: string): EximOptionFact | undefined {
  return mainFacts.get(name);
}

export function eximAclConditionFact(name: string): LifecycleFact | undefined {
  return conditionFacts.get(name);
}

export function eximLogSelectorFact(name: string): LifecycleFact | undefined {
  return selectorFacts.get(name);
}

/** When a main or driver option appeared: the curated fact, else OptionLists.txt 4.96. */
export function eximOptionSince(name: string, driver?: { kind: EximDriverKind; driver: string | undefined }): { version: string; source: DriftSource } | undefined {
  if (!driver) {
    const f = mainFacts.get(name);
    if (f?.since) return { version: f.since, source: f.source };
  }
  const info = driver ? driverOption(driver.kind, driver.driver, name) : mainOption(name);
  return info?.version ? { version: info.version, source: OPTION_LISTS } : undefined;
}

/** Whether the taint rules of `version` apply (4.94 and later). */
export function taintEnforced(version: string): boolean {
  return atOrAfter(version, eximDrift.taint.since);
}
