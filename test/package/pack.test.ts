/**
 * The npm package as a user gets it: `npm pack` in a fresh copy of the
 * checkout (its prepack script builds with tsc), then `npm install --omit=dev`
 * of the tarball into an empty project, then the installed `mtalint` bin.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  copyCheckout,
  expectNoNodeModulesAbove,
  packageJson,
  referenceEnv,
  repoRoot,
  inBatches,
  runAsync,
  runAsyncOk,
  runOk,
  sampleConfigs,
  tempDir,
  userEnv,
  type Run,
} from "./helpers.js";

const SETUP_TIMEOUT = 240_000;

let checkout = "";
let tarball = "";
let entries: string[] = [];
let app = "";
let installedBin = "";
/** Where the installed CLI keeps V8's code cache during the test (src/cli/code-cache.ts). */
let cacheDir = "";

/** npm's own flags for a quiet, cache-first install; the registry is still used for what the cache lacks. */
const NPM_ENV = userEnv({ npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" });

beforeAll(async () => {
  const work = tempDir("pack");
  checkout = copyCheckout(join(work, "checkout"));
  // A user runs `npm ci` first; the repository's node_modules is that install.
  runOk("ln", ["-s", join(repoRoot, "node_modules"), join(checkout, "node_modules")], { cwd: work });
  const out = join(work, "out");
  mkdirSync(out);
  await runAsyncOk("npm", ["pack", "--pack-destination", out], { cwd: checkout, env: NPM_ENV, timeout: SETUP_TIMEOUT });
  const tgz = readdirSync(out).filter((f) => f.endsWith(".tgz"));
  expect(tgz).toEqual([`mtalint-${packageJson.version}.tgz`]);
  tarball = join(out, tgz[0]!);
  entries = runOk("tar", ["-tzf", tarball], { cwd: work }).stdout.split("\n").filter(Boolean);

  app = join(work, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "mail-config-checks", private: true }, null, 2)}\n`);
  expectNoNodeModulesAbove(app);
  await runAsyncOk("npm", ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: app, env: NPM_ENV, timeout: SETUP_TIMEOUT });
  installedBin = join(app, "node_modules/.bin/mtalint");
  cacheDir = join(work, "cache");
}, SETUP_TIMEOUT);

/** The bin as npm linked it (its shebang line starts Node); `moduleTree` skips the bundled fast path. */
function installed(args: string[], moduleTree = false): Promise<Run> {
  const env = userEnv({ MTALINT_CACHE_DIR: cacheDir, ...(moduleTree ? { MTALINT_NO_BUNDLE: "1" } : {}) });
  return runAsync(installedBin, args, { cwd: repoRoot, env });
}

/** The CLI that prepack compiled in the copy of the checkout, run as the module tree. */
function reference(args: string[]): Promise<Run> {
  return runAsync(process.execPath, [join(checkout, "dist/src/cli/bin.js"), ...args], { cwd: repoRoot, env: referenceEnv() });
}

/** Each command line run by the installed package (bundled and module tree) and by the checkout's CLI; all must agree. */
async function expectSame(cases: string[][]): Promise<Run[]> {
  const runs = await inBatches(
    cases.map((args) => async () => ({ args, want: await reference(args), got: await installed(args), tree: await installed(args, true) })),
  );
  for (const { args, want, got, tree } of runs) {
    expect(got, args.join(" ")).toEqual(want);
    // The compiled module tree, without the bundle, needs no development dependency either.
    expect(tree, `${args.join(" ")} (module tree)`).toEqual(want);
  }
  return runs.map((r) => r.got);
}

describe("npm pack", () => {
  it("packs the compiled CLI, rules, grammars and the JSON facts they import", () => {
    const files = new Set(entries.map((e) => e.replace(/^package\//, "")));
    expect(files).toContain("package.json");
    expect(files).toContain(packageJson.bin.mtalint!);
    // main.ts reads the version from package.json with a JSON import; tsc emits that file as dist/package.json.
    expect(files).toContain("dist/package.json");
    const dataDir = join(repoRoot, "src/model/data");
    const data = readdirSync(dataDir).filter((f) => f.endsWith(".json"));
    expect(data.length).toBeGreaterThan(0);
    for (const f of data) expect(files).toContain(`dist/src/model/data/${f}`);
    expect([...files].some((f) => f.startsWith("dist/rules/postfix/") && f.endsWith(".js"))).toBe(true);
    expect([...files].some((f) => f.startsWith("dist/grammars/") && f.endsWith(".js"))).toBe(true);
  });

  it("ships the single-file build and its launcher, the npm bin (scripts/bundle.mjs)", () => {
    expect(entries).toContain("package/dist/mtalint.cjs");
    expect(entries).toContain("package/dist/mtalint-launcher.cjs");
    expect(packageJson.bin.mtalint).toBe("dist/mtalint-launcher.cjs");
  });

  it("leaves out tests, samples, TypeScript sources and source maps", () => {
    const offending = entries
      .map((e) => e.replace(/^package\//, ""))
      .filter((f) => /^(test|samples|src|rules|grammars|scripts|node_modules|docs|examples)\//.test(f) || f.endsWith(".map") || (f.endsWith(".ts") && !f.endsWith(".d.ts")));
    expect(offending).toEqual([]);
  });
});

describe("the installed package", { timeout: 180_000 }, () => {
  it("installed no development dependency", () => {
    const present = readdirSync(join(app, "node_modules")).flatMap((name) =>
      name.startsWith("@") ? readdirSync(join(app, "node_modules", name)).map((sub) => `${name}/${sub}`) : [name],
    );
    for (const dev of Object.keys(packageJson.devDependencies)) expect(present, `${dev} was installed`).not.toContain(dev);
    for (const dep of Object.keys(packageJson.dependencies)) expect(present, `${dep} is missing`).toContain(dep);
    expect(present).toContain("mtalint");
  });

  it("--version prints package.json's version", async () => {
    expect(await installed(["--version"])).toEqual({ status: 0, stdout: `${packageJson.version}\n`, stderr: "" });
  });

  it("lints every sample with the same report and exit code as the CLI built in the checkout", async () => {
    const samples = sampleConfigs();
    const runs = await expectSame(samples.map((s) => ["lint", "--no-color", s]));
    const codes = Object.fromEntries(samples.map((s, i) => [s, runs[i]!.status]));
    // The samples broken on purpose fail; their fixed versions pass.
    expect(codes["samples/postfix/open-relay"]).toBe(1);
    expect(codes["samples/postfix/relay-denied"]).toBe(1);
    expect(codes["samples/postfix/relay-denied-fixed"]).toBe(0);
    expect(codes["samples/exim/debian-tainted"]).toBe(1);
    expect(codes["samples/exim/debian-tainted-fixed"]).toBe(0);
  });

  it("the open-relay sample is reported as such, as GitHub annotations too", async () => {
    const [r] = await expectSame([["lint", "--format", "github", "samples/postfix/open-relay"]]);
    expect(r!.status).toBe(1);
    expect(r!.stdout).toMatch(/^::error file=samples\/postfix\/open-relay\/main\.cf,line=10,.*title=postfix\/open-relay::open relay on service smtp/m);
  });

  it("runs the other commands: relay, print, diff, rules", async () => {
    const [relay, print, printExim, diff, rules] = await expectSame([
      ["relay", "samples/postfix/open-relay", "--client", "203.0.113.7", "--to", "user@remote.example"],
      ["print", "samples/postfix/submission-sasl"],
      ["print", "samples/exim/debian-template", "acl_smtp_rcpt"],
      ["diff", "samples/diff/postfix-panel-rewrite/before", "samples/diff/postfix-panel-rewrite/after", "--regressions-only"],
      ["rules", "postfix/open-relay"],
    ]);
    expect(relay!.stdout).toMatch(/^ACCEPT/);
    expect(print!.stdout).toMatch(/^smtpd_relay_restrictions = /m);
    expect(printExim!.stdout).toMatch(/^acl_smtp_rcpt = /);
    expect(diff!.status).toBe(1);
    expect(rules!.stdout).toContain("postfix/open-relay");
  });

  it("a usage error is one line and exit 2, as in the checkout", async () => {
    const [r] = await expectSame([["lint", "samples/no-such-dir"]]);
    expect(r).toEqual({ status: 2, stdout: "", stderr: "mtalint: samples/no-such-dir: no such file or directory\n" });
  });

  it("the package's bin is compiled JavaScript that Node starts through its shebang", () => {
    const bin = readFileSync(join(app, "node_modules/mtalint", packageJson.bin.mtalint!), "utf8");
    expect(bin.startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(existsSync(join(app, "node_modules/mtalint/dist/src/cli/main.js"))).toBe(true);
  });
});
