/**
 * fast-check arbitraries for Postfix files: main.cf and master.cf text built
 * from the knowledge base's parameter names and plausible values, with the
 * line structure postconf(5) defines (continuation lines, comment and blank
 * lines between them, CRLF, odd spacing, duplicates, $name references,
 * "{ ... }" groups), plus garbage lines for the never-throw properties.
 */
import fc from "fast-check";
import { builtinParameter, builtinParameterNames } from "../../src/model/postfix/parameters.js";

export const PARAMETER_NAMES = builtinParameterNames();

/** Names that matter for relaying and that other names refer to: picked often, so duplicates and references happen. */
const HOT_NAMES = [
  "myhostname", "mydomain", "myorigin", "mydestination", "mynetworks", "mynetworks_style", "relay_domains", "relayhost",
  "smtpd_relay_restrictions", "smtpd_recipient_restrictions", "smtpd_client_restrictions", "smtpd_sender_restrictions",
  "smtpd_helo_restrictions", "smtpd_restriction_classes", "smtpd_sasl_auth_enable", "compatibility_level", "inet_interfaces",
  "virtual_alias_domains", "virtual_mailbox_domains", "parent_domain_matches_subdomains", "alias_maps", "soft_bounce",
  "smtpd_tls_security_level", "smtpd_tls_auth_only", "smtputf8_enable", "append_dot_mydomain", "biff", "readme_directory",
];

/** Not built in: user parameters (when referenced), restriction classes, typos, service-derived and database-client names. */
const OTHER_NAMES = [
  "my_class", "trusted_clients", "relay_x", "Mynetworks", "smtpd_relay_restriction", "mynetwork", "submission_destination_concurrency_limit",
  "relay_destination_concurrency_limit", "ldap_users_server_host", "foo", "bar", "a", "b", "x1",
];

const ODD_NAMES = ["a.b", "x-y", "UPPER", "_lead", "9digit", "n@m", "smtpd_relay_restrictions\u00e9"];

export const parameterName: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...PARAMETER_NAMES) },
  { weight: 4, arbitrary: fc.constantFrom(...HOT_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...OTHER_NAMES) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,14}$/) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_NAMES) },
);

/** Every word of every default postconf -d prints: values Postfix itself writes. */
const DEFAULT_WORDS = [
  ...new Set(PARAMETER_NAMES.flatMap((n) => builtinParameter(n)!.default.split(/[\s,]+/).filter((w) => w !== "" && w.length < 60))),
].sort();

const PLAIN_WORDS = [
  "yes", "no", "0", "1", "10s", "1h", "30d", "450", "554", "3.6", "2", "127.0.0.0/8", "[::1]/128", "[::ffff:127.0.0.0]/104", "192.0.2.0/24",
  "0.0.0.0/0", "!192.0.2.7", "example.org", ".example.org", "mail.example.org", "localhost", "localhost.$mydomain", "all", "loopback-only",
  "ipv4", "permit_mynetworks", "permit_sasl_authenticated", "reject_unauth_destination", "defer_unauth_destination", "reject", "permit",
  "defer_if_permit", "warn_if_reject", "reject_unknown_client_hostname", "check_client_access", "check_sender_access", "my_class",
  "hash:/etc/postfix/access", "texthash:/etc/postfix/x", "cidr:/etc/postfix/clients.cidr", "inline:{ a=b }", "inline:{ {a = b c}, d=e }",
  "static:OK", "regexp:/etc/postfix/r", "proxy:unix:passwd.byname", "ldap:/etc/postfix/ldap.cf", "ldap:users", "/etc/postfix/file",
  "unix:private/policy", "inet:127.0.0.1:10023", "{ a, b }", "{a=b}", "{ }", "{", "}", "-o", "=", "x=y",
];

/** $name, ${name}, $(name) and the conditional forms postconf(5) documents, to built-in, hot and undefined names. */
export const reference: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(fc.constantFrom(...HOT_NAMES), fc.constantFrom(...OTHER_NAMES), fc.constantFrom(...PARAMETER_NAMES)), fc.nat(7))
  .map(([n, form]) =>
    [`$${n}`, `\${${n}}`, `$(${n})`, `\${${n}?x}`, `\${${n}:y}`, `\${${n}?{a b}:{c}}`, `\${${n}?{$myhostname}}`, `$${n}.example`][form]!,
  );

/** Short strings of the characters the grammars treat specially. */
const specialChars = fc.string({ unit: fc.constantFrom("a", "$", "{", "}", "(", ")", ",", "=", "#", ":", "\\", "!", "?", "/", "."), minLength: 1, maxLength: 6 });

