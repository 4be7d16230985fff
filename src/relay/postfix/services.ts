/** The smtpd services a relay rule checks, and facts about them. */
import type { MasterService } from "../../ast/postfix-nodes.js";
import type { Range } from "../../ast/range.js";
import type { LintSettings } from "../../engine/settings.js";
import { postfixDefaultsFor } from "../../model/drift/postfix.js";
import { postfixTarget } from "../../model/drift/target.js";
import { effectiveValue, expandedValue, memoized, withDefaults, type PostfixConfig } from "../../model/postfix/config.js";
import { listElements } from "../../model/postfix/lists.js";
import type { RelayScenario, RelayVerdict } from "../types.js";
import { simulatePostfixRelay } from "./simulate.js";

export interface SmtpdService {
  /** Name for --service (e.g. "smtp", "submission", "127.0.0.1:10025"). */
  name: string;
  service: MasterService | undefined;
  /** Where to point a finding about the service as a whole. */
  range: Range | undefined;
}

/** Every smtpd service listening on the network (master.cf inet entries running smtpd); without master.cf, the default smtp service. */
export function smtpdServices(config: PostfixConfig): SmtpdService[] {
  // Asked by most Postfix rules: made once per configuration object. Callers must not modify it.
  return memoized(config, "smtpd services", () => {
    if (!config.masterCf) return [{ name: "smtp", service: undefined, range: config.mainCf?.parameters[0]?.range }];
    return config.masterCf.services
      .filter((s) => s.serviceType === "inet" && s.command.text === "smtpd")
      .map((s) => ({ name: s.name, service: s, range: s.nameRange }));
  });
}

export function saslEnabled(config: PostfixConfig, service: MasterService | undefined): boolean {
  return expandedValue(config, "smtpd_sasl_auth_enable", service) === "yes";
}

/** The first mydestination domain, for "to a local domain" probes. */
export function localDomain(config: PostfixConfig): string {
  const first = listElements(config, "mydestination")[0]?.text;
  return first && !first.includes(":") && !first.startsWith("/") ? first : (expandedValue(config, "myhostname") ?? "localhost");
}

/** The range of the setting that defines `name` for a service (its -o, or its main.cf line), if any. */
export function settingRange(config: PostfixConfig, name: string, service: MasterService | undefined): Range | undefined {
  const ev = effectiveValue(config, name, service);
  return ev?.range;
}

/**
 * The configuration as the target release will run it (lint settings, else
 * what the config implies): relay rules simulate with that release's defaults.
 */
export function atTargetRelease(config: PostfixConfig, settings: LintSettings): PostfixConfig {
  const target = postfixTarget(config, settings);
  // Several rules judge the same configuration at the same release, one after the other: they share one
  // object, so that relayVerdict's memo and the model's per-config caches serve them all.
  return memoized(config, `at release ${target.version}`, () => withDefaults(config, postfixDefaultsFor(target.version), target.version));
}

/**
 * simulatePostfixRelay, computed once per scenario and configuration object: the relay rules probe
 * the same scenarios (open-relay and no-relay-protection the same one, compat-level-drift its probes
 * once per pending default). The verdict is shared: callers must not modify it.
 */
export function relayVerdict(config: PostfixConfig, scenario: RelayScenario): RelayVerdict {
  const verdicts = memoized(config, "relay verdicts", newVerdicts);
  // A scenario without a service runs on "smtp" (simulatePostfixRelay): the same key for both.
  const key = JSON.stringify(scenario.service === "smtp" ? { ...scenario, service: undefined } : scenario);
  let verdict = verdicts.get(key);
  if (!verdict) verdicts.set(key, (verdict = simulatePostfixRelay(config, scenario)));
  return verdict;
}

const newVerdicts = () => new Map<string, RelayVerdict>();
