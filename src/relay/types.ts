import type { Range } from "../ast/range.js";

/** One SMTP transaction up to RCPT TO, as seen by the receiving MTA. */
export interface RelayScenario {
  /** Client IP address. */
  client: string;
  /** Verified client host name (Postfix: reverse+forward DNS); "" for a client known to have none (Postfix: unknown[ip]); unknown when absent. */
  clientName?: string;
  helo?: string;
  /** Envelope sender; "" for the null sender. Default: a remote sender address. */
  from?: string;
  to: string;
  /** The client logged in as this user (SASL / AUTH) — if the service offers authentication. */
  sasl?: string;
  /** Postfix: master.cf service name (default "smtp"). */
  service?: string;
  /** The client used STARTTLS (default true); decides TLS-only AUTH advertising. */
  tls?: boolean;
  /** The configuration is the one of the machine mtalint runs on: default mynetworks come from its interfaces. */
  thisHost?: boolean;
  /** Treat every recipient in a local domain as an existing user (the user table is not available offline). */
  assumeRecipientExists?: boolean;
}

export type VerdictKind = "ACCEPT" | "REJECT" | "DEFER" | "FATAL" | "UNKNOWN";

export interface TraceStep {
  /** Restriction list or ACL the step belongs to. */
  list: string;
  /** The element / statement evaluated, as written. */
  element?: string;
  /** What it decided: PERMIT, REJECT, DEFER, DUNNO (no decision), UNKNOWN, or a note. */
  result: string;
  note: string;
  range?: Range;
}

export interface RelayVerdict {
  verdict: VerdictKind;
  code?: string;
  enhancedCode?: string;
  text?: string;
  /** For FATAL and UNKNOWN: why. */
  reason?: string;
  /** The element or statement that decided. */
  decidedBy?: Range;
  trace: TraceStep[];
  /** False when --sasl was asked for but the service offers no authentication. */
  authenticated: boolean;
}

/** The first line of `mtalint relay` text output. */
export function verdictLine(v: RelayVerdict): string {
  switch (v.verdict) {
    case "ACCEPT":
      return "ACCEPT";
    case "REJECT":
    case "DEFER":
      return `${v.verdict} ${v.code} ${v.enhancedCode} ${v.text}`;
    case "FATAL":
    case "UNKNOWN":
      return `${v.verdict} ${v.reason}`;
  }
}
