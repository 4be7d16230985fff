/**
 * .pre-commit-hooks.yaml as the pre-commit framework uses it: `files` (a
 * Python re.search pattern) picks the staged files, then the hook runs
 * `entry` split like a shell line, plus `args`, plus the file names, in the
 * repository root, with the `mtalint` on PATH (language: system).
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { copySamples, referenceBin, repoRoot, runAsync, tempDir, userEnv, type Run } from "./helpers.js";

interface Hook {
  id: string;
  name: string;
  description: string;
  entry: string;
  language: string;
  files: string;
  args?: string[];
  pass_filenames?: boolean;
  require_serial?: boolean;
}

const hooks = parse(readFileSync(join(repoRoot, ".pre-commit-hooks.yaml"), "utf8")) as Hook[];
const hook = hooks.find((h) => h.id === "mtalint")!;
let repo = "";
let bin = "";

beforeAll(() => {
  repo = tempDir("pre-commit");
  copySamples(repo);
  // `mtalint` on PATH, as `npm install -g` of the package leaves it.
  bin = join(tempDir("pre-commit-bin"), "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "mtalint"), `#!/bin/sh\nexec "${process.execPath}" "${referenceBin}" "$@"\n`);
  chmodSync(join(bin, "mtalint"), 0o755);
});

function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesIn(p) : [relative(repo, p)];
  });
}

/** pre-commit's file filter: re.search(files, path) on paths relative to the repository root. */
function selected(paths: string[]): string[] {
  const re = new RegExp(hook.files);
  return paths.filter((p) => re.test(p)).sort();
}

/** What pre-commit runs: shlex.split(entry) + args + file names. */
function runHook(files: string[], overrides: Partial<Hook> = {}): Promise<Run> {
  const h = { ...hook, ...overrides };
  const [command, ...entryArgs] = h.entry.split(/\s+/);
  const args = [...entryArgs, ...(h.args ?? []), ...(h.pass_filenames === false ? [] : files)];
  return runAsync(command!, args, { cwd: repo, env: userEnv({ PATH: `${bin}:${process.env.PATH ?? ""}` }) });
}

describe(".pre-commit-hooks.yaml", () => {
  it("declares the mtalint hook with the keys pre-commit requires", () => {
    expect(hooks.map((h) => h.id)).toEqual(["mtalint"]);
    for (const key of ["id", "name", "entry", "language"] as const) expect(hook[key], key).toBeTruthy();
    expect(hook.language).toBe("system");
    expect(hook.entry).toBe("mtalint lint");
    // The same pattern must mean the same in Python's re and here: plain groups, classes and anchors only.
    expect(hook.files).toMatch(/^[\w()|^$\\./?-]+$/);
  });

  it("files picks every main.cf, master.cf and Exim main configuration in the samples, and nothing else there", () => {
    const all = filesIn(join(repo, "samples"));
    const want = all.filter((p) => ["main.cf", "master.cf", "exim.conf", "exim4.conf", "exim4.conf.template"].includes(p.split("/").pop()!)).sort();
    expect(want.length).toBeGreaterThan(20);
    expect(selected(all)).toEqual(want);
  });

  it.each([
    ["main.cf", true],
    ["etc/postfix/main.cf", true],
    ["postfix/master.cf", true],
    ["exim/exim.conf", true],
    ["etc/exim4/exim4.conf", true],
    ["exim4/exim4.conf.template", true],
    ["etc/postfix/virtual_main.cf", false],
    ["etc/postfix/main.cf.orig", false],
    ["templates/main.cf.j2", false],
    ["docs/main.cf.md", false],
    ["exim4/update-exim4.conf.conf", false],
    ["exim4/conf.d/main/02_exim4-config_options", false],
    ["exim/exim.conf.bak", false],
    // Exim's source build calls it "configure", as autoconf calls its script: too common a name to claim.
    ["configure", false],
    ["src/main.ts", false],
  ])("files on %s: %s", (path, matches) => {
    expect(selected([path])).toEqual(matches ? [path] : []);
  });

  it("on every matched sample file: each is recognised, the broken ones fail the commit", async () => {
    const r = await runHook(selected(filesIn(join(repo, "samples"))));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    for (const id of ["postfix/open-relay", "postfix/missing-permit-sasl-authenticated", "exim/open-relay", "exim/tainted-file-path"]) expect(r.stdout).toContain(id);
  });

  it("fixed configurations pass", async () => {
    const r = await runHook(["samples/postfix/relay-denied-fixed/main.cf", "samples/postfix/relay-denied-fixed/master.cf", "samples/exim/debian-tainted-fixed/exim4.conf.template"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toMatch(/\b(error|warning)\b/);
    expect(r.status).toBe(0);
  });

  it("a commit that touches only master.cf is judged with its main.cf", async () => {
    const r = await runHook(["samples/postfix/open-relay/master.cf"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("samples/postfix/open-relay/main.cf");
    expect(r.stdout).toContain("postfix/open-relay");
  });

  it("a Debian conf.d, with the override docs/ci.md gives (pass_filenames: false, args: [the directory])", async () => {
    const r = await runHook(["samples/exim/debian-conf.d/main/02_options"], { pass_filenames: false, args: ["samples/exim/debian-conf.d"] });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("exim/plaintext-auth");
    expect((await runHook([], { pass_filenames: false, args: ["--fail-on", "warning", "samples/exim/debian-conf.d"] })).status).toBe(1);
  });
});
