/**
 * `mtalint completion bash|zsh|fish`: the scripts are generated from the
 * command tree, so every command and every option that `--help` shows must
 * complete. Bash runs for real; zsh and fish when installed (else a message).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mtalint } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "mtalint-completion-"));

function script(shell: string): string {
  const r = mtalint(["completion", shell]);
  expect(r.code, r.stderr).toBe(0);
  const path = join(dir, `mtalint.${shell}`);
  writeFileSync(path, r.stdout);
  return path;
}

/** Commands as `mtalint --help` lists them. */
function commands(): string[] {
  const section = /\nCommands:\n([\s\S]*?)(\n\n|$)/.exec(mtalint(["--help"]).stdout)?.[1] ?? "";
  return section
    .split("\n")
    .map((l) => /^ {2}([a-z][\w-]*)\b/.exec(l)?.[1])
    .filter((c): c is string => c !== undefined);
}

/** Every flag spelling in the Options section of `mtalint [command] --help`. */
function optionsOf(command?: string): string[] {
  const help = mtalint(command ? [command, "--help"] : ["--help"]).stdout;
  const section = /\nOptions:\n([\s\S]*?)\n\n/.exec(help)?.[1] ?? "";
  return section
    .split("\n")
    .flatMap((l) => /^ {2}((?:-[\w-]+(?:, )?)+)/.exec(l)?.[1]?.split(", ") ?? []);
}

function available(shell: string): boolean {
  const ok = spawnSync(shell, ["-c", "exit 0"]).status === 0;
  if (!ok) console.warn(`skipping the ${shell} run of its completion script: ${shell} is not installed (the script's text is still checked)`);
  return ok;
}

const names = commands();

describe("bash completion", () => {
  const file = script("bash");
  /** Runs the completion function for a command line whose last word is being completed. */
  function complete(...words: string[]): string[] {
    const r = spawnSync(
      "bash",
      ["--norc", "--noprofile", "-c", `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _mtalint; printf '%s\\n' "\${COMPREPLY[@]}"`, "_", file, "mtalint", ...words],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    return r.stdout.split("\n").filter(Boolean);
  }

  it("registers _mtalint for mtalint, falling back to file names", () => {
    const r = spawnSync("bash", ["--norc", "--noprofile", "-c", `source "${file}"; complete -p mtalint`], { encoding: "utf8" });
    expect(r.stdout.trim()).toBe("complete -o default -F _mtalint mtalint");
  });

  it("offers every command, help and the program's options first", () => {
    expect(names.length).toBeGreaterThan(5);
    expect(complete("").sort()).toEqual([...names, ...optionsOf()].sort());
    expect(complete("re")).toEqual(["relay"]);
  });

  it.each(names.filter((n) => n !== "help").map((n) => [n]))("offers every option of %s", (command) => {
    const options = optionsOf(command);
    expect(options).toContain("--help");
    expect(complete(command, "-").sort()).toEqual(expect.arrayContaining(options));
    for (const o of options.filter((x) => x.startsWith("--"))) expect(complete(command, o), o).toContain(o);
  });

  it("completes the shell names of `completion`, and file names (empty reply) for paths and option values", () => {
    expect(complete("completion", "")).toEqual(["bash", "zsh", "fish", "--help", "-h"]);
    expect(complete("lint", "samp")).toEqual([]);
    expect(complete("lint", "--format", "")).toEqual([]);
    expect(complete("diff", "--ignore", "my")).toEqual([]);
  });

  it("`mtalint PATH --opt` means lint: lint's options complete there", () => {
    expect(complete("/etc/postfix", "--fail")).toEqual(["--fail-on"]);
    expect(complete("--debug", "lint", "--max")).toEqual(["--max-warnings"]);
  });
});

describe("zsh completion", () => {
  const file = script("zsh");

  it("loads bashcompinit and the bash function", () => {
    const text = mtalint(["completion", "zsh"]).stdout;
    expect(text.startsWith("# zsh completion for mtalint")).toBe(true);
    expect(text).toContain("bashcompinit");
    expect(text).toContain(mtalint(["completion", "bash"]).stdout);
  });

  it.runIf(available("zsh"))("completes commands and options in zsh (as bashcompinit calls the function)", () => {
    const body = `source "$1"; shift
print -r -- "registered: $_comps[mtalint]"
t() { emulate -L sh; setopt kshglob noshglob braceexpand; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _mtalint; print -r -- "\${COMPREPLY[*]}"; }
t mtalint ""; t mtalint diff --reg; t mtalint completion ""`;
    const r = spawnSync("zsh", ["-f", "-c", body, "_", file], { encoding: "utf8" });
    const [registered, top, diff, shells] = r.stdout.split("\n");
    expect(registered).toBe("registered: _bash_complete -o default -F _mtalint");
    // bashcompinit's compgen leaves prefix filtering to zsh: the full word lists come back.
    expect(top!.split(" ")).toEqual(expect.arrayContaining(names));
    expect(diff!.split(" ")).toContain("--regressions-only");
    expect(shells!.split(" ")).toEqual(expect.arrayContaining(["bash", "zsh", "fish"]));
  });
});

describe("fish completion", () => {
  const file = script("fish");

  it("declares every command and every long option", () => {
    const text = mtalint(["completion", "fish"]).stdout;
    for (const command of names) {
      if (command === "help") continue;
      expect(text).toContain(`-n __fish_use_subcommand -a ${command} -d `);
      for (const o of optionsOf(command).filter((x) => x.startsWith("--"))) {
        expect(text, `${command} ${o}`).toContain(`'__fish_seen_subcommand_from ${command}' -l ${o.slice(2)}`);
      }
    }
  });

  it.runIf(available("fish"))("completes commands and options in fish", () => {
    const r = spawnSync(
      "fish",
      ["--no-config", "-c", `source $argv[1]; complete -C "mtalint rel"; complete -C "mtalint diff --regr"; complete -C "mtalint completion "`, file],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n").map((l) => l.split("\t")[0]);
    expect(lines).toContain("relay");
    expect(lines).toContain("--regressions-only");
    expect(lines).toEqual(expect.arrayContaining(["bash", "zsh", "fish"]));
  });
});
