/**
 * Where a host's configurations are found (src/fleet/layout.ts), for the
 * layouts servers really have, and what is refused: links out of the host,
 * FIFOs, broken links, Debian settings update-exim4.conf would stop on.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostLayout } from "../../src/fleet/layout.js";
import { eximPath, oracleEnv, oracleStatus } from "../helpers/oracles.js";
import { runUpdateExim4Conf, tempDir as eximTempDir } from "../exim/helpers.js";
import { CLEAN_MAIN_CF, MINIMAL_EXIM, tempDir, writeFleet } from "./helpers.js";

const CONF_D = {
  "conf.d/main/01_main": MINIMAL_EXIM,
  "conf.d/acl/30_acl": "",
  "conf.d/router/100_router": "",
  "conf.d/transport/30_transport": "",
};
const SPLIT = (value: string) => ({ "update-exim4.conf.conf": `dc_use_split_config='${value}'\n` });

/** Prefix every path of a file map with a directory. */
const under = (dir: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([k, v]) => [`${dir}/${k}`, v]));

function layoutOf(files: Record<string, string>, kind?: "postfix" | "exim") {
  const fleet = writeFleet({ h: files });
  const found = hostLayout({ name: "h", dir: join(fleet, "h") }, kind);
  return { configs: found.configs.map((c) => `${c.kind} ${c.where}`), errors: found.errors.map((e) => e.replaceAll(join(fleet, "h"), "HOST")) };
}

describe("host layouts", () => {
  it.each<[string, Record<string, string>, string[]]>([
    ["a server's file system: etc/postfix", { "etc/postfix/main.cf": CLEAN_MAIN_CF, "etc/postfix/master.cf": "" }, ["postfix etc/postfix"]],
    ["a bare postfix/ directory with only master.cf", { "postfix/master.cf": "" }, ["postfix postfix"]],
    ["main.cf directly in the host directory", { "main.cf": CLEAN_MAIN_CF }, ["postfix ."]],
    ["etc/postfix wins over a stray main.cf at the top", { "etc/postfix/main.cf": CLEAN_MAIN_CF, "main.cf": CLEAN_MAIN_CF }, ["postfix etc/postfix"]],
    ["Debian, unsplit: the template", { "etc/exim4/exim4.conf.template": MINIMAL_EXIM, ...under("etc/exim4", SPLIT("false")) }, ["exim etc/exim4/exim4.conf.template"]],
    ["Debian, split: conf.d", under("etc/exim4", { "exim4.conf.template": MINIMAL_EXIM, ...CONF_D, ...SPLIT("true") }), ["exim etc/exim4/conf.d"]],
    ["Debian, split written in capitals (update-exim4.conf lower-cases it)", under("etc/exim4", { "exim4.conf.template": MINIMAL_EXIM, ...CONF_D, ...SPLIT("TRUE") }), ["exim etc/exim4/conf.d"]],
    ["Debian without update-exim4.conf.conf: the template first", under("etc/exim4", { "exim4.conf.template": MINIMAL_EXIM, ...CONF_D }), ["exim etc/exim4/exim4.conf.template"]],
    ["Debian without update-exim4.conf.conf and without a template: conf.d", under("etc/exim4", CONF_D), ["exim etc/exim4/conf.d"]],
    ["Debian with a hand-written exim4.conf: it wins over both", under("etc/exim4", { "exim4.conf": MINIMAL_EXIM, "exim4.conf.template": MINIMAL_EXIM, ...CONF_D, ...SPLIT("true") }), ["exim etc/exim4/exim4.conf"]],
    ["Red Hat: etc/exim/exim.conf", { "etc/exim/exim.conf": MINIMAL_EXIM }, ["exim etc/exim/exim.conf"]],
    ["cPanel: etc/exim.conf", { "etc/exim.conf": MINIMAL_EXIM, "etc/hosts": "127.0.0.1 localhost\n" }, ["exim etc/exim.conf"]],
    ["FreeBSD: usr/local/etc/exim/configure", { "usr/local/etc/exim/configure": MINIMAL_EXIM }, ["exim usr/local/etc/exim/configure"]],
    ["exim.conf directly in the host directory", { "exim.conf": MINIMAL_EXIM }, ["exim exim.conf"]],
    ["a Gentoo-style etc/conf.d is not Debian's", { "etc/conf.d/hostname": "hostname=mx\n", "etc/exim.conf": MINIMAL_EXIM }, ["exim etc/exim.conf"]],
    ["both MTAs on one host: Postfix first", { "etc/postfix/main.cf": CLEAN_MAIN_CF, "etc/exim4/exim4.conf.template": MINIMAL_EXIM }, ["postfix etc/postfix", "exim etc/exim4/exim4.conf.template"]],
    ["no mail configuration at all", { "etc/hosts": "127.0.0.1 localhost\n" }, []],
  ])("%s", (_name, files, configs) => {
    expect(layoutOf(files)).toEqual({ configs, errors: [] });
  });

  it("--kind limits the search to one MTA", () => {
    const files = { "etc/postfix/main.cf": CLEAN_MAIN_CF, "etc/exim/exim.conf": MINIMAL_EXIM };
    expect(layoutOf(files, "postfix").configs).toEqual(["postfix etc/postfix"]);
    expect(layoutOf(files, "exim").configs).toEqual(["exim etc/exim/exim.conf"]);
  });

  it.each<[string, Record<string, string>, string]>([
    ["split true but no conf.d", under("etc/exim4", { "exim4.conf.template": MINIMAL_EXIM, ...SPLIT("true") }), "HOST/etc/exim4/update-exim4.conf.conf: dc_use_split_config is true, but there is no HOST/etc/exim4/conf.d; update-exim4.conf would stop here"],
    ["split false but no template", under("etc/exim4", { ...CONF_D, ...SPLIT("false") }), "HOST/etc/exim4/update-exim4.conf.conf: dc_use_split_config is not true, but there is no HOST/etc/exim4/exim4.conf.template; update-exim4.conf would stop here"],
    [
      "split neither true nor false for an internet configuration",
      under("etc/exim4", { "exim4.conf.template": MINIMAL_EXIM, "update-exim4.conf.conf": "dc_eximconfig_configtype='internet'\ndc_use_split_config='yes'\n" }),
      'HOST/etc/exim4/update-exim4.conf.conf: dc_use_split_config must be true or false, not "yes"; update-exim4.conf would stop here',
    ],
  ])("Debian settings update-exim4.conf stops on are an error: %s", (_name, files, error) => {
    expect(layoutOf(files)).toEqual({ configs: [], errors: [error] });
  });

  it("split neither true nor false without a configuration type means the template, as update-exim4.conf reads it", () => {
    expect(layoutOf(under("etc/exim4", { "exim4.conf.template": MINIMAL_EXIM, ...CONF_D, ...SPLIT("yes") })).configs).toEqual(["exim etc/exim4/exim4.conf.template"]);
  });
});

