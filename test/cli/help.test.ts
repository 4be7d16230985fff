/**
 * `--help` of the program and of every command it lists shows examples and
 * exit codes, and every example works: it is run against the samples (server
 * paths mapped to sample paths) and must not be a usage error.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMAND_HELP } from "../../src/cli/help.js";
import { mtalint, repoRoot } from "./run.js";

const version = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

/** The commands `mtalint --help` lists, as a user finds them. */
function listedCommands(): string[] {
  const help = mtalint(["--help"]).stdout;
  const section = /\nCommands:\n([\s\S]*?)(\n\n|$)/.exec(help)?.[1] ?? "";
  return section
    .split("\n")
    .map((l) => /^ {2}([a-z][\w-]*)\b/.exec(l)?.[1])
    .filter((c): c is string => c !== undefined && c !== "help");
}

const commands = listedCommands();

/** The `$ ...` lines of a help text's Examples section. */
function examplesIn(help: string): string[] {
  const section = /\nExamples:\n([\s\S]*?)\n\n/.exec(help)?.[1] ?? "";
  return section
    .split("\n")
    .map((l) => /^ {4}\$ (.*)$/.exec(l)?.[1])
    .filter((c): c is string => c !== undefined);
}

const out = mkdtempSync(join(tmpdir(), "mtalint-help-"));
/** Paths in the examples, as on a mail server, and the sample each stands for here. */
const SERVER_PATHS: Record<string, string> = {
  "/etc/postfix": "samples/postfix/relay-denied",
  "/etc/postfix.dpkg-old": "samples/diff/postfix-compat-upgrade/before",
  "./postfix": "samples/postfix/relay-denied-fixed",
  "postfix/": "samples/postfix/open-relay/",
  "/etc/exim4": "samples/exim/debian-template",
  "/etc/exim4/conf.d": "samples/exim/debian-conf.d",
  "live/exim4/conf.d": "samples/exim/debian-conf.d",
  "test/exim4/conf.d": "samples/exim/debian-conf.d",
  "mtalint.sarif": join(out, "mtalint.sarif"),
  "/var/log/mail.log": "samples/logs/postfix-relay-denied.maillog",
  "/srv/config-snapshots": "samples/fleet",
  "/var/log/exim4/mainlog": "samples/logs/exim-auth-denied.mainlog",
};

/** An example as arguments for the mtalint binary: shell wrapping (`source <(...)`, `> file`) removed, paths mapped. */
function toArgs(example: string): string[] {
  const words = example.replace(/^source <\((.*)\)$/, "$1").replace(/ > \S+$/, "").split(" ");
  expect(words[0], example).toBe("mtalint");
  expect(example, "examples are plain words, no quoting").not.toMatch(/["'\\]/);
  return words.slice(1).map((w) => {
    const mapped = SERVER_PATHS[w] ?? w;
    expect(mapped, `${example}: add ${w} to SERVER_PATHS`).not.toMatch(/^(\/(etc|srv|usr)|\.\/|~)/);
    return mapped;
  });
}

describe("--version", () => {
  it.each([["--version"], ["-V"]])("%s prints package.json's version", (flag) => {
    expect(mtalint([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});

describe("--help", () => {
  it("lists the commands, each with its help", () => {
    expect(commands).toEqual(expect.arrayContaining(["lint", "print", "relay", "rules", "diff", "completion"]));
  });

  it("has no examples for a command that does not exist", () => {
    for (const name of Object.keys(COMMAND_HELP)) if (name !== "") expect(commands, `COMMAND_HELP.${name}`).toContain(name);
  });

  it.each([[""], ...commands.map((c) => [c])])("mtalint %s --help shows examples and exit codes", (command) => {
    const r = mtalint(command === "" ? ["--help"] : [command, "--help"]);
    expect(r.code).toBe(0);
    const examples = examplesIn(r.stdout);
    expect(examples.length, `no Examples section in mtalint ${command} --help: add one in src/cli/help.ts`).toBeGreaterThan(0);
    if (command !== "") for (const e of examples) expect(e, "an example of this command").toMatch(new RegExp(`^(source <\\()?mtalint ${command}\\b`));
    expect(r.stdout).toMatch(/\nExit codes:\n {2}0 {2}\S/);
  });

  it.each([[""], ...commands.map((c) => [c])])("every example of mtalint %s --help runs", (command) => {
    const help = mtalint(command === "" ? ["--help"] : [command, "--help"]).stdout;
    for (const example of examplesIn(help)) {
      const args = toArgs(example);
      const r = mtalint(args);
      expect(r.stderr, example).not.toMatch(/error:|mtalint: /);
      expect([0, 1], `${example} exited ${r.code}`).toContain(r.code);
      if (!args.includes("--output")) expect(r.stdout.length, example).toBeGreaterThan(0);
    }
  });

  it("examples say what the relay examples answer: a verdict first", () => {
    for (const example of COMMAND_HELP.relay!.examples) {
      const r = mtalint(toArgs(example.command));
      expect(r.stdout, example.command).toMatch(/^(ACCEPT|REJECT|DEFER|FATAL|UNKNOWN)\b|^\{/);
    }
  });
});
