/**
 * fast-check arbitraries for Exim run time configurations: main options from
 * the knowledge base (exim-options.json) with values of their type, named
 * lists, macros and their uses, .ifdef/.include directives, backslash
 * continuations, comments, and the ACL, router, transport, authenticator,
 * retry and rewrite sections (spec.txt ch. 6).
 */
import fc from "fast-check";
import { eximOptions } from "../../src/model/exim/options.js";

export const MAIN_OPTION_NAMES = Object.keys(eximOptions.main).sort();

const BOOL = ["true", "false", "yes", "no", "TRUE", "No", "maybe"];
const INT = ["0", "1", "10", "1K", "2M", "0x1f", "017", "-5", "1G", "10k", "x"];
const TIME = ["0s", "5s", "1m", "1h30m", "2d", "1w", "30", "3h", "1h:2h", "bad"];
const FIXED = ["0", "1.5", "10", "0.25", "3.999"];
const STRING = [
  "mail.example.org", "example.org", "@", "@[]", "*", "127.0.0.1 : ::::1", "<; 127.0.0.1 ; ::1", "+local_domains", "!+relay_to_domains",
  "10.0.0.0/8 : 192.0.2.0/24", "$primary_hostname", "${if eq{$sender_host_address}{}{a}{b}}", '"quoted\\tvalue"', '"a\\\\b"', "/var/spool/exim4",
  "Debian-exim", "root : daemon", "${lookup{$local_part}lsearch{/etc/aliases}}", "${run{/bin/true}}", "$smtp_active_hostname ESMTP Exim",
  "acl_check_rcpt", "lsearch;/etc/exim4/hosts", "net24-lsearch;/etc/exim4/x", "\\N^a.*$\\N", "MACRO_VALUE", "a\\ b", "",
];

function valuesFor(name: string): string[] {
  const info = eximOptions.main[name]!;
  switch (info.print) {
    case "bool":
      return BOOL;
    case "int":
    case "mkint":
    case "kint":
      return INT;
    case "time":
      return TIME;
    case "fixed":
      return FIXED;
    case "octal":
      return ["022", "0644", "8"];
    default:
      return info.type === "time" ? TIME : info.type.includes("integer") || info.type === "int" ? INT : STRING;
  }
}

const MACROS = ["MAC", "RELAY_NETS", "LOCAL_DOMAINS", "_PRIVATE", "M2"];

/** A main-section option setting: `name = value`, `no_name`, `hide name = value`, a bare boolean name. */
export const mainOptionLine: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...MAIN_OPTION_NAMES), fc.nat(99), fc.constantFrom("", " ", "  ", "\t"), fc.constantFrom("", " ", "   "), fc.nat(1000))
  .map(([name, form, sp1, sp2, pick]) => {
    const values = valuesFor(name);
    const value = values[pick % values.length]!;
    if (form < 8) return `no_${name}`;
    if (form < 14) return name;
    if (form < 20) return `hide ${name}${sp1}=${sp2}${value}`;
    if (form < 24) return `${name}${sp1}=${sp2}${MACROS[pick % MACROS.length]}`;
    return `${name}${sp1}=${sp2}${value}`;
  });

export const namedListLine: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("domainlist", "hostlist", "addresslist", "localpartlist", "domainlist_cache", "hostlist_cache"),
    fc.constantFrom("local_domains", "relay_to_domains", "relay_from_hosts", "other", "x"),
    fc.constantFrom(...STRING),
  )
  .map(([t, n, v]) => `${t} ${n} = ${v}`);

const macroLine = fc.tuple(fc.constantFrom(...MACROS), fc.constantFrom("=", "==", " = ", " == "), fc.constantFrom(...STRING)).map(([n, op, v]) => `${n}${op}${v}`);

const directiveLine = fc.oneof(
  fc.constantFrom(...MACROS).map((m) => `.ifdef ${m}`),
  fc.constantFrom(...MACROS).map((m) => `.ifndef ${m}`),
  fc.constantFrom(".else", ".endif", ".elifdef MAC", ".include /etc/exim4/inc.conf", ".include_if_exists /etc/exim4/none", ".include inc.conf", ".include ../../etc/passwd", ".include"),
);

