import type { Range } from "../../src/ast/range.js";
import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { lastCompatLevel, pendingCompatDefaults, postfixDefaultsFor, postfixDrift, type CompatDefaultFact } from "../../src/model/drift/postfix.js";
import { describeTarget, postfixTarget } from "../../src/model/drift/target.js";
import { atOrAfter, compareVersions, isVersion } from "../../src/model/drift/version.js";
import { expandedValue, explicitParameter, withDefaults, type PostfixConfig } from "../../src/model/postfix/config.js";
import { listElements } from "../../src/model/postfix/lists.js";
import { builtinRestrictionListNames } from "../../src/model/postfix/parameters.js";
import { atTargetRelease, localDomain, relayVerdict } from "../../src/relay/postfix/services.js";
import { simulatePostfixRelay } from "../../src/relay/postfix/simulate.js";
import { probe, type ProbeName } from "../../src/relay/probes.js";
import type { RelayScenario } from "../../src/relay/types.js";

export default definePostfixRule({
  meta: {
    id: "postfix/compat-level-drift",
    kind: "postfix",
    files: ["main.cf"],
    severity: Severity.Warning,
    summary: "compatibility_level below the target release's, or defaults that changed since the release the config ran on",
    messages: {
      pending:
        "compatibility_level {level} is below {last}, the level of Postfix {version}: Postfix keeps backwards-compatible defaults and warns at every start; raising the level changes {changes} (target: {target})",
      relied:
        "this configuration relies on the old default {name} = {old}, kept only while compatibility_level is below {flip} (default changed at compatibility_level {flip}, Postfix {since}): {why} (target: {target})",
      changedUnder: "defaults changed between Postfix {from} and {version}: {changes}{relay} (target: {target})",
    },
  },
  docs: {
    why: "A main.cf carried over from an old release has no compatibility_level, so Postfix 3.x runs it with the old defaults (relay_domains = $mydestination, mynetworks_style = subnet, an empty smtpd_relay_restrictions...). The day someone follows the startup warning and raises the level, all of them flip at once; settings the configuration silently relied on change who may relay.",
    bad: { "main.cf": "myhostname = mx.example.org\nmydestination = $myhostname, localhost\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n" },
    good: { "main.cf": "compatibility_level = 3.11\nmyhostname = mx.example.org\nmydestination = $myhostname, localhost\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n" },
    fix: "Set each default the configuration relies on explicitly in main.cf (the message names them), then set compatibility_level to the level of the installed release.",
    related: ["postfix/deprecated-parameter", "postfix/no-relay-protection", "postfix/removed-parameter", "exim/changed-default"],
    references: [
      { title: "postconf(5): compatibility_level", url: "https://www.postfix.org/postconf.5.html#compatibility_level" },
      { title: "COMPATIBILITY_README: the backwards-compatibility safety net", url: "https://www.postfix.org/COMPATIBILITY_README.html" },
      { title: "COMPATIBILITY_README: Turning off the backwards-compatibility safety net", url: "https://www.postfix.org/COMPATIBILITY_README.html#turnoff" },
    ],
  },
  check(ctx) {
    const { config } = ctx;
    const target = postfixTarget(config, ctx.settings);
    const judged = atTargetRelease(config, ctx.settings);
    const levelParam = explicitParameter(config, "compatibility_level");
    const range: Range | undefined = levelParam?.nameRange ?? config.mainCf?.parameters[0]?.nameRange;
    if (!range) return;
    const where = describeTarget("Postfix", target);
    const last = lastCompatLevel(target.version);
    const level = levelParam?.value.trim() || "0";
    if (last && /^\d+(\.\d+)*$/.test(level)) {
      const pending = pendingCompatDefaults(target.version, level).filter((f) => !config.definitions.has(f.name));
      const quiet: CompatDefaultFact[] = [];
      for (const f of pending) {
        const why = reliance(judged, f);
        if (!why) {
          quiet.push(f);
          continue;
        }
        ctx.report({
          range,
          messageId: "relied",
          severity: Severity.Error,
          data: { name: f.name, old: f.old === "" ? "(empty)" : f.old, flip: f.level, since: f.since, why, target: where },
          fix: { description: `Add "${f.name} = ${f.old}" to main.cf (or adapt the configuration to the new default) before raising compatibility_level.` },
        });
      }
      if (quiet.length) {
        ctx.report({
          range,
          messageId: "pending",
          data: { level, last, version: target.version, changes: quiet.map(describeChange).join("; "), target: where },
          fix: { description: `Review the listed defaults, set explicitly those you want to keep, then set compatibility_level = ${last}.` },
        });
      }
    }
    const from = ctx.settings.fromVersion;
    if (from && isVersion(from) && compareVersions(from, target.version) < 0 && atOrAfter(from, "2.0")) {
      const before = withDefaults(config, postfixDefaultsFor(from), from);
      const names = new Set([...postfixDrift.compatDefaults.map((f) => f.name), ...postfixDrift.defaultChanges.map((f) => f.name)]);
      const changes: string[] = [];
      for (const name of [...names].sort()) {
        if (config.definitions.has(name)) continue;
        const a = expandedValue(before, name);
        const b = expandedValue(judged, name);
        // A parameter that did not exist before keeps the old behaviour by its first default; only changed values count.
        if (a !== undefined && a !== b) changes.push(`${name} = ${show(a)} → ${b === undefined ? "(no longer a parameter)" : show(b)}`);
      }
      if (changes.length) {
        const diff = relayDifference(before, judged);
        ctx.report({
          range,
          messageId: "changedUnder",
          ...(diff ? { severity: Severity.Error } : {}),
          data: { from, version: target.version, changes: changes.join("; "), relay: diff ? `; relay verdicts change: ${diff}` : "", target: where },
          fix: { description: "Set the defaults the configuration needs explicitly in main.cf, so an upgrade cannot change them." },
        });
      }
    }
  },
});

