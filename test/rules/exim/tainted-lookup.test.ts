import rule from "../../../rules/exim/tainted-lookup.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "tainted key, static file", files: { "exim.conf": "begin routers\nsystem_aliases:\n  driver = redirect\n  data = ${lookup{$local_part}lsearch{/etc/aliases}}\n" } },
    { name: "file named by $domain_data", files: { "exim.conf": "begin routers\nv:\n  driver = redirect\n  domains = dsearch;/etc/exim4/virtual\n  data = ${lookup{$local_part}lsearch{/etc/exim4/virtual/$domain_data}}\n" } },
    { name: "a quoted query", files: { "exim.conf": "begin routers\nsql:\n  driver = redirect\n  data = ${lookup mysql{SELECT x FROM t WHERE u='${quote_mysql:$local_part}'}}\n" } },
    { name: "Exim 4.93", files: { "exim.conf": "begin routers\nv:\n  driver = redirect\n  data = ${lookup{$local_part}lsearch{/etc/exim4/virtual/$domain}}\n" }, settings: { eximVersion: "4.93" } },
  ],
  invalid: [
    {
      name: "the Debian NEWS example: lsearch file per domain",
      files: { "exim.conf": "begin routers\nv:\n  driver = redirect\n  data = ${lookup{$local_part}lsearch{/etc/exim4/virtual/$domain}}\n" },
      findings: [{ messageId: "fileDetaint", line: 4, column: 58, endLine: 4, endColumn: 65, message: "use $domain_data" }],
    },
    {
      name: "an ACL condition with a cdb file named by the sender domain",
      files: { "exim.conf": "begin acl\nrcpt:\n  deny\n    condition = ${lookup{$sender_address}cdb{/etc/exim4/block/$sender_address_domain.cdb}{yes}{no}}\n" },
      findings: [{ messageId: "file", line: 4, column: 63, endLine: 4, endColumn: 85 }],
    },
    {
      name: "an unquoted query on 4.96",
      files: { "exim.conf": "begin routers\nsql:\n  driver = redirect\n  data = ${lookup mysql{SELECT x FROM t WHERE u='$local_part'}}\n" },
      findings: [{ messageId: "query", line: 4, column: 50, endLine: 4, endColumn: 61, severity: "warning" }],
    },
  ],
});
