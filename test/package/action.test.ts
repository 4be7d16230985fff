/**
 * action.yml as GitHub runs it: a copy of the checkout is the action's
 * directory ($GITHUB_ACTION_PATH), its steps run with the runner's bash and
 * environment, on a workspace holding the samples.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { expressionsOf, loadAction, runAction, stepRuns, type ActionManifest, type ActionRun, type Context } from "./github-actions.js";
import { copyCheckout, copySamples, packageJson, repoRoot, tempDir } from "./helpers.js";

const action: ActionManifest = loadAction(join(repoRoot, "action.yml"));
let actionPath = "";
let workspace = "";

beforeAll(() => {
  const work = tempDir("action");
  actionPath = copyCheckout(join(work, "action"));
  workspace = join(work, "workspace");
  mkdirSync(workspace);
  copySamples(workspace);
});

interface Uploaded {
  sarif_file: string;
  category: string;
}

/** Runs the action with these inputs; `uses` steps are checked and recorded, not run. */
async function lintWith(inputs: Record<string, string>): Promise<ActionRun & { uploads: Uploaded[] }> {
  const uploads: Uploaded[] = [];
  const r = await runAction(action, {
    actionPath,
    workspace,
    inputs,
    // The runner has a cold npm cache; here the cache of `npm ci` serves (same packages).
    env: { npm_config_prefer_offline: "true" },
    uses: (uses, withInputs) => {
      if (uses === "actions/setup-node@v4") {
        expect(withInputs).toEqual({ "node-version": inputs["node-version"] ?? "20" });
        return {};
      }
      if (uses === "github/codeql-action/upload-sarif@v3") {
        expect(Object.keys(withInputs).sort()).toEqual(["category", "sarif_file"]);
        uploads.push(withInputs as unknown as Uploaded);
        return {};
      }
      throw new Error(`action.yml uses ${uses}, which this test does not know`);
    },
  });
  return { ...r, uploads };
}

function stepNamed(r: ActionRun, name: string) {
  const s = r.steps.find((x) => x.step.name === name);
  if (!s) throw new Error(`no step named ${name}`);
  return s;
}

function annotations(r: ActionRun): string[] {
  return r.log.split("\n").filter((l) => /^::(error|warning|notice) file=/.test(l));
}

describe("action.yml", () => {
  it("is a composite action whose steps use only declared inputs, and every input is used", () => {
    expect(action.runs.using).toBe("composite");
    const used = new Set<string>();
    for (const { where, expression } of expressionsOf(action)) {
      for (const m of expression.matchAll(/\binputs\.([A-Za-z0-9_-]+)/g)) {
        expect(action.inputs, `${where} uses inputs.${m[1]}`).toHaveProperty([m[1]!]);
        used.add(m[1]!);
      }
      for (const m of expression.matchAll(/\bsteps\.([A-Za-z0-9_-]+)\./g)) {
        expect(action.runs.steps.map((s) => s.id), `${where} reads step ${m[1]}`).toContain(m[1]);
      }
    }
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description.length, name).toBeGreaterThan(10);
      expect(typeof (input.default ?? ""), `${name}: defaults are strings`).toBe("string");
    }
  });

  it("never pastes an expression into a script: inputs reach run steps through env", () => {
    for (const { where } of expressionsOf(action)) expect(where).not.toMatch(/ run$/);
    for (const step of action.runs.steps) {
      if (step.run !== undefined) expect(step.shell, step.name).toBe("bash");
      if (step.uses !== undefined) expect(step.uses, step.name).toMatch(/^[\w-]+\/[\w/-]+@v\d+$/);
    }
  });

  it("sets up Node.js unless node-version is empty", () => {
    const setup = action.runs.steps.find((s) => s.uses?.startsWith("actions/setup-node@"))!;
    const ctx = (nodeVersion: string): Context => ({ inputs: { "node-version": nodeVersion }, steps: {}, github: {}, runner: {} });
    expect(stepRuns(setup, ctx("20"))).toBe(true);
    expect(stepRuns(setup, ctx(""))).toBe(false);
  });
});