const commentOrBlank = fc.constantFrom("# comment", "#", "", "   ", "  # indented", "\t");

const ACL_VERBS = ["accept", "deny", "defer", "require", "warn", "drop", "discard"];
const ACL_CONDITIONS = [
  "hosts = :", "hosts = +relay_from_hosts", "hosts = 192.0.2.0/24 : 127.0.0.1", "hosts = !192.0.2.7 : *", "domains = +local_domains",
  "domains = +local_domains : +relay_to_domains", "!domains = +local_domains", "domains = *.example", "local_parts = ^[.] : ^.*[@%!/|]",
  "authenticated = *", "!authenticated = *", "senders = spammer@example.net", "sender_domains = example.com", "recipients = a@b.example",
  "message = relay not permitted", "message = 4.7.1 try later", "log_message = x", "control = submission", "set acl_m_x = 1", "endpass",
  "condition = ${if eq{$domain}{example.org}}", "condition = yes", "condition = ${run{/bin/true}}", "verify = recipient", "verify = sender",
  "dnslists = zen.spamhaus.org", "acl = acl_other", "ratelimit = 10 / 1h / $sender_host_address", "encrypted = *", "delay = 1s",
];
const BAD_ACL_PARTS = ["nosuchcondition = 1", "hosts", "domains =", "acept", "acl = nosuch"];

function aclStatement(valid: boolean): fc.Arbitrary<string> {
  const verb = valid ? fc.constantFrom(...ACL_VERBS) : fc.constantFrom(...ACL_VERBS, BAD_ACL_PARTS[3]!);
  const cond = valid ? fc.constantFrom(...ACL_CONDITIONS) : fc.constantFrom(...ACL_CONDITIONS, ...BAD_ACL_PARTS);
  return fc
    .tuple(verb, fc.array(cond, { maxLength: 4 }), fc.constantFrom(" ", "\n        ", " \\\n   "))
    .map(([v, conds, sep]) => `  ${v}${conds.length ? " " + conds.join(sep) : ""}`);
}

function aclBlock(valid: boolean): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom("acl_check_rcpt", "acl_other", "acl_check_mail", "x"), fc.array(aclStatement(valid), { maxLength: 5 }))
    .map(([name, sts]) => [`${name}:`, ...sts].join("\n"));
}

const DRIVER_OPTIONS = [
  "driver = dnslookup", "driver = manualroute", "driver = redirect", "driver = accept", "driver = smtp", "driver = appendfile", "driver = pipe",
  "driver = plaintext", "driver = nosuch", "domains = ! +local_domains", "transport = remote_smtp", "route_list = * smarthost.example",
  "data = ${lookup{$local_part}lsearch{/etc/aliases}}", "file = /var/mail/$local_part", "file = /var/mail/$local_part_data",
  "public_name = PLAIN", "server_condition = ${if eq{$auth3}{secret}}", "server_set_id = $auth2", "no_more", "check_local_user",
  "server_advertise_condition = ${if eq{$tls_in_cipher}{}{}{*}}", "hide client_send = : user : pass", "unknown_option = 1",
];

/** Driver instances Exim 4.96 accepts, per section. */
const VALID_DRIVERS: Record<string, string[]> = {
  routers: [
    "dnslookup:\n  driver = dnslookup\n  domains = ! +local_domains\n  transport = remote_smtp\n  no_more",
    "smarthost:\n  driver = manualroute\n  route_list = * smarthost.example\n  transport = remote_smtp",
    "aliases:\n  driver = redirect\n  data = ${lookup{$local_part}lsearch{/etc/aliases}}",
    "local_user:\n  driver = accept\n  check_local_user\n  transport = local_delivery",
  ],
  transports: [
    "remote_smtp:\n  driver = smtp",
    "local_delivery:\n  driver = appendfile\n  file = /var/mail/$local_part_data\n  delivery_date_add",
    "address_pipe:\n  driver = pipe\n  return_output",
  ],
  authenticators: [
    "plain_server:\n  driver = plaintext\n  public_name = PLAIN\n  server_condition = ${if eq{$auth3}{secret}}\n  server_set_id = $auth2",
    "login_server:\n  driver = plaintext\n  public_name = LOGIN\n  server_prompts = User Name : Password\n  server_condition = ${if eq{$auth2}{secret}}",
  ],
};

