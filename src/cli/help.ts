/**
 * What `--help` shows after the flags: examples and exit codes for the program
 * and each command. They are attached by command name so the command files stay
 * about flags and actions; test/cli/help.test.ts fails for a command without
 * examples and runs every example against the samples.
 */
import type { Command } from "commander";

export interface Example {
  /** One line saying what the example is for, in the admin's words. */
  what: string;
  /** The command line, starting with "mtalint". */
  command: string;
}

export interface CommandHelp {
  examples: Example[];
  /** "code  meaning" rows. */
  exitCodes: string[];
}

const LINT_EXIT = [
  "0  no finding at or above --fail-on (and no more warnings than --max-warnings)",
  "1  findings at or above --fail-on, or more warnings than --max-warnings",
  "2  usage error, unreadable input or internal error",
];

/** The program's own help (key ""), then one entry per command name. */
export const COMMAND_HELP: Readonly<Record<string, CommandHelp>> = {
  "": {
    examples: [
      { what: "lint this server's Postfix configuration (lint is the default command)", command: "mtalint /etc/postfix" },
      { what: "lint Debian's Exim configuration", command: "mtalint lint /etc/exim4" },
      {
        what: "why does a logged-in user get \"554 5.7.1 Relay access denied\"?",
        command: "mtalint relay /etc/postfix --client 203.0.113.7 --to user@remote.example --sasl alice --service submission",
      },
      { what: "before deploying: what does the new configuration change, and does it open a relay?", command: "mtalint diff /etc/postfix ./postfix --regressions-only" },
      { what: "read one rule's documentation", command: "mtalint rules postfix/open-relay" },
    ],
    exitCodes: ["0  success, nothing to report", "1  findings, differences or regressions (see each command's --help)", "2  usage error, unreadable input or internal error"],
  },
  lint: {
    examples: [
      { what: "lint a Postfix configuration directory (main.cf and master.cf)", command: "mtalint lint /etc/postfix" },
      { what: "lint a Debian split Exim configuration", command: "mtalint lint /etc/exim4/conf.d" },
      { what: "in GitHub Actions: annotations on the changed lines", command: "mtalint lint --format github postfix/" },
      { what: "write SARIF for code scanning, failing on warnings too", command: "mtalint lint --format sarif --output mtalint.sarif --fail-on warning /etc/postfix" },
      { what: "judge the configuration for the release it will run on", command: "mtalint lint --postfix-version 3.7 --from-version 3.5 /etc/postfix" },
      { what: "run only two rules", command: "mtalint lint --rule postfix/open-relay,postfix/broad-mynetworks /etc/postfix" },
      { what: "every server at once: one subdirectory per host, a summary per host", command: "mtalint lint --fleet /srv/config-snapshots --jobs auto" },
    ],
    exitCodes: LINT_EXIT,
  },
  print: {
    examples: [
      { what: "the settings that differ from the defaults, as postconf -n prints them", command: "mtalint print /etc/postfix" },
      { what: "the same with $name references expanded (postconf -nx)", command: "mtalint print --expand /etc/postfix" },
      { what: "master.cf -o overrides per service (postconf -P)", command: "mtalint print --services /etc/postfix" },
      { what: "some parameters, defaults included (postconf NAME...)", command: "mtalint print /etc/postfix mynetworks smtpd_relay_restrictions" },
      { what: "Exim options as exim -bP prints them", command: "mtalint print /etc/exim4/conf.d primary_hostname acl_smtp_rcpt" },
      { what: "one Exim ACL, one statement a line", command: "mtalint print /etc/exim4/conf.d --acl acl_check_rcpt" },
    ],
    exitCodes: [
      "0  printed",
      "1  a name that is not a known parameter or option (as postconf and exim -bP), or an Exim configuration Exim would refuse",
      "2  usage error, unreadable input, a main.cf syntax error or internal error",
    ],
  },
  relay: {
    examples: [
      { what: "may an outside client relay through this server? (it must be refused)", command: "mtalint relay /etc/postfix --client 203.0.113.7 --to user@remote.example" },
      {
        what: "a user who logged in on the submission port sends to a remote domain",
        command: "mtalint relay /etc/postfix --client 203.0.113.7 --to user@remote.example --sasl alice --service submission",
      },
      { what: "the same question for Exim, as JSON", command: "mtalint relay /etc/exim4/conf.d --client 203.0.113.7 --to user@remote.example --sasl alice --format json" },
    ],
    exitCodes: ["0  the verdict was printed (ACCEPT, REJECT, DEFER, FATAL or UNKNOWN: read the first line)", "2  usage error, unreadable input or internal error"],
  },
  rules: {
    examples: [
      { what: "list every rule with its severity", command: "mtalint rules" },
      { what: "one rule's documentation: the problem, why it matters, a fix", command: "mtalint rules postfix/missing-permit-sasl-authenticated" },
      { what: "the list as JSON", command: "mtalint rules --format json" },
    ],
    exitCodes: ["0  printed", "2  unknown rule id or usage error"],
  },
  diff: {
    examples: [
      { what: "what did the update change in meaning?", command: "mtalint diff /etc/postfix.dpkg-old /etc/postfix" },
      { what: "pre-deploy gate: fail only when the new configuration opens a relay, refuses logged-in users or would not start", command: "mtalint diff /etc/postfix ./postfix --regressions-only" },
      { what: "compare a test server with the live one, host names aside", command: "mtalint diff live/exim4/conf.d test/exim4/conf.d --ignore-host-specific" },
      { what: "a pull-request comment with the file diff folded in", command: "mtalint diff /etc/postfix ./postfix --format markdown --text" },
    ],
    exitCodes: [
      "0  no semantic difference (with --regressions-only: no regression)",
      "1  a semantic difference (with --regressions-only: a regression)",
      "2  usage error, unreadable input, or BEFORE and AFTER of different kinds",
    ],
  },
  explain: {
    examples: [
      { what: "which setting refused the mail in this log, and the fix", command: "mtalint explain /etc/postfix --log /var/log/mail.log" },
      { what: "every example rejection of each group, as JSON for a ticket or a script", command: "mtalint explain /etc/postfix --log /var/log/mail.log --format json --details" },
      { what: "Exim: the rejections in its main log", command: "mtalint explain /etc/exim4/conf.d --log /var/log/exim4/mainlog" },
    ],
    exitCodes: [
      "0  every rejection was explained by the configuration (or could not be decided)",
      "1  the configuration disagrees with the log for some rejection (the log came from another configuration?)",
      "2  usage error, unreadable input or internal error",
    ],
  },
  completion: {
    examples: [
      { what: "bash, for this shell session", command: "source <(mtalint completion bash)" },
      { what: "bash, for every session", command: "mtalint completion bash > /etc/bash_completion.d/mtalint" },
      { what: "zsh (add to ~/.zshrc)", command: "source <(mtalint completion zsh)" },
      { what: "fish", command: "mtalint completion fish > ~/.config/fish/completions/mtalint.fish" },
    ],
    exitCodes: ["0  printed", "2  unknown shell"],
  },
};

export function renderHelp(help: CommandHelp): string {
  const examples = help.examples.map((e) => `  ${e.what}:\n    $ ${e.command}`).join("\n");
  const codes = help.exitCodes.map((c) => `  ${c}`).join("\n");
  return `\nExamples:\n${examples}\n\nExit codes:\n${codes}\n`;
}

/** Attaches examples and exit codes to the program and to each registered command that has them. */
export function addHelpTexts(program: Command): void {
  const top = COMMAND_HELP[""];
  if (top) program.addHelpText("after", renderHelp(top));
  for (const command of program.commands) {
    const help = COMMAND_HELP[command.name()];
    if (help) command.addHelpText("after", renderHelp(help));
  }
}
