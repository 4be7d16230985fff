import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { effectiveValue } from "../../src/model/postfix/config.js";
import { listElements, type ListElement } from "../../src/model/postfix/lists.js";
import { TAKES_ARGUMENT } from "../../src/relay/postfix/restrictions.js";
import { smtpdServices } from "../../src/relay/postfix/services.js";

const LISTS = ["smtpd_client_restrictions", "smtpd_helo_restrictions", "smtpd_sender_restrictions", "smtpd_relay_restrictions", "smtpd_recipient_restrictions"];
const FINAL = new Set(["permit", "reject", "defer"]);
/** Permits that are meant to allow relaying; after reject_unauth_destination they never can. */
const RELAY_PERMITS = new Set(["permit_mynetworks", "permit_sasl_authenticated", "permit_tls_clientcerts", "permit_tls_all_clientcerts"]);

export default definePostfixRule({
  meta: {
    id: "postfix/unreachable-restriction",
    kind: "postfix",
    files: ["main.cf", "master.cf"],
    severity: Severity.Warning,
    summary: "A restriction that can never take effect where it stands",
    messages: {
      afterFinal: "{element} in {list} is never evaluated: {final} before it always ends the list",
      afterUnauth:
        "{element} in {list} comes after {guard}, which already refuses every remote recipient, so it can never allow relaying; only mail to local domains reaches it",
    },
  },
  docs: {
    why: "Postfix reads each list left to right and stops at the first decision: anything after an unconditional permit/reject/defer is dead, and a permit_mynetworks or permit_sasl_authenticated after reject_unauth_destination never lets anyone relay — a frequent cause of \"Relay access denied\" for users who did log in.",
    bad: { "main.cf": "myhostname = mx.example.org\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination, permit_sasl_authenticated\n" },
    good: { "main.cf": "myhostname = mx.example.org\nsmtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n" },
    fix: "Move the restriction before the one that ends the list, or delete it.",
    related: ["postfix/missing-permit-sasl-authenticated", "postfix/open-relay", "postfix/removed-restriction"],
    references: [
      { title: "SMTPD_ACCESS_README: Getting selective with SMTP access restriction lists", url: "https://www.postfix.org/SMTPD_ACCESS_README.html#lists" },
      { title: "postconf(5): smtpd_relay_restrictions", url: "https://www.postfix.org/postconf.5.html#smtpd_relay_restrictions" },
      { title: "postconf(5): smtpd_recipient_restrictions", url: "https://www.postfix.org/postconf.5.html#smtpd_recipient_restrictions" },
    ],
  },
  check(ctx) {
    const { config } = ctx;
    const seen = new Set<string>();
    const services = config.masterCf ? smtpdServices(config).map((s) => s.service) : [undefined];
    for (const service of services) {
      for (const list of LISTS) {
        const ev = effectiveValue(config, list, service);
        if (!ev?.range) continue;
        const key = `${list}@${ev.range.file}:${ev.range.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        check(list, listElements(config, list, service), ev.range);
      }
    }

    function check(list: string, elements: ListElement[], fallback: NonNullable<ListElement["range"]>) {
      let guard: string | undefined;
      for (let i = 0; i < elements.length; i++) {
        const el = elements[i]!;
        if (FINAL.has(el.text) && i + 1 < elements.length) {
          const next = elements[i + 1]!;
          ctx.report({
            range: next.range ?? fallback,
            messageId: "afterFinal",
            data: { element: next.text, list, final: el.text },
            fix: { description: `Move ${next.text} before ${el.text}, or delete everything after ${el.text}.` },
          });
          return;
        }
        if (guard && RELAY_PERMITS.has(el.text) && list !== "smtpd_client_restrictions") {
          ctx.report({
            range: el.range ?? fallback,
            messageId: "afterUnauth",
            data: { element: el.text, list, guard },
            fix: { description: `Move ${el.text} before ${guard} in ${list}.` },
          });
        }
        if (el.text === "reject_unauth_destination" || el.text === "defer_unauth_destination") guard ??= el.text;
        if (TAKES_ARGUMENT.has(el.text)) i++;
      }
    }
  },
});