describe("nothing outside the host directory is read", () => {
  function hostWithLink(target: string, linkAt: string, files: Record<string, string> = {}) {
    const fleet = writeFleet({ h: files });
    mkdirSync(join(fleet, "h", linkAt, ".."), { recursive: true });
    symlinkSync(target, join(fleet, "h", linkAt));
    return { fleet, found: hostLayout({ name: "h", dir: join(fleet, "h") }) };
  }

  it("etc/postfix linking to the machine's own /etc/postfix is refused, not followed", () => {
    const outside = tempDir();
    writeFileSync(join(outside, "main.cf"), CLEAN_MAIN_CF);
    const { fleet, found } = hostWithLink(outside, "etc/postfix");
    expect(found.configs).toEqual([]);
    expect(found.errors).toEqual([`${join(fleet, "h/etc/postfix")}: leads to ${outside}, outside the host directory; not read`]);
  });

  it("a main.cf linking out of the host is refused", () => {
    const outside = tempDir();
    writeFileSync(join(outside, "main.cf"), CLEAN_MAIN_CF);
    const { fleet, found } = hostWithLink(join(outside, "main.cf"), "etc/postfix/main.cf");
    expect(found.errors).toEqual([`${join(fleet, "h/etc/postfix/main.cf")}: leads to ${join(outside, "main.cf")}, outside the host directory; not read`]);
  });

  it("a conf.d part linking out of the host is refused", () => {
    const outside = tempDir();
    writeFileSync(join(outside, "passwd"), "root:x:0:0::/root:/bin/sh\n");
    const { fleet, found } = hostWithLink(join(outside, "passwd"), "etc/exim4/conf.d/main/02_evil", under("etc/exim4", { ...CONF_D, ...SPLIT("true") }));
    expect(found.configs).toEqual([]);
    expect(found.errors).toEqual([`${join(fleet, "h/etc/exim4/conf.d/main/02_evil")}: leads to ${join(outside, "passwd")}, outside the host directory; not read`]);
  });

  it("a link inside the host is followed", () => {
    const { found } = hostWithLink("postfix-3.7", "etc/postfix", { "etc/postfix-3.7/main.cf": CLEAN_MAIN_CF });
    expect(found).toMatchObject({ configs: [{ kind: "postfix", where: "etc/postfix" }], errors: [] });
  });

  it("a broken link is an error", () => {
    const { fleet, found } = hostWithLink("nowhere", "etc/postfix");
    expect(found.errors).toEqual([`${join(fleet, "h/etc/postfix")}: broken symbolic link`]);
  });

  it("a FIFO named main.cf is refused without blocking on it", () => {
    const fleet = writeFleet({ h: {} });
    mkdirSync(join(fleet, "h/etc/postfix"), { recursive: true });
    expect(spawnSync("mkfifo", [join(fleet, "h/etc/postfix/main.cf")]).status).toBe(0);
    const found = hostLayout({ name: "h", dir: join(fleet, "h") });
    expect(found.errors).toEqual([`${join(fleet, "h/etc/postfix/main.cf")}: not a regular file or directory (a FIFO, socket or device); not read`]);
  });
});