export const valueWord: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PLAIN_WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...DEFAULT_WORDS) },
  { weight: 3, arbitrary: reference },
  { weight: 1, arbitrary: specialChars },
);

/** What can stand between two value words: spacing, commas, and continuation lines (with comment and blank lines inside). */
const separator = fc.constantFrom(" ", " ", ", ", ",", "  ", "\t", " ,  ", "\n ", "\n\t", "\n    ", ",\n ", "\n  # a comment line\n ", "\n\n  ", "\n \n ", "\n#c\n\t");

/** Values postconf validates beyond syntax (when it computes the mynetworks default): kept to what is valid on any machine. */
const VALIDATED: Record<string, string[]> = {
  inet_interfaces: ["all", "loopback-only", "127.0.0.1", "localhost", "127.0.0.1, [::1]"],
  inet_protocols: ["all", "ipv4", "ipv6", "ipv4, ipv6"],
  mynetworks_style: ["host", "subnet", "class"],
};

const BOOLEAN = ["yes", "no"];
const NUMBER = ["0", "1", "2", "10", "100", "5000", "10240000"];
const TIME = ["0s", "10s", "300s", "1h", "5d", "300", "2m"];

/**
 * A plausible value for `name`: words of the same kind as its default
 * (booleans, numbers, times), the words of its own default, references and
 * list words, joined with any separator (continuations included); one in
 * ten is "wild" (the special-character words of valueWord).
 */
export function plausibleValue(name: string): fc.Arbitrary<string> {
  if (Object.hasOwn(VALIDATED, name)) return fc.constantFrom(...VALIDATED[name]!);
  const d = builtinParameter(name)?.default ?? "";
  const own = d.split(/[\s,]+/).filter((w) => w !== "" && w.length < 60);
  const kind = /^(yes|no)$/.test(d) ? BOOLEAN : /^\d+$/.test(d) ? NUMBER : /^\d+[smhdw]$/.test(d) ? TIME : undefined;
  const single = kind ? fc.constantFrom(...kind) : fc.constantFrom(...(own.length ? own : ["x"]));
  const list = fc
    .tuple(
      fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(own.length ? own : PLAIN_WORDS)) }, { weight: 3, arbitrary: fc.constantFrom(...PLAIN_WORDS) }, { weight: 2, arbitrary: reference }), {
        minLength: 1,
        maxLength: 5,
      }),
      fc.array(separator, { minLength: 1, maxLength: 3 }),
    )
    .map(([w, seps]) => joinWords(w, seps));
  const wild = fc.tuple(fc.array(valueWord, { maxLength: 5 }), fc.array(separator, { minLength: 1, maxLength: 3 })).map(([w, seps]) => joinWords(w, seps));
  return fc.oneof({ weight: 4, arbitrary: single }, { weight: 2, arbitrary: fc.constant("") }, { weight: kind ? 1 : 5, arbitrary: list }, { weight: 1, arbitrary: wild });
}

/** `name = value` with a plausible value for that name and odd spacing around "=". */
export const plausibleAssignment: fc.Arbitrary<string> = parameterName.chain((name) =>
  fc
    .tuple(plausibleValue(name), fc.constantFrom("", "", " ", "\t", "  "), fc.constantFrom("", " ", " ", "   ", "\t"), fc.constantFrom("", "", " ", "\t"))
    .map(([v, before, after, trail]) => `${name}${before}=${after}${v}${trail}`),
);

export interface MainCfOptions {
  /** Also lines Postfix refuses (no "=", no name) and orphan indented lines. */
  garbage?: boolean;
  /** Values of the parameter's kind (plausibleValue) instead of any value words. */
  plausible?: boolean;
  /** Names to draw from instead of the whole knowledge base (the relay fuzzer's lists). */
  names?: fc.Arbitrary<string>;
  words?: fc.Arbitrary<string>;
  maxLines?: number;
}

function joinWords(words: string[], seps: string[]): string {
  return words.map((w, i) => (i === 0 ? w : seps[i % seps.length]! + w)).join("");
}

export function assignment(names: fc.Arbitrary<string> = parameterName, words: fc.Arbitrary<string> = valueWord): fc.Arbitrary<string> {
  return fc
    .record({
      name: names,
      before: fc.constantFrom("", "", " ", "\t", "  "),
      after: fc.constantFrom("", " ", " ", "   ", "\t"),
      words: fc.array(words, { maxLength: 6 }),
      seps: fc.array(separator, { minLength: 1, maxLength: 3 }),
      trail: fc.constantFrom("", "", " ", "\t", "  "),
    })
    .map((a) => `${a.name}${a.before}=${a.after}${joinWords(a.words, a.seps)}${a.trail}`);
}