const driverBlock = fc
  .tuple(fc.constantFrom("dnslookup", "remote_smtp", "local_delivery", "plain_server", "r1", "t"), fc.array(fc.constantFrom(...DRIVER_OPTIONS), { maxLength: 5 }))
  .map(([name, opts]) => [`${name}:`, ...opts.map((o) => `  ${o}`)].join("\n"));

const retryLine = fc.constantFrom("*   *   F,2h,15m; G,16h,1h,1.5; F,4d,6h", "example.org  *  F,1h,10m", "* rcpt_4xx F,1h,5m", "bad retry");
const rewriteLine = fc.constantFrom("*@example.org $1@example.com Ffr", "^(.*)@x\\.example$ $1@y.example Eq", "bad");

const SECTIONS = ["acl", "routers", "transports", "authenticators", "retry", "rewrite", "local_scan", "nosuch", "ACL"];
const VALID_SECTIONS = ["acl", "routers", "transports", "authenticators", "retry", "rewrite"];

/** One section with content of its kind (and, unless valid, sometimes of the wrong kind). */
function section(valid: boolean): fc.Arbitrary<[string, string]> {
  return fc.constantFrom(...(valid ? VALID_SECTIONS : SECTIONS)).chain((name) => {
    const body =
      name === "acl" || name === "ACL"
        ? fc.array(aclBlock(valid), { maxLength: 3 })
        : name === "retry"
          ? fc.array(valid ? fc.constantFrom("*   *   F,2h,15m; G,16h,1h,1.5; F,4d,6h", "example.org  *  F,1h,10m") : retryLine, { maxLength: 3 })
          : name === "rewrite"
            ? fc.array(valid ? fc.constant("*@example.org $1@example.com Ffr") : rewriteLine, { maxLength: 3 })
            : name === "local_scan"
              ? fc.array(mainOptionLine, { maxLength: 2 })
              : valid
                ? fc.uniqueArray(fc.constantFrom(...VALID_DRIVERS[name]!), { maxLength: 3 })
                : fc.array(fc.oneof(driverBlock, aclBlock(false)), { maxLength: 3 });
    const extra = valid ? fc.array(commentOrBlank, { maxLength: 2 }) : fc.array(fc.oneof(commentOrBlank, macroLine), { maxLength: 2 });
    return fc.tuple(body, extra).map(([b, e]) => [name, [`begin ${name}`, ...b, ...e].join("\n")] as [string, string]);
  });
}

/** Splits a line with a backslash continuation somewhere (Exim joins it, dropping the next line's leading white space). */
function continueSomewhere(line: string, at: number): string {
  const i = at % (line.length + 1);
  return `${line.slice(0, i)}\\\n    ${line.slice(i)}`;
}

export interface EximTextOptions {
  /** Also random garbage lines. */
  garbage?: boolean;
  /**
   * Only what Exim accepts: options with values of their type, macros defined
   * before they are redefined, balanced .ifdef blocks, each section once,
   * driver instances Exim accepts.
   */
  valid?: boolean;
  maxLines?: number;
}

const validMainLine: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...MAIN_OPTION_NAMES.filter((n) => eximOptions.main[n]!.printedDefault !== undefined)), fc.nat(99), fc.nat(1000))
  .map(([name, form, pick]) => {
    const info = eximOptions.main[name]!;
    if (info.print === "bool") return form < 30 ? `no_${name}` : form < 60 ? name : `${name} = ${["true", "false", "yes", "no"][pick % 4]}`;
    const values = validValues(name);
    return `${form < 10 ? "hide " : ""}${name} = ${values[pick % values.length]}`;
  });

