import type { MasterService } from "../../src/ast/postfix-nodes.js";
import type { TextEdit } from "../../src/engine/rule.js";
import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { effectiveValue, type PostfixConfig } from "../../src/model/postfix/config.js";
import { remoteProbe, reproduceCommand } from "../../src/relay/probes.js";
import { permitSaslBefore, withValue } from "../../src/relay/postfix/overlay.js";
import { atTargetRelease, relayVerdict, saslEnabled, smtpdServices } from "../../src/relay/postfix/services.js";
import { simulatePostfixRelay } from "../../src/relay/postfix/simulate.js";
import type { RelayScenario } from "../../src/relay/types.js";

const UNAUTH = new Set(["reject_unauth_destination", "defer_unauth_destination"]);

export default definePostfixRule({
  meta: {
    id: "postfix/missing-permit-sasl-authenticated",
    kind: "postfix",
    files: ["main.cf", "master.cf"],
    severity: Severity.Error,
    summary: "Users who log in are still refused relaying: permit_sasl_authenticated is missing or after the relay check",
    messages: {
      missing:
        "service {service} offers SASL login, but an authenticated user sending to {to} gets \"{reply}\": {list} has no permit_sasl_authenticated before {element}. Put it at position {position}: {list} = {corrected}. Reproduce: {command}",
      late:
        "service {service} offers SASL login, but an authenticated user sending to {to} gets \"{reply}\": in {list}, permit_sasl_authenticated comes after {element}. Move it to position {position}: {list} = {corrected}. Reproduce: {command}",
    },
  },
  docs: {
    why: "This is the classic \"554 5.7.1 Relay access denied\" for users who did authenticate: SASL works, the password is right, and Postfix still refuses every message to an outside domain because the restriction list rejects before it ever checks for a login.",
    bad: {
      "main.cf": "myhostname = mx.example.org\nmydestination = $myhostname, localhost\nmynetworks = 127.0.0.0/8\nsmtpd_sasl_auth_enable = yes\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n",
    },
    good: {
      "main.cf":
        "myhostname = mx.example.org\nmydestination = $myhostname, localhost\nmynetworks = 127.0.0.0/8\nsmtpd_sasl_auth_enable = yes\nsmtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n",
    },
    fix: "Put permit_sasl_authenticated before reject_unauth_destination (or defer_unauth_destination) in every list that has one, for each service that offers SASL.",
    related: ["postfix/no-relay-protection", "postfix/sasl-not-enabled", "postfix/unreachable-restriction", "exim/missing-authenticated-accept"],
    references: [
      { title: "SASL_README: Mail relay authorization", url: "https://www.postfix.org/SASL_README.html#server_sasl_authz_relay" },
      { title: "postconf(5): permit_sasl_authenticated", url: "https://www.postfix.org/postconf.5.html#permit_sasl_authenticated" },
      { title: "postconf(5): smtpd_relay_restrictions", url: "https://www.postfix.org/postconf.5.html#smtpd_relay_restrictions" },
    ],
  },
  check(ctx) {
    const config = atTargetRelease(ctx.config, ctx.settings);
    for (const svc of smtpdServices(config)) {
      if (!saslEnabled(config, svc.service)) continue;
      const scenario = remoteProbe("sasl-to-remote", svc.service ? svc.name : undefined);
      const first = relayVerdict(config, scenario);
      if (first.verdict !== "REJECT" && first.verdict !== "DEFER") continue;
      const reply = `${first.code} ${first.enhancedCode} ${first.text}`;
      // Fix each list that refuses the user at an unauth-destination check; keep the fix only if the simulator then accepts.
      let current: { config: PostfixConfig; service: MasterService | undefined } = { config, service: svc.service };
      let verdict = first;
      const fixes: { list: string; element: string; corrected: string; position: number; late: boolean }[] = [];
      for (let round = 0; round < 2 && (verdict.verdict === "REJECT" || verdict.verdict === "DEFER"); round++) {
        const deciding = verdict.trace.findLast((t) => t.result === verdict.verdict);
        if (!deciding?.element || !UNAUTH.has(deciding.element)) break;
        const list = deciding.list.split(" → ")[0]!;
        const fix = permitSaslBefore(current.config, list, current.service, deciding.element);
        if (!fix) break;
        fixes.push({ list, element: deciding.element, ...fix });
        current = withValue(current.config, list, fix.corrected, current.service);
        verdict = simulatePostfixRelay(current.config, scenario);
      }
      if (verdict.verdict !== "ACCEPT" || fixes.length === 0) continue;
      for (const f of fixes) {
        const ev = effectiveValue(config, f.list, svc.service);
        const range = ev?.range ?? svc.range ?? config.mainCf?.parameters[0]?.range;
        if (!range) continue;
        ctx.report({
          range,
          messageId: f.late ? "late" : "missing",
          data: {
            service: svc.name,
            to: scenario.to,
            reply,
            list: f.list,
            element: f.element,
            position: f.position,
            corrected: f.corrected,
            command: reproduceCommand(config.dir, scenario as RelayScenario),
          },
          fix: { description: `Set ${f.list} = ${f.corrected}${ev?.source === "master.cf -o" ? ` on service ${svc.name}` : ""}.`, ...editFor(config, f.list, f.corrected, svc.service) },
        });
      }
    }
  },
});

/** A text edit replacing the list's value where it is written in one piece (main.cf line or -o). */
function editFor(config: PostfixConfig, list: string, corrected: string, service: MasterService | undefined): { edits?: TextEdit[] } {
  const ev = effectiveValue(config, list, service);
  if (!ev?.range) return {};
  if (ev.source === "main.cf") {
    const p = config.definitions.get(list)?.at(-1);
    if (p && !p.value.includes("$")) return { edits: [{ range: p.valueRange, text: corrected }] };
  }
  if (ev.source === "master.cf -o") {
    const o = service?.overrides.findLast((x) => x.name === list);
    if (o && !o.value.includes("$") && o.valueRange.end - o.valueRange.start === o.value.length && !/\s/.test(corrected.replace(/, /g, ","))) {
      return { edits: [{ range: o.valueRange, text: corrected.replace(/, /g, ",") }] };
    }
  }
  return {};
}
