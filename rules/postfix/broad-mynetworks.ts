import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { effectiveValue, expandedValue } from "../../src/model/postfix/config.js";
import { listElements } from "../../src/model/postfix/lists.js";
import { broadTrustSeverity, formatCount, parseNetwork, publicAddressCount } from "../../src/relay/networks.js";


export default definePostfixRule({
  meta: {
    id: "postfix/broad-mynetworks",
    kind: "postfix",
    files: ["main.cf"],
    severity: Severity.Warning,
    summary: "mynetworks trusts public address space that is not yours",
    messages: {
      broad: "mynetworks entry {entry} trusts {count} public addresses; every client in it may relay through this server without logging in",
      style: "mynetworks is not set and mynetworks_style = class, so Postfix trusts the whole class A/B/C network around each of the server's addresses (up to 16,777,216 addresses) to relay",
    },
  },
  docs: {
    why: "permit_mynetworks lets every address in mynetworks relay without authentication. A wide public range (0.0.0.0/0, a /8, a provider's whole block) turns the server into an open relay for everyone in it.",
    bad: { "main.cf": "myhostname = mx.example.org\nmynetworks = 127.0.0.0/8, 0.0.0.0/0\n" },
    good: { "main.cf": "myhostname = mx.example.org\nmynetworks = 127.0.0.0/8, [::1]/128, 192.0.2.10/32\n" },
    fix: "List only loopback and the exact hosts or private networks you run; let everyone else authenticate with SASL.",
    related: ["postfix/open-relay", "exim/broad-relay-hosts"],
    references: [
      { title: "postconf(5): mynetworks", url: "https://www.postfix.org/postconf.5.html#mynetworks" },
      { title: "postconf(5): mynetworks_style", url: "https://www.postfix.org/postconf.5.html#mynetworks_style" },
      { title: "postconf(5): permit_mynetworks", url: "https://www.postfix.org/postconf.5.html#permit_mynetworks" },
    ],
  },
  check(ctx) {
    const { config } = ctx;
    const ev = effectiveValue(config, "mynetworks");
    if (ev?.source === "default") {
      if (expandedValue(config, "mynetworks_style") !== "class") return;
      const style = effectiveValue(config, "mynetworks_style");
      if (!style?.range) return;
      ctx.report({
        range: style.range,
        messageId: "style",
        severity: Severity.Error,
        fix: { description: "Set mynetworks explicitly (e.g. mynetworks = 127.0.0.0/8 [::1]/128) or use mynetworks_style = host." },
      });
      return;
    }
    for (const el of listElements(config, "mynetworks")) {
      if (el.text.startsWith("!")) continue;
      const net = parseNetwork(el.text);
      if (!net) continue;
      const count = publicAddressCount(net);
      const level = broadTrustSeverity(count);
      if (!level) continue;
      const range = el.range ?? ev?.range;
      if (!range) continue;
      ctx.report({
        range,
        messageId: "broad",
        data: { entry: el.text, count: formatCount(count) },
        severity: level,
        fix: { description: `Remove ${el.text} from mynetworks, or narrow it to the exact hosts you run; remote users should log in with SASL instead.` },
      });
    }
  },
});