function validValues(name: string): string[] {
  const info = eximOptions.main[name]!;
  switch (info.print) {
    case "int":
    case "mkint":
    case "kint":
      return ["0", "1", "10", "1K", "2M", "100"];
    case "time":
      return name === "delay_warning" ? ["1d", "1h:2h:1d"] : ["0s", "5s", "1m", "1h30m", "2d", "1w"];
    case "fixed":
      return FIXED;
    case "octal":
      return ["022", "0644"];
    default:
      if (info.type === "boolean") return ["true", "false"];
      if (info.type === "integer") return ["10"];
      if (info.type === "time") return ["1h"];
      return /host list/.test(info.type)
        ? ["*", ": 127.0.0.1", "<; 127.0.0.1 ; ::1", "10.0.0.0/8 : 192.0.2.0/24", "+relay_from_hosts", "!192.0.2.7 : *"]
        : /domain list/.test(info.type)
          ? ["@", "@ : example.org", "+local_domains", "*.example : !x.example"]
          : ["mail.example.org", "example.org", "$primary_hostname", "${if eq{$sender_host_address}{}{a}{b}}", '"quoted\\tvalue"', "a\\ b", "/var/spool/exim4"];
  }
}

/** Macro definitions: the first of a name is "=", later ones "==" (Exim refuses to redefine with "="). */
function fixMacros(lines: string[]): string[] {
  const defined = new Set<string>();
  return lines.map((l) => {
    const m = /^([A-Z][A-Za-z0-9_]*)\s*==?\s*(.*)$/.exec(l);
    if (!m) return l;
    const op = defined.has(m[1]!) ? "==" : "=";
    defined.add(m[1]!);
    return `${m[1]} ${op} ${m[2]}`;
  });
}

function mainLines(opts: EximTextOptions): fc.Arbitrary<string[]> {
  if (opts.valid) {
    const line = fc.oneof({ weight: 8, arbitrary: validMainLine }, { weight: 2, arbitrary: namedListLine }, { weight: 1, arbitrary: macroLine }, { weight: 1, arbitrary: commentOrBlank });
    const block = fc.oneof(
      { weight: 6, arbitrary: line.map((l) => [l]) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(".ifdef", ".ifndef"), fc.constantFrom(...MACROS), fc.array(line, { maxLength: 2 }), fc.option(fc.array(line, { maxLength: 2 })))
          .map(([d, m, a, b]) => [`${d} ${m}`, ...a, ...(b ? [".else", ...b] : []), ".endif"]),
      },
    );
    return fc.array(block, { maxLength: opts.maxLines ?? 12 }).map((bs) => fixMacros(bs.flat()));
  }
  const mainLine = fc.oneof(
    { weight: 8, arbitrary: mainOptionLine },
    { weight: 2, arbitrary: namedListLine },
    { weight: 2, arbitrary: macroLine },
    { weight: 2, arbitrary: directiveLine },
    { weight: 2, arbitrary: commentOrBlank },
    ...(opts.garbage ? [{ weight: 1, arbitrary: fc.string({ maxLength: 24 }) }] : []),
  );
  return fc.array(mainLine, { maxLength: opts.maxLines ?? 16 });
}

export function eximText(opts: EximTextOptions = {}): fc.Arbitrary<string> {
  const continued = mainLines(opts).chain((lines) =>
    fc.array(fc.tuple(fc.nat(9), fc.nat(200)), { minLength: lines.length, maxLength: lines.length }).map((cs) =>
      lines.map((l, i) => (cs[i]![0] === 0 && l.length > 1 && !l.startsWith(".") && !l.startsWith("#") ? continueSomewhere(l, cs[i]![1]) : l)),
    ),
  );
  const sections = opts.valid
    ? fc.uniqueArray(section(true), { maxLength: 4, selector: ([name]) => name }).map((ss) => ss.sort((a, b) => VALID_SECTIONS.indexOf(a[0]) - VALID_SECTIONS.indexOf(b[0])))
    : fc.array(section(false), { maxLength: 3 });
  return fc.tuple(continued, sections, fc.constantFrom("\n", "\n", "\r\n"), fc.boolean()).map(([main, ss, eol, final]) => {
    const text = [...main, ...ss.map(([, t]) => t)].join("\n").replace(/\n/g, eol);
    return text + (final && text.length ? eol : "");
  });
}

/** A small included file for `.include /etc/exim4/inc.conf`. */
export const includedText: fc.Arbitrary<string> = fc.array(fc.oneof(mainOptionLine, macroLine, commentOrBlank, directiveLine), { maxLength: 4 }).map((l) => l.join("\n"));
