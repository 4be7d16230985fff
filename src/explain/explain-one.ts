/** One rejection → its explanation: rejections the relay simulator cannot replay are said so; the rest go to the MTA's explainer. */
import { agreementOf, type Explanation } from "./causes.js";
import { explainExim } from "./explain-exim.js";
import { explainPostfix } from "./explain-postfix.js";
import type { ExplainTarget } from "./replay.js";
import type { Rejection } from "./sessions.js";

export function explainRejection(t: ExplainTarget, r: Rejection): Explanation {
  const why = notReplayable(t, r);
  if (why) return { cause: "not-replayed", agreement: agreementOf("not-replayed"), summary: why, notes: [] };
  return t.kind === "postfix" ? explainPostfix(t, r) : explainExim(t, r);
}

/** The relay simulator answers RCPT TO as smtpd's restriction lists or Exim's RCPT ACL would; anything else is not replayed. */
function notReplayable(t: ExplainTarget, r: Rejection): string | undefined {
  const name = (m: string) => (m === "postfix" ? "Postfix" : "Exim");
  if (r.mta !== t.kind) return `${name(r.mta)} wrote this line, but the configuration given is ${name(t.kind)}'s.`;
  if (r.mta === "postfix" && r.daemon !== undefined && r.daemon !== "smtpd") {
    return `Written by ${r.program ?? r.daemon}, not smtpd: ${r.daemon === "postscreen" ? "postscreen refuses before smtpd's restriction lists run" : "only smtpd's restriction lists are replayed"}.`;
  }
  if (r.action === "milter-reject") return "A milter refused it (milter-reject); mtalint does not run milters.";
  if (r.stage !== "RCPT") return `Refused at ${r.stage === "OTHER" ? "a stage other than RCPT" : r.stage}; the relay simulator replays the answer to RCPT TO only.`;
  if (r.to === undefined || r.to === "") return "The line does not show the recipient, so there is nothing to replay.";
  return undefined;
}
