/**
 * Why Postfix smtpd refused a recipient: replay the logged transaction on
 * the service that wrote the line, check the replay gives the logged reply,
 * then find the cause by replaying what-ifs (a login here, a login on
 * another service, the client in mynetworks, the domain in relay_domains).
 * A cause is named only when such a replay proves it.
 */
import type { MasterService } from "../ast/postfix-nodes.js";
import { effectiveValue, expandedValue, type PostfixConfig } from "../model/postfix/config.js";
import { listElements } from "../model/postfix/lists.js";
import { withValue } from "../relay/postfix/overlay.js";
import { saslEnabled, smtpdServices } from "../relay/postfix/services.js";
import { verdictLine, type RelayScenario, type RelayVerdict } from "../relay/types.js";
import { compareReply } from "./compare.js";
import { agreementOf, mismatchSummary, type CauseId, type Explanation } from "./causes.js";
import { RELAY_CHECKS, saslMissing, stepText } from "./postfix-sasl-fix.js";
import { locate, portOf, postfixServiceFor, replay, serviceLabel, wrapperMode, type ExplainTarget, type Location } from "./replay.js";
import { baseScenario, decidingStep, hostNetwork, isNonPublic, recipientDomain, relatedDomain, outcome, passes, REPLAY_USER, reproduce, scenarioNotes, tlsAssumption } from "./scenario.js";
import type { Rejection } from "./sessions.js";

const DOMAIN_LISTS = ["mydestination", "virtual_alias_domains", "virtual_mailbox_domains", "relay_domains"];

interface Ctx {
  t: ExplainTarget;
  config: PostfixConfig;
  r: Rejection;
  serviceName: string;
  service: MasterService | undefined;
  base: RelayScenario;
  notes: string[];
}

export function explainPostfix(t: ExplainTarget, r: Rejection): Explanation {
  const config = t.postfix!;
  const choice = postfixServiceFor(config, r.syslogName);
  const notes: string[] = [];
  if (choice.assumption) notes.push(choice.assumption);
  let tls = r.tls?.used;
  if (wrapperMode(config, choice.service)) {
    tls = true;
    notes.push(`service ${choice.name} speaks TLS from the start (smtpd_tls_wrappermode = yes)`);
  }
  notes.push(...scenarioNotes(r));
  const ctx: Ctx = { t, config, r, serviceName: choice.name, service: choice.service, base: baseScenario(r, choice.name, tls), notes };

  const login = r.login;
  let scenario: RelayScenario;
  let v: RelayVerdict;
  if (login.state === "yes") {
    scenario = { ...ctx.base, sasl: login.user ?? REPLAY_USER };
    v = replay(t, scenario);
    if (!v.authenticated) {
      return mismatch(ctx, "replay-differs", scenario, v, `the log shows a login, but on service ${choice.name} this configuration offers none (${v.trace.find((s) => s.list === "smtpd_sasl_auth_enable")?.note ?? "SASL is off"})`);
    }
  } else if (login.state === "unknown") {
    const plain = replay(t, ctx.base);
    const withLogin = { ...ctx.base, sasl: REPLAY_USER };
    const loggedIn = replay(t, withLogin);
    const plainAgrees = compareReply("postfix", r.reply, plain).agrees;
    const loginAgrees = loggedIn.authenticated && compareReply("postfix", r.reply, loggedIn).agrees;
    if (loginAgrees && !plainAgrees) {
      notes.push("the log does not show whether the client logged in; only a replay as a logged-in client gives the logged reply, so it did");
      scenario = withLogin;
      v = loggedIn;
    } else {
      notes.push(
        plainAgrees && loginAgrees
          ? "the log does not show whether the client logged in; the reply is the same either way"
          : "the log does not show whether the client logged in; replayed as a client that did not (a logged-in client would get another reply)",
      );
      scenario = ctx.base;
      v = plain;
    }
  } else {
    scenario = ctx.base;
    v = replay(t, scenario);
  }

  notes.push(...tlsAssumption(t, scenario, v, tls !== undefined));
  if (v.verdict === "UNKNOWN") return unknownReplay(ctx, scenario, v);
  if (v.verdict === "FATAL") return mismatch(ctx, "replay-fatal", scenario, v);
  if (v.verdict === "ACCEPT") return mismatch(ctx, "replay-accepts", scenario, v);
  const cmp = compareReply("postfix", r.reply, v);
  if (!cmp.agrees) return mismatch(ctx, "replay-differs", scenario, v, cmp.why);
  return cause(ctx, scenario, v);
}

