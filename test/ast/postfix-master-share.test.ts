/**
 * A master.cf text parsed once is copied for the next file with the same
 * text (fleets repeat the packaged master.cf). The copy must be exactly what
 * a parse of that file gives: every range names the new file, the AST's
 * source is the new file, diagnostics included, and nothing is shared with
 * the first file's result that a caller could change.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMasterCf } from "../../src/ast/postfix-master.js";
import { SourceFile } from "../../src/ast/range.js";
import { postfixDirsUnder, repoRoot } from "../helpers/postfix-dirs.js";

const corpus = join(repoRoot, "../shared/corpus/postfix");
const texts: [string, string][] = [
  ...postfixDirsUnder(join(repoRoot, "samples")),
  ...(existsSync(corpus) ? postfixDirsUnder(corpus) : []),
]
  .filter((d) => existsSync(join(d, "master.cf")))
  .map((d) => [d.slice(repoRoot.length + 1), readFileSync(join(d, "master.cf"), "utf8")] as [string, string]);

const ERRORS = [
  "smtp inet n - y - - smtpd\n  -o\n",
  "smtp inet n - y - - smtpd\n  -o not-name-value\n",
  "smtp inet x - y - - smtpd\n",
  "smtp inet n - y\n",
  "smtp inet n - y - - smtpd\n  -o { smtpd_tls_security_level = encrypt }\n  -omyhostname=a -vo x=y\n",
];

/** What a caller can observe: the result as JSON with the file's path written as a placeholder. */
function observed(result: ReturnType<typeof parseMasterCf>, path: string): string {
  return JSON.stringify(result, (k, v) => (k === "source" ? `<source ${(v as SourceFile).path}>` : v)).replaceAll(JSON.stringify(path).slice(1, -1), "<path>");
}

describe("a master.cf text seen before is copied for the new file", () => {
  it.each<[string, string]>([...texts, ...ERRORS.map((t, i) => [`error case ${i + 1}`, t] as [string, string])])("%s", (_name, text) => {
    const first = parseMasterCf(new SourceFile(`/hosts/a/${_name}/master.cf`, text));
    const second = parseMasterCf(new SourceFile(`/hosts/b/${_name}/master.cf`, text));
    expect(second.ast.source.path).toBe(`/hosts/b/${_name}/master.cf`);
    expect(observed(second, `/hosts/b/${_name}/master.cf`)).toBe(observed(first, `/hosts/a/${_name}/master.cf`));
    const ranges = JSON.stringify(second).match(/"file":"[^"]*"/g) ?? [];
    expect(ranges.length).toBeGreaterThan(0);
    expect(new Set(ranges)).toEqual(new Set([`"file":"/hosts/b/${_name}/master.cf"`]));
    // Changing the copy leaves the first result (and the next copy) alone.
    if (second.ast.services[0]) second.ast.services[0].name = "changed";
    second.diagnostics.length = 0;
    second.ast.comments.length = 0;
    const third = parseMasterCf(new SourceFile(`/hosts/c/${_name}/master.cf`, text));
    expect(observed(third, `/hosts/c/${_name}/master.cf`)).toBe(observed(first, `/hosts/a/${_name}/master.cf`));
  });

  it("a file with a byte order mark is parsed on its own (its first service is named with the mark)", () => {
    const text = "smtp inet n - y - - smtpd\n";
    parseMasterCf(new SourceFile("/hosts/a/master.cf", text));
    const marked = parseMasterCf(new SourceFile("/hosts/b/master.cf", text, { bom: true }));
    expect(marked.ast.services[0]!.name).toBe("\uFEFFsmtp");
    expect(parseMasterCf(new SourceFile("/hosts/c/master.cf", text)).ast.services[0]!.name).toBe("smtp");
  });
});
