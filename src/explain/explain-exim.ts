/**
 * Why Exim's RCPT ACL refused a recipient: replay the logged transaction
 * (logged in when the line has A=), check the replay gives the logged
 * refusal, then find the cause by replaying what-ifs (a login, the client in
 * relay_from_hosts, the domain in relay_to_domains, "accept authenticated = *"
 * before the refusing statement). A cause is named only when a replay proves it.
 */
import type { EximAclStatement, EximConfig } from "../ast/exim-nodes.js";
import { authOffered } from "../relay/exim/auth.js";
import { mainOption, unquote } from "../relay/exim/context.js";
import { matchDomains, primaryHostname } from "../relay/exim/match.js";
import { splitEximList } from "../model/exim/lists.js";
import { verdictLine, type RelayScenario } from "../relay/types.js";
import { agreementOf, mismatchSummary, type CauseId, type Explanation } from "./causes.js";
import { compareReply } from "./compare.js";
import { namedListValue, statementAt, withAuthenticatedAccept, withListItem } from "./exim-what-if.js";
import { locate, replay, type ExplainTarget } from "./replay.js";
import { baseScenario, hostNetwork, isNonPublic, recipientDomain, relatedDomain, outcome, passes, REPLAY_USER, reproduce, scenarioNotes, tlsAssumption } from "./scenario.js";
import type { Rejection } from "./sessions.js";