function cause(ctx: Ctx, scenario: RelayScenario, v: RelayVerdict): Explanation {
  const { t, config, r } = ctx;
  const step = decidingStep(v);
  const list = step?.list.split(" → ")[0];
  const element = step?.element;
  const at = locate(t, v.decidedBy ?? step?.range);
  const decided = `${element ?? "the configuration"}${list ? ` in ${list}` : ""}${at ? ` (${at.file}:${at.line})` : ""}`;
  const relayCheck = element !== undefined && RELAY_CHECKS.has(element.split(" ")[0]!);
  const svc = serviceLabel(ctx.serviceName);
  const out = (id: CauseId, summary: string, fix: string | undefined, extra: string[] = []): Explanation => ({
    cause: id,
    agreement: agreementOf(id),
    summary,
    ...(fix !== undefined ? { fix } : {}),
    ...(at ? { decidedBy: { ...at, ...(list ? { list } : {}), ...(element ? { element } : {}) } } : {}),
    service: ctx.serviceName,
    notes: [...ctx.notes, ...extra],
    replayed: verdictLine(v),
    reproduce: reproduce(t, scenario),
  });

  if (v.authenticated) {
    if (relayCheck) return saslMissing(ctx, scenario, v, out, decided, { kind: "logged-in" });
    return out("restriction", `Refused by ${decided}: ${step?.note ?? "see the trace"}.`, restrictionFix(t, scenario));
  }

  const domain = recipientDomain(r);
  if (relayCheck) {
    const own = ownDomains(config, ctx.service);
    const near = relatedDomain(domain, own);
    if (near) {
      const relayDomains = expandedValue(config, "relay_domains", ctx.service) ?? "";
      const changed = withValue(config, "relay_domains", relayDomains.trim() === "" ? domain : `${relayDomains}, ${domain}`, ctx.service);
      const w = replay(t, scenario, { postfix: changed.config });
      if (passes(w)) {
        return out(
          "recipient-domain-not-accepted",
          `The recipient domain is in none of ${DOMAIN_LISTS.slice(0, -1).join(", ")} or ${DOMAIN_LISTS.at(-1)}, although it sits next to this server's domain ${near}; mail for it from clients that did not log in is refused at ${decided}.`,
          "If this server should receive mail for that domain, add it to relay_domains (to pass the mail on) or to mydestination or virtual_mailbox_domains (to deliver it here).",
          [`what-if: with ${domain} added to relay_domains ${outcome(w)}`],
        );
      }
    }
  }
  if (isNonPublic(r.client)) {
    const nets = expandedValue(config, "mynetworks", ctx.service) ?? "";
    const changed = withValue(config, "mynetworks", `${nets} ${hostNetwork(r.client, true)}`.trim(), ctx.service);
    const w = replay(t, scenario, { postfix: changed.config });
    if (passes(w)) {
      const where = effectiveValue(config, "mynetworks", ctx.service);
      const loc = locate(t, where?.range);
      return out(
        "client-outside-mynetworks",
        `The client has a private address but is not in mynetworks (${nets || "empty"}${loc ? `, ${loc.file}:${loc.line}` : where?.source === "default" ? ", the default" : ""}) and did not log in, so ${svc} refused it at ${decided}.`,
        "If these hosts are yours and may send without logging in, add their addresses (or their network) to mynetworks; otherwise have them log in.",
        [`what-if: with ${hostNetwork(r.client, true)} added to mynetworks ${outcome(w)}`],
      );
    }
  }

  // Would a login on this service, with TLS, be accepted?
  const loginHere = { ...scenario, sasl: REPLAY_USER, tls: true };
  const here = replay(t, loginHere);
  const port = portOf(ctx.serviceName);
  if (here.authenticated && passes(here)) {
    if (r.login.state === "failed") {
      const type = expandedValue(config, "smtpd_sasl_type", ctx.service) ?? "cyrus";
      const path = expandedValue(config, "smtpd_sasl_path", ctx.service) ?? "smtpd";
      return out(
        "auth-failed",
        `The client tried to log in on ${svc} and the login failed, so it was refused at ${decided} like a stranger; a successful login would be accepted.`,
        `Check the user name and password set in the mail program; if they are right, check the SASL server (smtpd_sasl_type = ${type}, smtpd_sasl_path = ${path}) and its log.`,
        [`what-if: logged in, ${outcome(here)}`],
      );
    }
    const noTls = replay(t, { ...loginHere, tls: false });
    if (scenario.tls === false && !noTls.authenticated) {
      const only = locate(t, effectiveValue(config, "smtpd_tls_auth_only", ctx.service)?.range);
      return out(
        "auth-needs-tls",
        `${svc} offers login only inside TLS (smtpd_tls_auth_only = yes${only ? `, ${only.file}:${only.line}` : ""}); the client did not use STARTTLS, so it could not log in and was refused at ${decided}.`,
        `Set the mail program to use STARTTLS${port ? ` on port ${port}` : ""} with authentication.`,
        [`what-if: with STARTTLS and a login, ${outcome(here)}`],
      );
    }
    return out(
      "not-authenticated",
      `${svc} lets clients relay only after they log in (or from mynetworks); this client did not log in, so it was refused at ${decided}.`,
      `If the client is one of your users: turn on SMTP authentication (user name and password) in its mail program${port ? ` for port ${port}` : ""}. If it is a stranger, nothing is wrong: this is the relay protection.`,
      [`what-if: logged in, ${outcome(here)}`],
    );
  }

  const others = smtpdServices(config).filter((s) => s.name !== ctx.serviceName);
  if (!here.authenticated) {
    const good = others.filter((s) => {
      const w = replay(t, { ...scenario, service: s.name, sasl: REPLAY_USER, tls: true });
      return w.authenticated && passes(w);
    });
    if (good.length > 0) {
      const labels = good.map((s) => serviceLabel(s.name));
      return out(
        "auth-not-offered-on-service",
        `The client used ${svc}, where login is off (smtpd_sasl_auth_enable = ${expandedValue(config, "smtpd_sasl_auth_enable", ctx.service) || "no"}), so it could not log in there and was refused at ${decided}; ${labels.join(" and ")} ${good.length > 1 ? "offer" : "offers"} login and accept${good.length > 1 ? "" : "s"} a logged-in client.`,
        `If the client is one of your users: set its mail program to ${labels[0]} with STARTTLS and authentication. If it is a stranger, nothing is wrong: this is the relay protection.`,
        [`what-if: logged in on ${good.map((s) => s.name).join(", ")}, the replay is no longer refused`],
      );
    }
    if (relayCheck) {
      // No login here; where login is offered, logged-in clients are refused at the relay check as well.
      for (const s of others) {
        const elsewhere = { ...scenario, service: s.name, sasl: REPLAY_USER, tls: true };
        const w = replay(t, elsewhere);
        const wStep = decidingStep(w);
        if (!w.authenticated || passes(w) || !wStep?.element || !RELAY_CHECKS.has(wStep.element)) continue;
        return saslMissing({ ...ctx, serviceName: s.name, service: s.service }, elsewhere, w, out, stepText(t, wStep, w), { kind: "elsewhere", used: svc });
      }
    }
  }

  if (!relayCheck) return out("restriction", `Refused by ${decided}: ${step?.note ?? "see the trace"}.`, restrictionFix(t, scenario));

  const saslAnywhere = smtpdServices(config).some((s) => saslEnabled(config, s.service));
  if (here.authenticated) {
    // A login here would not help either: the same relay check refuses logged-in clients.
    const hereStep = decidingStep(here);
    if (!passes(here) && hereStep?.element && RELAY_CHECKS.has(hereStep.element)) {
      return saslMissing(ctx, loginHere, here, out, stepText(t, hereStep, here), { kind: r.login.state === "unknown" ? "either" : "here" });
    }
  }
  if (!saslAnywhere) {
    return out(
      "no-auth-offered",
      `No smtpd service of this configuration offers login (smtpd_sasl_auth_enable is off on ${smtpdServices(config).map((s) => s.name).join(", ")}), so clients outside mynetworks may send only to this server's own domains; this one was refused at ${decided}.`,
      "If your users send from outside: enable SASL on the submission service (-o smtpd_sasl_auth_enable=yes with smtpd_sasl_type and smtpd_sasl_path) and have them log in on port 587. A trusted host belongs in mynetworks. If the client is a stranger, nothing is wrong.",
    );
  }
  return out(
    "relay-denied",
    `The client did not log in, is not in mynetworks, and the recipient domain is not one this server receives mail for, so ${svc} refused to relay at ${decided}.`,
    "Nothing to change if the client is a stranger. A user must log in (and pass the restrictions after the login); a trusted host belongs in mynetworks; a domain this server should accept belongs in relay_domains.",
  );
}