const commentLine = fc.constantFrom("# comment", "#", "  # indented comment", "#mynetworks = 0.0.0.0/0", "# = x", "\t#\t");
const blankLine = fc.constantFrom("", " ", "\t", "  \t ");
const garbageLine = fc.oneof(
  fc.constantFrom("= value", "name_without_equals", "  orphan continuation", "\tx = y", "=", "{ a = b }", "-o x=y", "smtp inet n - y - - smtpd"),
  fc.string({ maxLength: 20 }),
);

export function mainCfText(opts: MainCfOptions = {}): fc.Arbitrary<string> {
  const line = fc.oneof(
    { weight: 8, arbitrary: opts.plausible ? plausibleAssignment : assignment(opts.names, opts.words) },
    { weight: 1, arbitrary: commentLine },
    { weight: 1, arbitrary: blankLine },
    ...(opts.garbage ? [{ weight: 1, arbitrary: garbageLine }] : []),
  );
  return fc
    .tuple(fc.array(line, { maxLength: opts.maxLines ?? 20 }), fc.constantFrom("\n", "\n", "\n", "\r\n"), fc.boolean())
    .map(([lines, eol, final]) => lines.join(eol) + (final && lines.length ? eol : ""));
}

// ---------------------------------------------------------------------------------------------
// master.cf

const SERVICE_NAMES = ["smtp", "submission", "smtps", "relay", "127.0.0.1:10025", "[::1]:10026", "amavis", "dovecot", "pickup", "cleanup", "postlog", "custom"];
const COMMANDS = ["smtpd", "smtp", "pipe", "local", "cleanup", "postscreen", "qmgr", "pickup", "spawn", "lmtp", "error", "postlogd"];

const override = fc.oneof(
  fc.tuple(fc.oneof(fc.constantFrom(...HOT_NAMES), parameterName), fc.oneof(valueWord, fc.constant(""))).map(([n, v]) => `-o ${n}=${v}`),
  fc.tuple(fc.constantFrom(...HOT_NAMES), fc.array(valueWord, { minLength: 1, maxLength: 3 })).map(([n, v]) => `-o { ${n} = ${v.join(", ")} }`),
  fc.constantFrom("-o", "-o =x", "-o syslog_name=postfix/$service_name", "-v", "flags=DRhu", "user=vmail", "argv=/usr/bin/x ${recipient}", "{ a b }"),
);

const validColumns = fc.tuple(
  fc.constantFrom("-", "n", "y"),
  fc.constantFrom("-", "n", "y"),
  fc.constantFrom("-", "n", "y"),
  fc.constantFrom("-", "0", "60", "1?", "300", "-?"),
  fc.constantFrom("-", "0", "1", "100"),
);

/** One service entry; `valid` keeps every column to what master(5) allows. */
export function masterService(valid = false): fc.Arbitrary<string> {
  return fc
    .record({
      name: fc.constantFrom(...SERVICE_NAMES),
      type: fc.constantFrom("inet", "inet", "unix", "unix-dgram", "fifo", "pass", ...(valid ? [] : ["tcp"])),
      fields: valid ? validColumns.map((c) => [...c]) : fc.array(fc.constantFrom("-", "n", "y", "0", "60", "1?", "100"), { minLength: 5, maxLength: 5 }),
      command: fc.constantFrom(...COMMANDS),
      args: fc.array(override, { maxLength: 4 }),
      seps: fc.array(fc.constantFrom(" ", "\n  ", "\n\t", "\n  # note\n  "), { minLength: 1, maxLength: 2 }),
    })
    .map((s) => [`${s.name} ${s.type} ${s.fields.join(" ")} ${s.command}`, ...s.args].map((p, i) => (i === 0 ? p : s.seps[i % s.seps.length]! + p)).join(""));
}

/** master.cf text; `garbage` adds lines Postfix refuses, otherwise every column is valid. */
export function masterCfText(garbage = false): fc.Arbitrary<string> {
  const line = fc.oneof(
    { weight: 6, arbitrary: masterService(!garbage) },
    { weight: 1, arbitrary: commentLine },
    { weight: 1, arbitrary: blankLine },
    ...(garbage ? [{ weight: 1, arbitrary: garbageLine }] : []),
  );
  return fc.tuple(fc.array(line, { maxLength: 10 }), fc.constantFrom("\n", "\r\n"), fc.boolean()).map(([l, eol, f]) => l.join(eol) + (f && l.length ? eol : ""));
}
