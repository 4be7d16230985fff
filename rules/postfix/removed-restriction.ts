import type { MasterService } from "../../src/ast/postfix-nodes.js";
import type { Range } from "../../src/ast/range.js";
import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { postfixRestrictionFact } from "../../src/model/drift/postfix.js";
import { describeTarget, postfixTarget } from "../../src/model/drift/target.js";
import { atOrAfter } from "../../src/model/drift/version.js";
import { builtinRestrictionListNames } from "../../src/model/postfix/parameters.js";
import { listElements, splitList, type ListElement } from "../../src/model/postfix/lists.js";
import { effectiveValue, expandValue, rawValue, type PostfixConfig } from "../../src/model/postfix/config.js";

export default definePostfixRule({
  meta: {
    id: "postfix/removed-restriction",
    kind: "postfix",
    files: ["main.cf", "master.cf"],
    severity: Severity.Error,
    summary: "An smtpd restriction that the target Postfix release removed or deprecates",
    messages: {
      removed:
        'restriction {name} was removed in Postfix {removed}: smtpd logs "support for restriction has been removed" and answers 451 4.3.5 Server configuration error to every request that reaches it; use {replacement} (target: {target})',
      deprecated: "restriction {name} is deprecated since Postfix {deprecated}{removal}; use {replacement} (target: {target})",
    },
  },
  docs: {
    why: "A restriction Postfix no longer knows does not stop smtpd from starting: every SMTP command that reaches it gets a temporary 451 4.3.5 error, so after the upgrade the server quietly defers all mail that passes through that list.",
    bad: { "main.cf": "mydestination = $myhostname, localhost\nsmtpd_recipient_restrictions = permit_mynetworks, check_relay_domains\n" },
    good: { "main.cf": "mydestination = $myhostname, localhost\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n" },
    fix: "Replace the restriction by the one the message names (check_relay_domains → reject_unauth_destination; reject_maps_rbl → reject_rbl_client with the DNSBL domain; permit_naked_ip_address → permit_mynetworks or permit_sasl_authenticated).",
    related: ["postfix/deprecated-parameter", "postfix/unreachable-restriction"],
    references: [
      { title: "postconf(5): smtpd_recipient_restrictions", url: "https://www.postfix.org/postconf.5.html#smtpd_recipient_restrictions" },
      { title: "postconf(5): reject_unauth_destination", url: "https://www.postfix.org/postconf.5.html#reject_unauth_destination" },
      { title: "postconf(5): reject_rbl_client rbl_domain=d.d.d.d", url: "https://www.postfix.org/postconf.5.html#reject_rbl_client" },
      { title: "SMTPD_ACCESS_README: Getting selective with SMTP access restriction lists", url: "https://www.postfix.org/SMTPD_ACCESS_README.html#lists" },
    ],
  },
  check(ctx) {
    const { config } = ctx;
    const target = postfixTarget(config, ctx.settings);
    const seen = new Set<string>();
    const visit = (elements: ListElement[]) => {
      for (const e of elements) {
        const r: Range | undefined = e.range;
        if (!r) continue;
        // Most elements are no restriction with a fact: look that up first, and remember only the others.
        const f = postfixRestrictionFact(e.text);
        if (!f) continue;
        const key = `${r.file}:${r.start}:${e.text}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const data = { name: e.text, replacement: f.replacement ?? "another restriction", target: describeTarget("Postfix", target) };
        if (f.removed && atOrAfter(target.version, f.removed)) {
          ctx.report({ range: r, messageId: "removed", data: { ...data, removed: f.removed }, fix: { description: `Replace ${e.text} by ${data.replacement}.` } });
        } else if (f.deprecated && atOrAfter(target.version, f.deprecated)) {
          ctx.report({
            range: r,
            messageId: "deprecated",
            severity: Severity.Warning,
            data: { ...data, deprecated: f.deprecated, removal: f.removed ? ` and removed in ${f.removed}` : "" },
            fix: { description: `Replace ${e.text} by ${data.replacement} before upgrading.` },
          });
        }
      }
    };
    const classes = expandValue(config, rawValue(config, "smtpd_restriction_classes") ?? "").value.split(/[\s,]+/).filter(Boolean);
    // Only services with -o settings can give a list other elements than main.cf's.
    const services = config.masterCf?.services.filter((s) => s.overrides.length > 0) ?? [];
    const lists = (names: string[]) => {
      for (const name of names) {
        if (written(config, name)) visit(listElements(config, name));
        for (const s of services) if (overrides(s, name)) visit(listElements(config, name, s));
      }
    };
    lists(builtinRestrictionListNames());
    lists(classes);
  },
});

/**
 * Whether the global elements of list `name` can have a range (and so a finding). A default's own
 * elements have none; only an element that is exactly $name brings in the elements of a parameter
 * main.cf may set. Most restriction lists are defaults without such an element: nothing to expand.
 */
function written(config: PostfixConfig, name: string): boolean {
  const ev = effectiveValue(config, name);
  if (ev === undefined) return false;
  if (ev.source !== "default") return true;
  return ev.value.includes("$") && splitList(ev.value).some((e) => WHOLE_REFERENCE.test(e.text));
}

/** An element that is one parameter reference, as listElements resolves it: $name, ${name}, $(name). */
const WHOLE_REFERENCE = /^\$(?:\{\w+\}|\(\w+\)|\w+)$/;

function overrides(service: MasterService, name: string): boolean {
  for (const o of service.overrides) if (o.name === name) return true;
  return false;
}
