/**
 * Why a rejection happened, as explain reports it. The ids are public (JSON
 * output, docs/explain.md): never rename one. The first group are causes
 * found by replaying the rejection and agreeing with the log; the second
 * group are the cases where mtalint cannot or does not attribute a cause.
 */
import type { RelayVerdict } from "../relay/types.js";
import type { Location } from "./replay.js";

export const CAUSES = {
  "authenticated-relay-denied": "clients that log in are still refused relaying: the permit for them is missing or comes after the relay check",
  "not-authenticated": "the client did not log in, and only logged-in clients may relay",
  "auth-failed": "the client tried to log in and the login failed",
  "auth-needs-tls": "the client did not use TLS, and login is offered only over TLS",
  "auth-not-offered-on-service": "login is off on the service the client used; another service offers it",
  "no-auth-offered": "no login is offered to this client anywhere, so it may not relay",
  "client-outside-mynetworks": "a client on a private network is not in mynetworks (Exim: relay_from_hosts)",
  "recipient-domain-not-accepted": "the recipient domain looks like one of this server's, but the configuration does not accept mail for it",
  "relay-denied": "an outside client that did not log in may not relay to a remote domain",
  "unknown-recipient": "the recipient does not exist in the recipient tables",
  restriction: "refused by a restriction (Exim: an ACL statement) other than the relay check",
  "replay-accepts": "the configuration given accepts this today: the log does not match this configuration",
  "replay-differs": "the configuration given refuses this too, but not with the logged reply",
  "replay-unknown": "mtalint cannot decide this rejection from the configuration alone",
  "replay-fatal": "the configuration given would not run at all",
  "not-replayed": "not a rejection of a recipient by smtpd or the RCPT ACL, so it is not replayed",
} as const;

export type CauseId = keyof typeof CAUSES;

/** How the replay relates to the log line: "unknown-recipient" is undecided too (the recipient tables are not readable), though consistent with the log. */
export type AgreementState = "agrees" | "differs" | "unknown" | "not-replayed";

export function agreementOf(cause: CauseId): AgreementState {
  switch (cause) {
    case "replay-accepts":
    case "replay-differs":
    case "replay-fatal":
      return "differs";
    case "replay-unknown":
    case "unknown-recipient":
      return "unknown";
    case "not-replayed":
      return "not-replayed";
    default:
      return "agrees";
  }
}

/** The explanation of one rejection. `summary` and `fix` depend on the configuration only (never on the client), so equal texts group. */
export interface Explanation {
  cause: CauseId;
  agreement: AgreementState;
  summary: string;
  fix?: string;
  /** Where the replay refused: the restriction list element or ACL statement. */
  decidedBy?: Location & { list?: string; element?: string };
  /** The master.cf service the replay ran on (Postfix). */
  service?: string;
  /** Facts about this rejection: how its login state was known, assumptions made, what-if replays. */
  notes: string[];
  /** The replayed verdict line ("REJECT 554 5.7.1 <...>: Relay access denied"), absent when not replayed. */
  replayed?: string;
  /** The mtalint relay command that reproduces the replay with its trace. */
  reproduce?: string;
}

/** What explain says when the replay does not agree with the log: no cause, and why none is guessed. */
export function mismatchSummary(id: "replay-accepts" | "replay-differs" | "replay-unknown" | "replay-fatal", v: RelayVerdict): string {
  switch (id) {
    case "replay-accepts":
      return "The configuration given accepts this transaction, but the log shows it refused: the configuration has changed since, the log comes from another server or instance, or something mtalint does not see refused it (a policy service, a milter, a table's contents). mtalint does not guess which.";
    case "replay-differs":
      return "The configuration given refuses this too, but not with the logged reply: the configuration has changed since, or another one wrote the log. mtalint does not guess a cause.";
    case "replay-unknown":
      return `mtalint cannot decide this from the configuration alone: ${v.reason ?? "see the trace"}.`;
    case "replay-fatal":
      return `The configuration given would not run (${v.reason ?? "FATAL"}), so it cannot be the one that wrote this log line.`;
  }
}
