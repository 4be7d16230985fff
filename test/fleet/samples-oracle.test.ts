/**
 * The fleet samples are configurations the real MTAs accept: postconf reads
 * each Postfix one (warning only about the duplicate the sample has on purpose),
 * exim -bV accepts each Exim one.
 * (What mtalint reports on them is pinned in fleet.test.ts and cli.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { lintFleet } from "../../src/fleet/index.js";
import { eximCheck } from "../exim/helpers.js";
import { oracleStatus, postconf } from "../helpers/oracles.js";
import { stageConfigDir } from "../helpers/postfix-dirs.js";
import { sampleFleet } from "./helpers.js";

const configs = lintFleet([sampleFleet]).hosts.flatMap((h) => h.configs.map((c) => ({ host: h.name, ...c })));
const postconfSt = oracleStatus("postconf");
const eximSt = oracleStatus("exim");

describe("the fleet samples against the real MTAs", () => {
  it("covers both kinds", () => {
    expect(configs.map((c) => c.kind).sort()).toEqual(["exim", "exim", "postfix", "postfix", "postfix"]);
  });

  /** What postconf warns about, per host: only the duplicate mtalint reports as postfix/duplicate-parameter. */
  const warnings: Record<string, RegExp | ""> = {
    "postfix-and-exim": /^\S*postconf: warning: \S+\/main\.cf, line 9: overriding earlier entry: mynetworks=127\.0\.0\.0\/8\n$/,
    "postfix-clean": "",
    "postfix-open-relay": "",
  };

  it.skipIf(!postconfSt.available).each(configs.filter((c) => c.kind === "postfix").map((c) => [c.host, c.path]))("postconf -n reads %s", (host, path) => {
    // A copy: postconf needs backdated files, and the samples must keep their timestamps.
    const r = postconf(stageConfigDir(path), ["-n"]);
    const expected = warnings[host];
    if (expected === "") expect(r.stderr).toBe("");
    else expect(r.stderr).toMatch(expected!);
    expect(r.status).toBe(0);
  });

  it.skipIf(!eximSt.available).each(configs.filter((c) => c.kind === "exim").map((c) => [c.host, c.path]))("exim -bV accepts %s", (_host, path) => {
    expect(eximCheck(path)).toEqual({ ok: true, message: "" });
  });
});