export function explainExim(t: ExplainTarget, r: Rejection): Explanation {
  const config = t.exim!.config;
  const tls = r.tls?.used;
  const notes = scenarioNotes(r);
  const base = baseScenario(r, undefined, tls);
  let scenario: RelayScenario = base;
  if (r.login.state === "yes") scenario = { ...base, sasl: r.login.user ?? REPLAY_USER };
  const v = replay(t, scenario);
  notes.push(...tlsAssumption(t, scenario, v, tls !== undefined));
  const mismatch = (id: "replay-accepts" | "replay-differs" | "replay-unknown" | "replay-fatal", why?: string): Explanation => {
    const at = locate(t, v.decidedBy);
    return {
      cause: id,
      agreement: agreementOf(id),
      summary: mismatchSummary(id, v),
      fix: `Make sure ${t.path} is the configuration that wrote this log; "${reproduce(t, scenario)}" shows the replay step by step.`,
      ...(at ? { decidedBy: at } : {}),
      notes: [...notes, ...(why ? [`${why}; the log shows "${r.action} RCPT: ${r.reply.text}"`] : [])],
      replayed: verdictLine(v),
      reproduce: reproduce(t, scenario),
    };
  };
  if (scenario.sasl !== undefined && !v.authenticated && v.verdict !== "UNKNOWN") {
    return mismatch("replay-differs", `the log shows a login, but this configuration offers none to this client (${authOffered({ config, s: scenario, env: { config, client: r.client } }).note})`);
  }
  if (v.verdict === "UNKNOWN") return mismatch("replay-unknown");
  if (v.verdict === "FATAL") return mismatch("replay-fatal");
  if (v.verdict === "ACCEPT") return mismatch("replay-accepts");
  const st = statementAt(config, v.decidedBy);
  const logMessage = st?.statement.conditions.some((c) => c.name === "log_message") ?? false;
  const cmp = compareReply("exim", r.reply, v, logMessage);
  if (!cmp.agrees) return mismatch("replay-differs", cmp.why);

  const at = locate(t, v.decidedBy);
  const decided = st ? `the ${st.statement.verb} statement of ACL ${st.acl.name}${at ? ` (${at.file}:${at.line})` : ""}` : at ? `${at.file}:${at.line}` : "the RCPT ACL";
  const relayCheck = st ? refusesForeignDomain(config, st.statement, r) : /relay not permitted/i.test(v.text ?? "");
  const out = (id: CauseId, summary: string, fix: string | undefined, extra: string[] = []): Explanation => ({
    cause: id,
    agreement: agreementOf(id),
    summary,
    ...(fix !== undefined ? { fix } : {}),
    ...(at ? { decidedBy: { ...at, ...(st ? { list: st.acl.name, element: st.statement.verb } : {}) } } : {}),
    notes: [...notes, ...extra],
    replayed: verdictLine(v),
    reproduce: reproduce(t, scenario),
  });
  const restriction = () =>
    out("restriction", `Refused by ${decided}${v.text ? ` ("${v.text.split("\n")[0]}")` : ""}.`, `If such mail should be accepted, change that statement or accept the client before it; "${reproduce(t, scenario)}" prints every step.`);

  if (v.authenticated) {
    if (relayCheck && st) return authenticatedDenied(t, config, scenario, st, decided, out, true);
    return restriction();
  }

  if (relayCheck) {
    const domain = recipientDomain(r);
    const near = relatedDomain(domain, ownDomains(config));
    const changed = near ? withListItem(config, "domainlist", "relay_to_domains", domain) : undefined;
    const w = near && changed ? replay(t, scenario, { exim: changed }) : undefined;
    if (w && passes(w)) {
      return out(
        "recipient-domain-not-accepted",
        `The recipient domain is in neither local_domains nor relay_to_domains, although it sits next to this server's domain ${near}; mail for it from clients that did not log in is refused by ${decided}.`,
        "If this server should receive mail for that domain, add it to domainlist relay_to_domains (to pass the mail on) or local_domains (to deliver it here).",
        [`what-if: with ${domain} added to relay_to_domains ${outcome(w)}`],
      );
    }
  }
  if (isNonPublic(r.client)) {
    const changed = withListItem(config, "hostlist", "relay_from_hosts", hostNetwork(r.client, false));
    const w = changed ? replay(t, scenario, { exim: changed }) : undefined;
    if (w && passes(w)) {
      return out(
        "client-outside-mynetworks",
        `The client has a private address but is not in hostlist relay_from_hosts (${namedListValue(config, "hostlist", "relay_from_hosts")?.trim() || "empty"}) and did not log in, so it was refused by ${decided}.`,
        "If these hosts are yours and may send without logging in, add their addresses (or their network) to hostlist relay_from_hosts; otherwise have them log in.",
        [`what-if: with ${hostNetwork(r.client, false)} added to relay_from_hosts ${outcome(w)}`],
      );
    }
  }

  const loginScenario = { ...scenario, sasl: REPLAY_USER, tls: true };
  const login = replay(t, loginScenario);
  if (login.authenticated && passes(login)) {
    const plainOffered = replay(t, { ...loginScenario, tls: false }).authenticated;
    if (r.login.state === "failed") {
      return out(
        "auth-failed",
        `The client tried to log in and the authenticator refused it, so it was refused by ${decided} like a stranger; a successful login would be accepted.`,
        "Check the user name and password set in the mail program; if they are right, check the authenticator's server_condition (or the Dovecot/Cyrus server behind it) and its log.",
        [`what-if: logged in, ${outcome(login)}`],
      );
    }
    return out(
      "not-authenticated",
      `The RCPT ACL lets clients relay only after they log in (or from relay_from_hosts); this client did not log in, so it was refused by ${decided}.`,
      `If the client is one of your users: turn on SMTP authentication (user name and password) in its mail program${plainOffered ? "" : ", with STARTTLS (login is offered only over TLS here)"}. If it is a stranger, nothing is wrong: this is the relay protection.`,
      [`what-if: logged in, ${outcome(login)}`],
    );
  }
  if (!relayCheck) return restriction();
  if (login.verdict === "UNKNOWN" && !login.authenticated) {
    // Whether a login is offered at all depends on something mtalint does not evaluate.
    return out(
      "relay-denied",
      `The client did not log in, is not in relay_from_hosts, and the recipient domain is in neither local_domains nor relay_to_domains, so it was refused by ${decided}.`,
      "Nothing to change if the client is a stranger. A user must log in; a trusted host belongs in relay_from_hosts; a domain this server should accept belongs in relay_to_domains.",
      [`what-if: logged in, ${verdictLine(login)}`],
    );
  }
  if (login.authenticated && st) {
    const loginSt = statementAt(config, login.decidedBy);
    if (!passes(login) && loginSt && refusesForeignDomain(config, loginSt.statement, r)) {
      return authenticatedDenied(t, config, loginScenario, loginSt, decided, out, false);
    }
  }
  if (!login.authenticated) {
    const why = authOffered({ config, s: loginScenario, env: { config, client: r.client } }).note;
    return out(
      "no-auth-offered",
      `This configuration offers no login to the client (${why}), so it may send only to local_domains and relay_to_domains; it was refused by ${decided}.`,
      "If your users send from outside: define a server authenticator and advertise it (auth_advertise_hosts), and have them log in. A trusted host belongs in hostlist relay_from_hosts. If the client is a stranger, nothing is wrong.",
    );
  }
  return out(
    "relay-denied",
    `The client did not log in, is not in relay_from_hosts, and the recipient domain is in neither local_domains nor relay_to_domains, so it was refused by ${decided}.`,
    "Nothing to change if the client is a stranger. A user must log in; a trusted host belongs in relay_from_hosts; a domain this server should accept belongs in relay_to_domains.",
  );
}

