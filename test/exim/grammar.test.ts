/** The Exim grammar: generated CST typings are current, and the lexer splits lines as Exim reads them. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { eximCstDts } from "../../grammars/exim/cst-dts.js";
import { eximLexer } from "../../grammars/exim.tokens.js";
import { repoRoot } from "./helpers.js";

const dtsPath = join(repoRoot, "grammars/exim/generated/exim.cst.d.ts");

test("grammars/exim/generated/exim.cst.d.ts matches the grammar (UPDATE_CST_DTS=1 rewrites it)", () => {
  const fresh = eximCstDts();
  if (process.env.UPDATE_CST_DTS === "1") writeFileSync(dtsPath, fresh);
  expect(readFileSync(dtsPath, "utf8")).toBe(fresh);
});

describe("tokens of one logical line", () => {
  const cases: [string, string[]][] = [
    ["hide tls_privatekey = /etc/k", ["Hide", "Name", "Equals", "Value"]],
    ["domainlist_cache local_domains = @ : localhost", ["ListKind", "Name", "Equals", "Value"]],
    ["hostlist_extra = x", ["Name", "Equals", "Value"]],
    ["begin acl", ["Begin", "Name"]],
    ["beginning = 1", ["Name", "Equals", "Value"]],
    ["deny !hosts = +relay : ${if eq{a}{b}}", ["Name", "Bang", "Name", "Equals", "Value"]],
    ["warn set acl_m_x = y = z", ["Name", "Name", "Name", "Equals", "Value"]],
    ["*@example.org  *  F,2h,15m", ["Other", "Name", "Other", "Name", "Other", "Name", "Other", "Name", "Other", "Name"]],
    ["acl_check_rcpt:", ["Name", "Colon"]],
  ];
  test.each(cases)("%s", (text, types) => {
    const r = eximLexer.tokenize(text);
    expect(r.errors).toEqual([]);
    expect(r.tokens.map((t) => t.tokenType.name)).toEqual(types);
  });

  test("everything after = is one value token, # included", () => {
    const r = eximLexer.tokenize("smtp_banner = a # b = c");
    expect(r.tokens.at(-1)!.image).toBe("a # b = c");
  });
});