function show(v: string): string {
  return v === "" ? "(empty)" : v;
}

function describeChange(f: CompatDefaultFact): string {
  return `${f.name} ${show(f.old)} → ${show(f.new)} (level ${f.level})`;
}

/** Why the configuration depends on the old value of `f`, or undefined when it does not (as far as we can tell). */
function reliance(config: PostfixConfig, f: CompatDefaultFact): string | undefined {
  const restrictions = () => builtinRestrictionListNames().flatMap((n) => listElements(config, n).map((e) => e.text));
  switch (f.name) {
    case "mynetworks_style":
      return !config.definitions.has("mynetworks") && restrictions().includes("permit_mynetworks")
        ? "mynetworks is not set, so permit_mynetworks trusts every client in this server's subnets; with mynetworks_style = host only the server itself is trusted"
        : undefined;
    case "smtpd_tls_fingerprint_digest":
      return restrictions().some((r) => r === "check_ccert_access" || r === "permit_tls_clientcerts")
        ? "client certificate fingerprints in the access tables are md5 and stop matching under sha256"
        : undefined;
    case "smtp_tls_security_level":
    case "smtputf8_enable":
    case "respectful_logging":
    case "append_dot_mydomain":
    case "smtp_tls_fingerprint_digest":
    case "lmtp_tls_fingerprint_digest":
    case "smtp_tlsrpt_skip_reused_handshakes":
      return undefined;
  }
  const diff = relayDifference(config, withDefaults(config, new Map([[f.name, f.new]])));
  return diff ? `relay verdicts change with ${f.name} = ${show(f.new)}: ${diff}` : undefined;
}

const PROBES: ProbeName[] = ["outside-to-remote", "outside-to-local", "local-to-remote", "sasl-to-remote"];

/** The standard relay probes plus a subdomain of the local domain, run on both configurations; the first that differs, described. */
function relayDifference(a: PostfixConfig, b: PostfixConfig): string | undefined {
  const domain = localDomain(a);
  const scenarios: RelayScenario[] = [...PROBES.map((p) => probe(p, domain)), { ...probe("outside-to-local", `sub.${domain}`), to: `user@sub.${domain}` }];
  for (const s of scenarios) {
    const x = relayVerdict(a, s);
    const y = simulatePostfixRelay(b, s);
    if (x.verdict !== y.verdict || x.code !== y.code) {
      return `${s.client} → ${s.to}${s.sasl ? " (logged in)" : ""}: ${x.verdict}${x.code ? ` ${x.code}` : ""} becomes ${y.verdict}${y.code ? ` ${y.code}` : ""}`;
    }
  }
  return undefined;
}
