/**
 * The single-file build for mail servers: dist/mtalint.cjs copied alone into
 * an empty directory, with no node_modules there or above, must behave exactly
 * as the normal CLI (same stdout, stderr and exit code) for every command.
 */
import { copyFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  copySamples,
  expectNoNodeModulesAbove,
  newestSourceTime,
  packageJson,
  referenceBin,
  referenceEnv,
  repoRoot,
  inBatches,
  runAsync,
  runOk,
  sampleConfigs,
  samplePairs,
  tempDir,
  type Run,
} from "./helpers.js";

const bundle = join(repoRoot, "dist/mtalint.cjs");
let server = "";

beforeAll(() => {
  const sources = newestSourceTime(["src", "rules", "grammars", "package.json", "package-lock.json", "scripts/bundle.mjs"]);
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < sources) {
    runOk(process.execPath, [join(repoRoot, "scripts/bundle.mjs")], { cwd: repoRoot });
  }
  // A mail server: Node, the one file, and the configurations.
  server = tempDir("server");
  expectNoNodeModulesAbove(server);
  copyFileSync(bundle, join(server, "mtalint.cjs"));
  copySamples(server);
}, 120_000);

function single(args: string[]): Promise<Run> {
  return runAsync(process.execPath, ["mtalint.cjs", ...args], { cwd: server });
}

function reference(args: string[]): Promise<Run> {
  return runAsync(process.execPath, [referenceBin, ...args], { cwd: server, env: referenceEnv() });
}

/** Runs each command line with the bundle and with the normal CLI; all three outputs must match. Returns the bundle's runs. */
async function expectSame(cases: string[][]): Promise<Run[]> {
  const runs = await inBatches(cases.map((args) => async () => ({ args, got: await single(args), want: await reference(args) })));
  for (const { args, got, want } of runs) expect(got, `node mtalint.cjs ${args.join(" ")}`).toEqual(want);
  return runs.map((r) => r.got);
}

describe("node mtalint.cjs, alone on a server", { timeout: 180_000 }, () => {
  it("prints package.json's version", async () => {
    expect(await single(["--version"])).toEqual({ status: 0, stdout: `${packageJson.version}\n`, stderr: "" });
  });

  it("lint: every sample, the default command form, and every report format over the whole tree", async () => {
    const samples = sampleConfigs();
    const perSample = await expectSame(samples.map((s) => ["lint", "--no-color", s]));
    expect(new Set(perSample.map((r) => r.status))).toEqual(new Set([0, 1]));
    // `node mtalint.cjs /etc/postfix`: lint is the default command.
    const [defaultForm] = await expectSame([["samples/postfix/open-relay"]]);
    expect(defaultForm!.status).toBe(1);
    const formats = ["stylish", "json", "sarif", "github"];
    const whole = await expectSame(formats.map((f) => ["lint", "--format", f, "--fail-on", "warning", "samples"]));
    for (const r of whole) {
      expect(r.status).toBe(1);
      expect(r.stdout.length).toBeGreaterThan(1000);
    }
  });

  it("relay: every Reproduce command the findings suggest", async () => {
    const report = JSON.parse((await single(["lint", "--format", "json", "samples"])).stdout) as { files: { findings: { message: string }[] }[] };
    const commands = [
      ...new Set(report.files.flatMap((f) => f.findings.map((x) => /Reproduce: mtalint (relay .*)$/.exec(x.message)?.[1]).filter((c): c is string => c !== undefined))),
    ];
    expect(commands.length).toBeGreaterThan(2);
    const runs = await expectSame([
      ...commands.map((c) => c.split(" ")),
      ["relay", "samples/exim/debian-conf.d", "--client", "203.0.113.7", "--to", "user@remote.example", "--sasl", "alice", "--format", "json"],
    ]);
    for (const r of runs.slice(0, commands.length)) {
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^(ACCEPT|REJECT|DEFER|FATAL|UNKNOWN)\b/);
    }
  });

  it("print: every sample; expansion, services and names for Postfix; options for Exim", async () => {
    const cases = sampleConfigs().flatMap((s) =>
      s.startsWith("samples/postfix/")
        ? [["print", s], ["print", "--expand", "--services", s], ["print", s, "mynetworks", "smtpd_relay_restrictions", "no_such_parameter"]]
        : [["print", s], ["print", s, "acl_smtp_rcpt", "primary_hostname"]],
    );
    for (const r of await expectSame(cases)) expect(r.stdout.length).toBeGreaterThan(0);
  });

  it("diff: every sample pair as text with the file diff and as JSON, and --regressions-only", async () => {
    const pairs = samplePairs();
    const cases = pairs.flatMap((p) => [
      ["diff", "--text", `${p}/before`, `${p}/after`],
      ["diff", "--format", "json", `${p}/before`, `${p}/after`],
      ["diff", "--regressions-only", "--format", "markdown", `${p}/before`, `${p}/after`],
    ]);
    const runs = await expectSame(cases);
    const regression = pairs.indexOf("samples/diff/postfix-panel-rewrite");
    expect(runs[regression * 3 + 2]!.status).toBe(1);
    expect(runs[pairs.indexOf("samples/diff/postfix-reformat") * 3 + 2]!.status).toBe(0);
  });

  it("rules: the list, the JSON list and rule pages", async () => {
    const [, json] = await expectSame([["rules"], ["rules", "--format", "json"]]);
    const ids = (JSON.parse(json!.stdout) as { id: string }[]).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(10);
    const sample = [ids.find((id) => id.startsWith("postfix/"))!, ids.find((id) => id.startsWith("exim/"))!, ids[ids.length - 1]!];
    await expectSame(sample.map((id) => ["rules", id]));
  });

  it("help, completion and usage errors", async () => {
    const commands = ["lint", "print", "relay", "rules", "diff", "completion"];
    await expectSame([["--help"], ...commands.map((c) => [c, "--help"]), ["completion", "bash"], ["completion", "fish"]]);
    const errors = await expectSame([["lint", "samples/no-such-dir"], ["lint", "--format", "xml", "samples"], ["relay", "samples/postfix/open-relay"]]);
    for (const r of errors) expect(r.status).toBe(2);
  });
});