describe("running the action", { timeout: 180_000 }, () => {
  it("findings fail the job, with an annotation on each line (and the first use builds the bundle)", async () => {
    const r = await lintWith({ paths: "samples/postfix/open-relay samples/exim/open-relay" });
    const build = stepNamed(r, "Build mtalint");
    expect(build.result?.status, build.result?.stderr).toBe(0);
    expect(existsSync(join(actionPath, "dist/mtalint.cjs"))).toBe(true);
    expect(build.result?.stdout).toContain(`mtalint ${packageJson.version} on Node.js v`);
    expect(r.log).toContain("+ mtalint lint --format github --fail-on error -- samples/postfix/open-relay samples/exim/open-relay\n");
    const found = annotations(r);
    expect(found).toHaveLength(3);
    expect(found).toContainEqual(expect.stringMatching(/^::error file=samples\/postfix\/open-relay\/main\.cf,line=10,col=28,.*title=postfix\/open-relay::open relay on service smtp/));
    expect(found).toContainEqual(expect.stringMatching(/^::error file=samples\/exim\/open-relay\/exim\.conf,line=26,col=3,.*title=exim\/open-relay::open relay/));
    expect(r.outputs).toEqual({ "exit-code": "1", "sarif-file": "" });
    expect(stepNamed(r, "Upload SARIF").ran).toBe(false);
    expect(stepNamed(r, "Result").result?.status).toBe(1);
    expect(r.status).toBe(1);
  });

  it("clean configurations pass; paths may be given one per line; the bundle is reused", async () => {
    const r = await lintWith({ paths: "samples/postfix/relay-denied-fixed\nsamples/exim/debian-tainted-fixed\n" });
    expect(stepNamed(r, "Build mtalint").result?.stdout).toContain("using the bundle built earlier in this job");
    expect(annotations(r)).toEqual([]);
    expect(r.outputs["exit-code"]).toBe("0");
    expect(stepNamed(r, "Result").result?.stdout).toBe("mtalint: passed\n");
    expect(r.status).toBe(0);
  });

  it("sarif: true writes SARIF, uploads it, and the job still fails on the findings afterwards", async () => {
    const r = await lintWith({ paths: "samples/postfix/open-relay", sarif: "true", "sarif-category": "mail-postfix" });
    expect(r.uploads).toEqual([{ sarif_file: "mtalint.sarif", category: "mail-postfix" }]);
    const sarif = JSON.parse(readFileSync(join(workspace, "mtalint.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].tool.driver.version).toBe(packageJson.version);
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId).sort()).toEqual(["postfix/broad-mynetworks", "postfix/open-relay"]);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "samples/postfix/open-relay/main.cf", uriBaseId: "%SRCROOT%" });
    expect(r.outputs).toEqual({ "exit-code": "1", "sarif-file": "mtalint.sarif" });
    const order = r.steps.filter((s) => s.ran).map((s) => s.step.name);
    expect(order.indexOf("Upload SARIF")).toBeLessThan(order.indexOf("Result"));
    expect(r.status).toBe(1);
  });

  it("fail-on and max-warnings decide whether warnings fail", async () => {
    const warningsOnly = "samples/exim/debian-conf.d";
    expect((await lintWith({ paths: warningsOnly })).status).toBe(0);
    const strict = await lintWith({ paths: warningsOnly, "fail-on": "warning" });
    expect(annotations(strict)).toEqual([expect.stringMatching(/^::warning file=samples\/exim\/debian-conf\.d\/.*title=exim\/plaintext-auth::/)]);
    expect(strict.status).toBe(1);
    expect((await lintWith({ paths: warningsOnly, "max-warnings": "0" })).status).toBe(1);
    expect((await lintWith({ paths: warningsOnly, "max-warnings": "1" })).status).toBe(0);
  });

  it("kind, versions, config and args reach mtalint's command line", async () => {
    writeFileSync(join(workspace, "mtalint.json"), `${JSON.stringify({ rules: { "postfix/broad-mynetworks": "off" } })}\n`);
    const r = await lintWith({
      paths: "samples/postfix/open-relay",
      kind: "postfix",
      "postfix-version": "3.7",
      "from-version": "3.5",
      config: "mtalint.json",
      args: "--rule postfix/open-relay,postfix/broad-mynetworks --report-unused-disables",
    });
    expect(r.log).toContain(
      "+ mtalint lint --format github --fail-on error --kind postfix --config mtalint.json --postfix-version 3.7 --from-version 3.5 --rule postfix/open-relay,postfix/broad-mynetworks --report-unused-disables -- samples/postfix/open-relay\n",
    );
    // The config turned broad-mynetworks off, --rule kept only these two: one finding is left.
    expect(annotations(r).map((a) => /title=([^:]+)::/.exec(a)?.[1])).toEqual(["postfix/open-relay"]);
    expect(r.status).toBe(1);
  });

  it("exim-version judges the configuration for that release (no taint errors before 4.94)", async () => {
    const rules = (r: ActionRun) => new Set(annotations(r).map((a) => /title=([^:]+)::/.exec(a)?.[1]));
    expect(rules(await lintWith({ paths: "samples/exim/debian-tainted" }))).toContain("exim/tainted-file-path");
    const old = await lintWith({ paths: "samples/exim/debian-tainted", "exim-version": "4.93" });
    expect(old.log).toContain("--exim-version 4.93 --");
    expect(rules(old)).not.toContain("exim/tainted-file-path");
  });

  it("format stylish prints the report for people instead of annotations", async () => {
    const r = await lintWith({ paths: "samples/postfix/open-relay", format: "stylish" });
    expect(annotations(r)).toEqual([]);
    expect(r.log).toContain("✖ 2 problems (2 errors, 0 warnings, 0 infos)");
    expect(r.status).toBe(1);
  });

  it("a usage error fails the job with exit 2, mtalint's message and an error annotation", async () => {
    const r = await lintWith({ paths: "samples/postfix/open-relay", "fail-on": "fatal" });
    expect(stepNamed(r, "Lint").result?.stderr).toBe('mtalint: --fail-on must be error, warning or info, not "fatal"\n');
    expect(r.outputs["exit-code"]).toBe("2");
    expect(stepNamed(r, "Result").result?.stdout).toMatch(/^::error title=mtalint::mtalint could not check the configuration \(exit 2\)/);
    expect(r.status).toBe(2);
    expect((await lintWith({ paths: "" })).outputs["exit-code"]).toBe("2");
  });

  it("paths are data, not shell code", async () => {
    const r = await lintWith({ paths: "samples/postfix/open-relay $(touch pwned1) `touch pwned2` ;touch pwned3 *" });
    for (const f of ["pwned1", "pwned2", "pwned3"]) expect(existsSync(join(workspace, f)), f).toBe(false);
    expect(stepNamed(r, "Lint").result?.stderr).toContain("mtalint: $(touch: no such file or directory");
    expect(r.status).toBe(2);
  });
});

