/**
 * Which runs set V8's young generation up for a long run (src/cli/heap.ts):
 * those that may lint many configurations. A run that reads one
 * configuration starts faster without it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lintsManyConfigurations } from "../../src/cli/heap.js";

const root = mkdtempSync(join(tmpdir(), "mtalint-heap-"));
const hosts = join(root, "hosts");
const postfix = join(root, "hosts/mx1");
mkdirSync(postfix, { recursive: true });
writeFileSync(join(postfix, "main.cf"), "myhostname = mx1.example.org\n");
writeFileSync(join(root, "exim.conf"), "primary_hostname = mx.example.org\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("lintsManyConfigurations", () => {
  it.each<[string, string[], boolean]>([
    ["lint of a directory to search", ["lint", hosts], true],
    ["lint of a directory to search, lint unsaid", [hosts], true],
    ["lint of a directory to search, after --debug", ["--debug", "lint", hosts], true],
    ["lint --fleet", ["lint", "--fleet", postfix], true],
    ["lint with options before the directory", ["lint", "--format", "json", hosts], true],
    ["lint of a Postfix configuration directory (one configuration)", ["lint", postfix], false],
    ["lint of a file", ["lint", join(root, "exim.conf")], false],
    ["lint of a path that does not exist", ["lint", join(root, "missing")], false],
    ["another command given a directory", ["print", hosts], false],
    ["explain", ["explain", postfix], false],
    ["no arguments", [], false],
  ])("%s → %s", (_name, argv, many) => {
    expect(lintsManyConfigurations(argv)).toBe(many);
  });
});