function restrictionFix(t: ExplainTarget, s: RelayScenario): string {
  return `If such mail should be accepted, change that restriction or permit the client before it; "${reproduce(t, s)}" prints every step.`;
}

/** The domains this server receives mail for, as written (tables and $names left out), with myhostname and mydomain. */
function ownDomains(config: PostfixConfig, service: MasterService | undefined): string[] {
  const out: string[] = [];
  for (const p of DOMAIN_LISTS) {
    for (const e of listElements(config, p, service)) if (!/[:/$]/.test(e.text)) out.push(e.text);
  }
  for (const p of ["myhostname", "mydomain"]) {
    const v = expandedValue(config, p, service);
    if (v) out.push(v);
  }
  return out;
}

function unknownReplay(ctx: Ctx, scenario: RelayScenario, v: RelayVerdict): Explanation {
  const reason = v.reason ?? "";
  // The log says the recipient table refused; the replay is undecided only because it cannot read that table.
  if (/User unknown in .*table/i.test(ctx.r.reply.text) && /exists in the recipient tables/.test(reason) && /^accepted unless/.test(reason)) {
    return {
      cause: "unknown-recipient",
      agreement: agreementOf("unknown-recipient"),
      summary: "The recipient is in a domain this server delivers for, and the recipient table says it does not exist; mtalint cannot read that table, but the rest of the configuration accepts the transaction.",
      fix: "Create the address (a mailbox or an alias) if it should exist; otherwise the sender used a wrong address.",
      service: ctx.serviceName,
      notes: ctx.notes,
      replayed: verdictLine(v),
      reproduce: reproduce(ctx.t, scenario),
    };
  }
  return mismatch(ctx, "replay-unknown", scenario, v);
}

function mismatch(ctx: Ctx, id: "replay-accepts" | "replay-differs" | "replay-unknown" | "replay-fatal", scenario: RelayScenario, v: RelayVerdict, why?: string): Explanation {
  const logged = `${ctx.r.reply.code ?? ""} ${ctx.r.reply.enhancedCode ?? ""} ${ctx.r.reply.text}`.replace(/\s+/g, " ").trim();
  const summary = mismatchSummary(id, v);
  const at: Location | undefined = locate(ctx.t, v.decidedBy);
  return {
    cause: id,
    agreement: agreementOf(id),
    summary,
    fix: `Make sure ${ctx.t.path} is the configuration that wrote this log; "${reproduce(ctx.t, scenario)}" shows the replay step by step.`,
    ...(at ? { decidedBy: at } : {}),
    service: ctx.serviceName,
    notes: [...ctx.notes, ...(why ? [`${why}; the log shows "${logged}"`] : [`the log shows "${logged}"`])],
    replayed: verdictLine(v),
    reproduce: reproduce(ctx.t, scenario),
  };
}
