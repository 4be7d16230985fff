/**
 * Postfix release facts (src/model/data/postfix-versions.json, hand-curated
 * with sources) joined with the introductions postconf(5) 3.7.11 dates
 * (postfix-since.json, from scripts/gen-drift-data.mjs): when a parameter or restriction appeared, was
 * deprecated or removed, and which defaults differ between releases.
 */
import data from "../data/postfix-versions.json" with { type: "json" };
import sinceData from "../data/postfix-since.json" with { type: "json" };
import { builtinParameter, builtinParameterNames } from "../postfix/parameters.js";
import { ownCopy } from "../strings.js";
import type { DriftSource, LifecycleFact } from "./facts.js";
import { atOrAfter, compareVersions, releaseLine } from "./version.js";

export interface PostfixParameterFact extends LifecycleFact {
  /** Release lines that received the parameter in a stable patch before `since`. */
  backportedTo?: string[];
  /** Old value → value of the replacement, where Postfix defines the mapping (smtpd_use_tls = yes → may). */
  values?: Record<string, string>;
}

export interface CompatDefaultFact {
  name: string;
  old: string;
  new: string;
  /** compatibility_level at which the new default takes effect. */
  level: string;
  /** Release that introduced the level-dependent default. */
  since: string;
  note?: string;
  source: DriftSource;
}

export interface DefaultChangeFact {
  name: string;
  version: string;
  /** null: the parameter did not exist before. */
  old: string | null;
  new: string;
  note?: string;
  source: DriftSource;
}

interface PostfixDriftData {
  releases: string[];
  latest: string;
  lastCompatLevel: { since: string; level: string; source: DriftSource }[];
  parameters: PostfixParameterFact[];
  restrictions: LifecycleFact[];
  compatDefaults: CompatDefaultFact[];
  defaultChanges: DefaultChangeFact[];
}

export const postfixDrift = data as PostfixDriftData;
export const POSTFIX_RELEASES: readonly string[] = postfixDrift.releases;
export const LATEST_POSTFIX: string = postfixDrift.latest;

const parameterFacts = new Map(postfixDrift.parameters.map((f) => [f.name, f]));
const restrictionFacts = new Map(postfixDrift.restrictions.map((f) => [f.name, f]));

export function postfixParameterFact(name: string): PostfixParameterFact | undefined {
  return parameterFacts.get(name);
}

export function postfixRestrictionFact(name: string): LifecycleFact | undefined {
  return restrictionFacts.get(name);
}

const POSTCONF5: DriftSource = { file: "postconf(5)", release: sinceData.postfixVersion };
const documentedSince = sinceData.since as Record<string, string>;

/** When a parameter appeared: the curated fact, else postconf(5) of the knowledge release (scripts/gen-drift-data.mjs). */
export function parameterSince(name: string): { version: string; source: DriftSource } | undefined {
  const f = parameterFacts.get(name);
  if (f?.since) return { version: f.since, source: f.source };
  const since = Object.hasOwn(documentedSince, name) ? documentedSince[name] : undefined;
  return since ? { version: since, source: POSTCONF5 } : undefined;
}

/**
 * Answers of parameterExistsIn per release and name: rules ask it of every setting of every host of
 * a fleet, for the same release and mostly the same names. Bounded (a name may be anything a
 * main.cf sets).
 */
const existence = new Map<string, Map<string, boolean | undefined>>();
const MAX_RELEASES_KEPT = 16;
const MAX_NAMES_KEPT = 4096;

/** false when Postfix `version` has no such parameter (not yet, or no longer); undefined when we cannot say. */
export function parameterExistsIn(name: string, version: string): boolean | undefined {
  let byName = existence.get(version);
  if (!byName) {
    if (existence.size >= MAX_RELEASES_KEPT) existence.clear();
    existence.set(ownCopy(version), (byName = new Map()));
  }
  const known = byName.get(name);
  if (known !== undefined || byName.has(name)) return known;
  const answer = existsIn(name, version);
  if (byName.size >= MAX_NAMES_KEPT) byName.clear();
  byName.set(ownCopy(name), answer);
  return answer;
}

function existsIn(name: string, version: string): boolean | undefined {
  const f = parameterFacts.get(name);
  if (f?.removed && atOrAfter(version, f.removed)) return false;
  const since = parameterSince(name);
  if (since && !atOrAfter(version, since.version) && !f?.backportedTo?.includes(releaseLine(version))) return false;
  return since || f ? true : undefined;
}

/** The newest compatibility_level that Postfix `version` knows (undefined before 3.0). */
export function lastCompatLevel(version: string): string | undefined {
  let level: string | undefined;
  for (const l of postfixDrift.lastCompatLevel) if (atOrAfter(version, l.since)) level = l.level;
  return level;
}

/** The compatibility_level defaults that Postfix `version` switches when the level is raised from `level` to its newest. */
export function pendingCompatDefaults(version: string, level: string): CompatDefaultFact[] {
  return postfixDrift.compatDefaults.filter((f) => atOrAfter(version, f.since) && compareVersions(level, f.level) < 0);
}

const defaultsCache = new Map<string, Map<string, string | null>>();

/**
 * The defaults of Postfix `version` where they differ from the knowledge
 * release's, for withDefaults(): null where that release has no such parameter.
 * Before 3.0 there is no compatibility_level and the old defaults held unconditionally.
 */
export function postfixDefaultsFor(version: string): Map<string, string | null> {
  const cached = defaultsCache.get(version);
  if (cached) return cached;
  const out = new Map<string, string | null>();
  const names = new Set([...postfixDrift.compatDefaults.map((f) => f.name), ...postfixDrift.defaultChanges.map((f) => f.name)]);
  for (const name of names) {
    const compat = postfixDrift.compatDefaults.find((f) => f.name === name);
    const beforeCompat = compat !== undefined && !atOrAfter(version, compat.since);
    let value: string | null | undefined;
    if (compat) {
      const builtinHasLevel = builtinParameter(name)?.default.includes(`<level {${compat.level}}`) ?? false;
      if (beforeCompat) value = compat.old;
      else if (!builtinHasLevel) value = `\${{$compatibility_level} <level {${compat.level}} ? {${compat.old}} : {${compat.new}}}`;
    }
    const changes = postfixDrift.defaultChanges.filter((c) => c.name === name).sort((a, b) => compareVersions(a.version, b.version));
    for (const c of changes) {
      if (!atOrAfter(version, c.version)) {
        value = c.old;
        break;
      }
      if (!compat || beforeCompat) value = c.new;
    }
    if (value !== undefined) out.set(name, value);
  }
  for (const name of [...builtinParameterNames(), ...parameterFacts.keys()]) {
    if (parameterExistsIn(name, version) === false) out.set(name, null);
  }
  defaultsCache.set(version, out);
  return out;
}
