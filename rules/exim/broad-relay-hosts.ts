import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { splitEximList } from "../../src/model/exim/lists.js";
import { broadTrustSeverity, formatCount, parseNetwork, publicAddressCount } from "../../src/relay/networks.js";


export default defineEximRule<"broad" | "wildcard", EximLintInput>({
  meta: {
    id: "exim/broad-relay-hosts",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Warning,
    summary: "relay_from_hosts trusts public address space that is not yours",
    messages: {
      broad: "relay_from_hosts entry {entry} trusts {count} public addresses; every client in it may relay without logging in",
      wildcard: "relay_from_hosts contains *, so every client on the Internet may relay without logging in",
    },
  },
  docs: {
    why: "Hosts in relay_from_hosts are accepted for any recipient by the usual RCPT ACL (accept hosts = +relay_from_hosts). A wide public range turns the server into an open relay for everyone in it.",
    bad: { "exim.conf": "primary_hostname = mx.example.org\nhostlist relay_from_hosts = <; 127.0.0.1 ; 0.0.0.0/0\n" },
    good: { "exim.conf": "primary_hostname = mx.example.org\nhostlist relay_from_hosts = <; 127.0.0.1 ; ::1 ; 192.0.2.10\n" },
    fix: "List only loopback and the exact hosts or private networks you run; remote users should authenticate.",
    related: ["exim/open-relay", "postfix/broad-mynetworks"],
    references: [
      { title: "Exim specification: Access control lists — Using an ACL to control relaying", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html#SECTrelaycontrol" },
      { title: "Exim specification: Domain, host, address, and local part lists — Host lists", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-domain_host_address_and_local_part_lists.html#SECThostlist" },
      { title: "Exim specification: The default configuration file", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_default_configuration_file.html" },
    ],
  },
  check(ctx) {
    for (const l of ctx.config.config.namedLists) {
      if (l.listType !== "hostlist" || l.name !== "relay_from_hosts") continue;
      const exact = l.valueRange.end - l.valueRange.start === l.value.length;
      for (const item of splitEximList(l.value)) {
        if (item.text.startsWith("!")) continue;
        const range = exact ? { file: l.valueRange.file, start: l.valueRange.start + item.start, end: l.valueRange.start + item.start + item.text.length } : l.valueRange;
        if (item.text === "*") {
          ctx.report({ range, messageId: "wildcard", severity: Severity.Error, fix: { description: "Remove * from relay_from_hosts." }, ...(l.via ? { via: l.via } : {}) });
          continue;
        }
        const net = parseNetwork(item.text);
        if (!net) continue;
        const count = publicAddressCount(net);
        const level = broadTrustSeverity(count);
      if (!level) continue;
        ctx.report({
          range,
          messageId: "broad",
          data: { entry: item.text, count: formatCount(count) },
          severity: level,
          fix: { description: `Remove ${item.text} from relay_from_hosts or narrow it to the hosts you run.` },
          ...(l.via ? { via: l.via } : {}),
        });
      }
    }
  },
});
