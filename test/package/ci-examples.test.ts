/**
 * The CI recipes of docs/ci.md run as written: examples/pre-deploy.sh on
 * every sample pair, the GitLab job's commands on a laid-out repository, and
 * docs/ci.md shows exactly the tested example files.
 */
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { inBatches, referenceBin, repoRoot, runAsync, samplePairs, tempDir, userEnv, type Run } from "./helpers.js";

const preDeploy = join(repoRoot, "examples/pre-deploy.sh");
const ciDoc = readFileSync(join(repoRoot, "docs/ci.md"), "utf8");
let bin = "";

beforeAll(() => {
  // `mtalint` on PATH, as an installed package leaves it.
  bin = join(tempDir("ci-bin"), "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "mtalint"), `#!/bin/sh\nexec "${process.execPath}" "${referenceBin}" "$@"\n`);
  chmodSync(join(bin, "mtalint"), 0o755);
});

function withMtalint(extra: Record<string, string> = {}): Record<string, string> {
  return userEnv({ PATH: `${bin}:${process.env.PATH ?? ""}`, ...extra });
}

function gate(args: string[], extra: Record<string, string> = {}): Promise<Run> {
  return runAsync("sh", [preDeploy, ...args], { cwd: repoRoot, env: withMtalint(extra) });
}

describe("docs/ci.md", () => {
  it.each([
    ["examples/github-workflow.yml", "yaml"],
    ["examples/gitlab-ci.yml", "yaml"],
    ["examples/pre-deploy.sh", "sh"],
  ])("shows %s exactly as tested", (file, lang) => {
    expect(ciDoc).toContain(`\`\`\`${lang}\n${readFileSync(join(repoRoot, file), "utf8")}\`\`\``);
  });

  it("the plain-shell recipe runs the same commands as the GitLab job", () => {
    const job = (parse(readFileSync(join(repoRoot, "examples/gitlab-ci.yml"), "utf8")) as Record<string, { script: string[] }>).mtalint!;
    const block = /## Any CI \(plain shell\)\n\n```sh\n([\s\S]*?)```/.exec(ciDoc)?.[1] ?? "";
    const lines = block.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(lines.slice(1)).toEqual(job.script.slice(1).map((l) => l.replace(/"\$MTALINT_HOME([^"]*)"/g, "/opt/mtalint$1")));
  });
});

describe("examples/pre-deploy.sh", () => {
  /** What the gate must say for each pair of samples/diff: deploy (0) or not (1). */
  const EXPECTED: Record<string, 0 | 1> = {
    "samples/diff/exim-taint-upgrade": 1, // lint: a new tainted file path
    "samples/diff/exim-test-live": 0,
    "samples/diff/postfix-compat-upgrade": 0,
    "samples/diff/postfix-panel-rewrite": 1, // regression: users who log in are refused
    "samples/diff/postfix-reformat": 0,
    "samples/diff/postfix-test-live": 0,
  };

  it("every sample pair has an expected verdict", () => {
    expect(samplePairs()).toEqual(Object.keys(EXPECTED));
  });

  it("fails the regression and the lint errors, passes the rest", async () => {
    const pairs = samplePairs();
    const runs = await inBatches(pairs.map((p) => () => gate([`${p}/before`, `${p}/after`])));
    pairs.forEach((pair, i) => {
      const r = runs[i]!;
      expect(r.status, `${pair}\n${r.stdout}\n${r.stderr}`).toBe(EXPECTED[pair]);
      expect(r.stdout).toContain(`== mtalint diff: what deploying ${pair}/after changes on top of ${pair}/before`);
      expect(r.stdout).toContain(`== mtalint lint: ${pair}/after`);
      if (EXPECTED[pair] === 0) expect(r.stdout).toContain(`pre-deploy: no regression, no lint findings: OK to deploy ${pair}/after`);
    });
    const panel = runs[pairs.indexOf("samples/diff/postfix-panel-rewrite")]!;
    expect(panel.stderr).toContain("pre-deploy: REGRESSION: samples/diff/postfix-panel-rewrite/after opens a relay, refuses users who log in, or would not start");
    expect(panel.stdout).toContain("postfix/missing-permit-sasl-authenticated");
    const taint = runs[pairs.indexOf("samples/diff/exim-taint-upgrade")]!;
    expect(taint.stderr).not.toContain("REGRESSION");
    expect(taint.stderr).toContain("pre-deploy: samples/diff/exim-taint-upgrade/after has lint findings at or above --fail-on; not deploying");
  });

  it("MTALINT_LINT_ARGS and MTALINT_DIFF_ARGS reach mtalint", async () => {
    const taint = "samples/diff/exim-taint-upgrade";
    // Judged for Exim 4.93, before the taint checks, the upgrade's config has only a warning left.
    expect((await gate([`${taint}/before`, `${taint}/after`], { MTALINT_LINT_ARGS: "--exim-version 4.93" })).status).toBe(0);
    expect((await gate([`${taint}/before`, `${taint}/after`], { MTALINT_LINT_ARGS: "--exim-version 4.93 --fail-on warning" })).status).toBe(1);
    const live = "samples/diff/postfix-test-live";
    const r = await gate([`${live}/before`, `${live}/after`], { MTALINT_DIFF_ARGS: "--ignore-host-specific" });
    expect(r.stdout).toContain("✔ no semantic difference");
    expect(r.status).toBe(0);
  });

  it("MTALINT runs another mtalint, e.g. the single-file build", async () => {
    const pair = "samples/diff/postfix-panel-rewrite";
    const env = { PATH: "/usr/bin:/bin", MTALINT: `${process.execPath} ${referenceBin}` };
    const r = await runAsync("sh", [preDeploy, `${pair}/before`, `${pair}/after`], { cwd: repoRoot, env: userEnv(env) });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("REGRESSION");
  });

  it("usage and input errors exit 2: nothing was judged", async () => {
    const usage = await gate(["samples/diff/postfix-reformat/before"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^usage: .*pre-deploy\.sh LIVE NEW\n$/);
    const missing = await gate(["samples/diff/postfix-reformat/before", "samples/diff/no-such-config"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("mtalint: samples/diff/no-such-config: no such file or directory");
    expect(missing.stderr).toContain("pre-deploy: mtalint could not check the configuration");
  });
});

describe("examples/gitlab-ci.yml", () => {
  const job = (parse(readFileSync(join(repoRoot, "examples/gitlab-ci.yml"), "utf8")) as Record<string, { image: string; variables: Record<string, string>; script: string[] }>).mtalint!;

  it("gets mtalint from its repository at a release, on Node.js 20 or later", () => {
    expect(Number(/^node:(\d+)/.exec(job.image)?.[1])).toBeGreaterThanOrEqual(20);
    expect(job.script[0]).toBe('git clone --quiet --depth 1 --branch "$MTALINT_REF" "$MTALINT_REPO" "$MTALINT_HOME"');
    expect(job.script.slice(1, 3)).toEqual(['npm --prefix "$MTALINT_HOME" ci --no-audit --no-fund --loglevel=error', 'npm --prefix "$MTALINT_HOME" run build']);
    expect(Object.keys(job.variables).sort()).toEqual(["MTALINT_HOME", "MTALINT_REF", "MTALINT_REPO"]);
  });

  it("its lint command passes clean configurations and fails broken ones", async () => {
    // The clone, `npm ci` and build give what the checkout here already has (global-setup builds it).
    const commands = job.script.slice(3).join("\n");
    const project = tempDir("gitlab");
    const layout = async (postfix: string, exim: string): Promise<Run> => {
      for (const d of readdirSync(project)) rmSync(join(project, d), { recursive: true });
      cpSync(join(repoRoot, postfix), join(project, "postfix"), { recursive: true });
      cpSync(join(repoRoot, exim), join(project, "exim4"), { recursive: true });
      // GitLab runs the script lines in one bash with errexit and pipefail.
      return runAsync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", commands], {
        cwd: project,
        env: userEnv({ ...job.variables, MTALINT_HOME: repoRoot, CI: "true", GITLAB_CI: "true", CI_PROJECT_DIR: project }),
      });
    };
    const good = await layout("samples/postfix/relay-denied-fixed", "samples/exim/debian-tainted-fixed");
    expect(good.status, good.stdout + good.stderr).toBe(0);
    const bad = await layout("samples/postfix/relay-denied-fixed", "samples/exim/debian-tainted");
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("exim4/exim4.conf.template");
    expect(bad.stdout).toContain("exim/tainted-file-path");
  });
});
