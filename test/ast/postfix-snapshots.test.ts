/**
 * AST snapshots of the Postfix samples: every parameter, list element,
 * master.cf field and -o override with its line:column range. A change in
 * parsing shows up as a reviewable diff in test/ast/snapshots/.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMainCf } from "../../src/ast/postfix-main.js";
import { parseMasterCf } from "../../src/ast/postfix-master.js";
import type { Range, SourceFile } from "../../src/ast/range.js";
import { readConfigFile } from "../../src/io/read-config.js";
import { postfixDirsUnder, repoRoot } from "../helpers/postfix-dirs.js";

function at(src: SourceFile, r: Range): string {
  const lc = src.lineColumn(r);
  return `${lc.line}:${lc.column}-${lc.endLine}:${lc.endColumn}`;
}

function dump(dir: string): string {
  const out: string[] = [];
  try {
    const src = readConfigFile(join(dir, "main.cf"));
    const { ast, diagnostics } = parseMainCf(src);
    out.push("# main.cf");
    for (const p of ast.parameters) {
      out.push(`${at(src, p.range)} ${p.name} [name ${at(src, p.nameRange)}] = ${JSON.stringify(p.value)} [value ${at(src, p.valueRange)}]`);
      for (const e of p.elements) out.push(`  ${at(src, e.range)} ${JSON.stringify(e.text)}${e.braced ? " braced" : ""}`);
    }
    for (const d of diagnostics) out.push(`! ${at(src, d.range)} ${d.severity} ${d.detail ?? ""}`);
  } catch {
    out.push("# no main.cf");
  }
  try {
    const src = readConfigFile(join(dir, "master.cf"));
    const { ast, diagnostics } = parseMasterCf(src);
    out.push("# master.cf");
    for (const s of ast.services) {
      out.push(`${at(src, s.range)} ${s.name}/${s.serviceType} ${[s.private, s.unpriv, s.chroot, s.wakeup, s.maxproc].map((f) => f.text).join(" ")} ${s.command.text} [${s.args.map((a) => a.text).join(" | ")}]`);
      for (const o of s.overrides) out.push(`  -o ${at(src, o.range)} ${o.name} [${at(src, o.nameRange)}] = ${JSON.stringify(o.value)} [${at(src, o.valueRange)}]`);
    }
    for (const d of diagnostics) out.push(`! ${at(src, d.range)} ${d.severity} ${d.detail ?? ""}`);
  } catch {
    out.push("# no master.cf");
  }
  return `${out.join("\n")}\n`;
}

const dirs = [...postfixDirsUnder(join(repoRoot, "samples/postfix")), ...postfixDirsUnder(join(repoRoot, "test/fixtures/postfix"))];

describe("Postfix AST snapshots", () => {
  for (const dir of dirs) {
    const name = `${dir.includes("/samples/") ? "sample" : "fixture"}-${dir.split("/").pop()}`;
    it(name, async () => {
      await expect(dump(dir)).toMatchFileSnapshot(join(import.meta.dirname, "snapshots", `${name}.txt`));
    });
  }
});