const eximSt = oracleStatus("exim");

describe.skipIf(!eximSt.available)("the Debian choices, as the real exim4 and update-exim4.conf make them", () => {
  it("exim4 reads /etc/exim4/exim4.conf before the generated configuration", () => {
    const r = spawnSync(eximPath, ["-bV"], { env: oracleEnv, encoding: "utf8" });
    expect(`${r.stdout}${r.stderr}`).toContain("/etc/exim4/exim4.conf:/var/lib/exim4/config.autogenerated");
  });

  /** Runs update-exim4.conf on a confdir holding a template and a conf.d that set different hostnames; which one it used. */
  function generatedFrom(settings: string): string {
    const dir = eximTempDir();
    const files = { "exim4.conf.template": "primary_hostname = from-template\n", ...CONF_D, "conf.d/main/01_main": "primary_hostname = from-conf-d\n", "update-exim4.conf.conf": settings };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(dir, rel, ".."), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    const out = join(dir, "out.conf");
    try {
      runUpdateExim4Conf(dir, out);
    } catch (e) {
      return `stopped: ${(e as Error).message}`;
    }
    return spawnSync("cat", [out], { encoding: "utf8" }).stdout.match(/primary_hostname = (\S+)/)?.[1] ?? "";
  }

  it.each<[string, string, string]>([
    ["split true", "dc_use_split_config='true'\n", "exim etc/exim4/conf.d"],
    ["split TRUE", "dc_use_split_config='TRUE'\n", "exim etc/exim4/conf.d"],
    ["split false", "dc_eximconfig_configtype='internet'\ndc_use_split_config='false'\n", "exim etc/exim4/exim4.conf.template"],
    ["split unset", "dc_eximconfig_configtype='local'\n", "exim etc/exim4/exim4.conf.template"],
    ["split yes, no configuration type", "dc_use_split_config='yes'\n", "exim etc/exim4/exim4.conf.template"],
  ])("%s: mtalint lints what update-exim4.conf builds from", (_name, settings, ours) => {
    const used = generatedFrom(settings);
    expect(used).toBe(ours.endsWith("conf.d") ? "from-conf-d" : "from-template");
    const files = under("etc/exim4", { "exim4.conf.template": MINIMAL_EXIM, ...CONF_D, "update-exim4.conf.conf": settings });
    expect(layoutOf(files).configs).toEqual([ours]);
  });

  it("split yes for an internet configuration stops update-exim4.conf, and is an error for mtalint", () => {
    const settings = "dc_eximconfig_configtype='internet'\ndc_use_split_config='yes'\n";
    expect(generatedFrom(settings)).toMatch(/^stopped: [\s\S]*Invalid value for dc_use_split_config: "yes"/);
    const files = under("etc/exim4", { "exim4.conf.template": MINIMAL_EXIM, ...CONF_D, "update-exim4.conf.conf": settings });
    expect(layoutOf(files)).toMatchObject({ configs: [], errors: [expect.stringContaining('dc_use_split_config must be true or false, not "yes"')] });
  });
});
