/**
 * Postfix's classic "554 Relay access denied" for users who did log in:
 * permit_sasl_authenticated is missing from the list that refuses, or comes
 * after reject_unauth_destination. The fix is that list with the permit put
 * before the check, and it is proven by replaying with it (the same reasoning
 * as the rule postfix/missing-permit-sasl-authenticated).
 */
import type { MasterService } from "../ast/postfix-nodes.js";
import { effectiveValue, type PostfixConfig } from "../model/postfix/config.js";
import { permitSaslBefore, withValue } from "../relay/postfix/overlay.js";
import { verdictLine, type RelayScenario, type RelayVerdict, type TraceStep } from "../relay/types.js";
import type { CauseId, Explanation } from "./causes.js";
import { locate, replay, serviceLabel, type ExplainTarget } from "./replay.js";
import { decidingStep, outcome, passes } from "./scenario.js";

/** The relay checks (postconf(5)): they refuse a recipient in a domain the server does not accept mail for. */
export const RELAY_CHECKS = new Set(["reject_unauth_destination", "defer_unauth_destination", "check_relay_domains"]);

export interface SaslContext {
  t: ExplainTarget;
  config: PostfixConfig;
  serviceName: string;
  service: MasterService | undefined;
}

/** "reject_unauth_destination in smtpd_relay_restrictions (main.cf:13)" for a trace step. */
export function stepText(t: ExplainTarget, step: TraceStep, v: RelayVerdict): string {
  const at = locate(t, v.decidedBy ?? step.range);
  return `${step.element ?? "the configuration"} in ${step.list.split(" → ")[0]}${at ? ` (${at.file}:${at.line})` : ""}`;
}

export type Out = (id: CauseId, summary: string, fix: string | undefined, extra?: string[]) => Explanation;

/** How the client relates to the logged-in replay that shows the missing permit. */
export type SaslCase = { kind: "logged-in" } | { kind: "here" } | { kind: "either" } | { kind: "elsewhere"; used: string };

/**
 * A logged-in client refused at reject_unauth_destination: put
 * permit_sasl_authenticated before the check in each list that refuses
 * (the relay list, then the recipient list), proven by replaying. For a
 * client that did not log in, this is what would refuse it even after a login.
 */
export function saslMissing(ctx: SaslContext, scenario: RelayScenario, first: RelayVerdict, out: Out, decided: string, how: SaslCase): Explanation {
  const { t } = ctx;
  let config = ctx.config;
  let service = ctx.service;
  let v = first;
  const fixes: string[] = [];
  let late = false;
  let firstList: string | undefined;
  for (let round = 0; round < 3 && (v.verdict === "REJECT" || v.verdict === "DEFER"); round++) {
    const step = decidingStep(v);
    if (!step?.element || !RELAY_CHECKS.has(step.element)) break;
    const list = step.list.split(" → ")[0]!;
    firstList ??= list;
    const fix = permitSaslBefore(config, list, service, step.element);
    if (!fix) break;
    if (round === 0) late = fix.late;
    const { corrected } = fix;
    const override = effectiveValue(config, list, service)?.source === "master.cf -o";
    fixes.push(`${list} = ${corrected}${override ? ` (the -o of service ${ctx.serviceName} in master.cf)` : ""}`);
    const changed = withValue(config, list, corrected, service);
    config = changed.config;
    service = changed.service;
    v = replay(t, scenario, { postfix: config });
  }
  const svc = serviceLabel(ctx.serviceName);
  const problem = late
    ? `permit_sasl_authenticated comes after that check in ${firstList}, so it is never reached`
    : `${firstList ?? "the list"} has no permit_sasl_authenticated before that check`;
  const summary =
    how.kind === "logged-in"
      ? `Clients that log in on ${svc} are still refused at ${decided}: ${problem}.`
      : how.kind === "here"
        ? `This client did not log in, but a login would not help: clients that log in on ${svc} are refused at ${decided} too, because ${problem}.`
        : how.kind === "either"
          ? `Logged in or not (the log does not show it), this client is refused: clients that log in on ${svc} are refused at ${decided} too, because ${problem}.`
          : `This client used ${how.used}, where login is off; on ${svc}, which offers login, clients that log in are refused at ${decided} too, because ${problem}.`;
  const proof = v.verdict === "ACCEPT" ? "with that, the replay accepts the logged-in client" : passes(v) ? `with that, ${outcome(v)}` : `even then the replay answers ${verdictLine(v)}, so more than this needs changing`;
  const lead =
    how.kind === "logged-in"
      ? "Set"
      : how.kind === "either"
        ? "To let your users relay after logging in, set"
        : "If the client is a stranger, its rejection is right; to let your users relay after logging in, set";
  const fix = fixes.length ? `${lead} ${fixes.join("; and ")} (${proof}).` : undefined;
  return out("authenticated-relay-denied", summary, fix);
}
