import type { EximListType } from "../../src/ast/exim-nodes.js";
import type { Range } from "../../src/ast/range.js";
import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { HOST_LIST_SETTINGS, splitEximList } from "../../src/model/exim/lists.js";

/** The list type an option or ACL condition holds, by its name (spec: domain/host/address/local part lists). */
function listTypeOf(name: string): EximListType | undefined {
  if (name === "domains" || name.endsWith("_domains") || name === "sender_domains") return "domainlist";
  if (name === "hosts" || name.endsWith("_hosts") || name === "hosts_require_auth") return "hostlist";
  if (name === "local_parts" || name.endsWith("_local_parts")) return "localpartlist";
  if (name === "senders" || name === "recipients" || name.endsWith("_senders") || name.endsWith("_recipients")) return "addresslist";
  return undefined;
}

interface Site {
  name: string;
  value: string;
  valueRange: Range;
  via?: string[];
}

export default defineEximRule<"undefined", EximLintInput>({
  meta: {
    id: "exim/undefined-named-list",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Error,
    summary: "A +name reference to a named list that is not defined",
    messages: {
      undefined: '+{name} refers to a {type} that is not defined; Exim fails the check with a temporary error, so mail is deferred',
    },
  },
  docs: {
    why: "Exim resolves +name in a list when it is used; an undefined named list is a run-time error, so the ACL statement or router that uses it defers instead of matching — for relay_from_hosts or local_domains that means mail is not accepted.",
    bad: { "exim.conf": "primary_hostname = mx.example.org\ndomainlist local_domains = @\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  accept domains = +local_domain\n" },
    good: { "exim.conf": "primary_hostname = mx.example.org\ndomainlist local_domains = @\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  accept domains = +local_domains\n" },
    fix: "Define the list (domainlist, hostlist, addresslist or localpartlist NAME = ...) or correct the name.",
    related: ["exim/undefined-acl", "exim/undefined-macro", "postfix/undefined-reference"],
    references: [
      { title: "Exim specification: Domain, host, address, and local part lists — Named lists", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-domain_host_address_and_local_part_lists.html#SECTnamedlists" },
    ],
  },
  check(ctx) {
    const { config } = ctx.config;
    const lists = new Map<string, Set<string>>();
    for (const l of config.namedLists) {
      const set = lists.get(l.listType) ?? new Set<string>();
      set.add(l.name);
      lists.set(l.listType, set);
    }
    const sites: (Site & { type: EximListType | undefined })[] = [];
    for (const l of config.namedLists) sites.push({ name: l.name, value: l.value, valueRange: l.valueRange, type: l.listType, ...(l.via ? { via: l.via } : {}) });
    const add = (name: string, value: string | undefined, range: Range | undefined, via?: string[]) => {
      const type = listTypeOf(name);
      if (type && value !== undefined && range) sites.push({ name, value, valueRange: range, type, ...(via ? { via } : {}) });
    };
    for (const o of config.mainOptions) add(o.name, o.value, o.valueRange, o.via);
    for (const d of [...config.routers, ...config.transports, ...config.authenticators]) for (const o of d.options) add(o.name, o.value, o.valueRange, o.via);
    for (const a of config.acls) for (const st of a.statements) for (const c of st.conditions) add(c.name, c.value, c.valueRange, c.via);

    for (const s of sites) {
      if (!s.type || s.value.includes("${")) continue;
      for (const item of splitEximList(s.value)) {
        const ref = /^!*\s*\+([A-Za-z0-9_]+)$/.exec(item.text)?.[1];
        if (!ref || lists.get(s.type)?.has(ref) || (s.type === "hostlist" && HOST_LIST_SETTINGS.has(ref))) continue;
        const at = s.value.indexOf(`+${ref}`, item.start);
        const exact = s.valueRange.end - s.valueRange.start === s.value.length && at >= 0;
        ctx.report({
          range: exact ? { file: s.valueRange.file, start: s.valueRange.start + at, end: s.valueRange.start + at + ref.length + 1 } : s.valueRange,
          messageId: "undefined",
          data: { name: ref, type: s.type },
          fix: { description: `Define "${s.type} ${ref} = ..." in the main section, or correct the name.` },
          ...(s.via ? { via: s.via } : {}),
        });
      }
    }
  },
});