type Out = (id: CauseId, summary: string, fix: string | undefined, extra?: string[]) => Explanation;

function authenticatedDenied(
  t: ExplainTarget,
  config: EximConfig,
  scenario: RelayScenario,
  st: NonNullable<ReturnType<typeof statementAt>>,
  decided: string,
  out: Out,
  loggedIn: boolean,
): Explanation {
  const fixed = replay(t, scenario, { exim: withAuthenticatedAccept(config, st.acl, st.index) });
  const line = locate(t, st.statement.verbRange)?.line;
  const proof = fixed.verdict === "ACCEPT" ? "with it, the replay accepts the logged-in client" : passes(fixed) ? `with it, ${outcome(fixed)}` : `even then the replay answers ${verdictLine(fixed)}, so more than this needs changing`;
  const problem = `ACL ${st.acl.name} checks the recipient domain before any "accept authenticated = *"`;
  const insert = `insert "accept authenticated = *" before ${line !== undefined ? `line ${line}` : "that statement"} in ACL ${st.acl.name} (${proof}).`;
  return out(
    "authenticated-relay-denied",
    loggedIn
      ? `Clients that log in are still refused by ${decided}: ${problem}.`
      : `This client did not log in, but a login would not help: clients that log in are refused by ${decided} too, because ${problem}.`,
    loggedIn ? `Insert${insert.slice("insert".length)}` : `If the client is a stranger, its rejection is right; to let your users relay after logging in, ${insert}`,
  );
}

/**
 * Is this statement Exim's relay check: it refuses because the recipient
 * domain is not in a domain list ("require domains = +local_domains :
 * +relay_to_domains", or "deny !domains = ...")?
 */
function refusesForeignDomain(config: EximConfig, st: EximAclStatement, r: Rejection): boolean {
  const domain = recipientDomain(r);
  return st.conditions.some((c) => {
    if (c.name !== "domains" || c.value === undefined) return false;
    const refusingWhenAbsent = st.verb === "require" ? !c.negated : c.negated;
    return refusingWhenAbsent && matchDomains(unquote(c.value), domain, { config, client: r.client }) === false;
  });
}

/** primary_hostname and the items of local_domains and relay_to_domains that are plain domain names. */
function ownDomains(config: EximConfig): string[] {
  const out = [primaryHostname(config)];
  const qualify = mainOption(config, "qualify_domain");
  if (qualify) out.push(qualify);
  for (const name of ["local_domains", "relay_to_domains"]) {
    const value = namedListValue(config, "domainlist", name);
    if (value === undefined) continue;
    for (const item of splitEximList(value)) if (/^[A-Za-z0-9.-]+$/.test(item.text)) out.push(item.text);
  }
  return out;
}