describe("examples/github-workflow.yml", () => {
  const workflow = parse(readFileSync(join(repoRoot, "examples/github-workflow.yml"), "utf8")) as {
    permissions?: Record<string, string>;
    jobs: Record<string, { permissions?: Record<string, string>; steps: { uses?: string; with?: Record<string, unknown> }[] }>;
  };
  const uses = Object.values(workflow.jobs).flatMap((job) => job.steps.map((s, i) => ({ job, step: s, i }))).filter((x) => /(^|\/)mtalint@/.test(x.step.uses ?? ""));

  it("uses the action with declared inputs only, after checking out the repository", () => {
    expect(uses.length).toBeGreaterThan(0);
    for (const { job, step, i } of uses) {
      for (const key of Object.keys(step.with ?? {})) expect(action.inputs, `with.${key}`).toHaveProperty([key]);
      for (const [name, input] of Object.entries(action.inputs)) if (input.required) expect(step.with, name).toHaveProperty([name]);
      expect(job.steps.slice(0, i).some((s) => s.uses?.startsWith("actions/checkout@"))).toBe(true);
      if (String(step.with?.sarif) === "true") expect({ ...workflow.permissions, ...job.permissions }["security-events"]).toBe("write");
    }
  });

  it("its inputs work: a broken postfix/ fails, the fixed one passes", async () => {
    const inputs = Object.fromEntries(Object.entries(uses[0]!.step.with ?? {}).map(([k, v]) => [k, String(v)]));
    const paths = inputs.paths!.split(/\s+/).filter(Boolean);
    // Lay the workflow's paths out as a repository of mail configs would.
    const layout = (postfix: string): void => {
      for (const p of paths) {
        const source = p.startsWith("postfix") ? postfix : "samples/exim/debian-tainted-fixed";
        mkdirSync(join(workspace, p), { recursive: true });
        cpSync(join(repoRoot, source), join(workspace, p), { recursive: true, force: true });
      }
    };
    layout("samples/postfix/relay-denied-fixed");
    const good = await lintWith(inputs);
    expect(good.status, good.log).toBe(0);
    layout("samples/postfix/relay-denied");
    const bad = await lintWith(inputs);
    expect(annotations(bad).some((a) => a.includes("title=postfix/missing-permit-sasl-authenticated"))).toBe(true);
    expect(bad.status).toBe(1);
  });
});
