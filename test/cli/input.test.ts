import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectUsageError, mtalint } from "./run.js";

function dirWith(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "mtalint-input-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const HOST = "myhostname = mx.example.org\n";

// Bytes that are not UTF-8 (Latin-1) and very long lines are read as Postfix and Exim read them: test/robustness/hostile-*.test.ts.
describe("input mtalint cannot read: one line naming the file (and line), exit 2, no stack", () => {
  it.each<[string, string, string | Uint8Array, string]>([
    ["a binary main.cf", "main.cf", Buffer.concat([Buffer.from(HOST), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1])]), ":2: binary file (contains a NUL byte), not a configuration file"],
    ["a binary exim.conf", "exim.conf", Buffer.concat([Buffer.from("primary_hostname = mx\n"), Buffer.from([0, 0, 0])]), ":2: binary file (contains a NUL byte), not a configuration file"],
  ])("%s", (_name, file, content, reason) => {
    const dir = dirWith({ [file]: content });
    expectUsageError(mtalint(["lint", dir]), `${join(dir, file)}${reason}`);
  });

  it("a directory without any configuration", () => {
    const dir = dirWith({ "README.txt": "nothing here\n", "sub/notes.md": "# notes\n" });
    expectUsageError(mtalint(["lint", dir]), `${dir}: found no Postfix or Exim configuration under this directory`);
  });

  it("a file that is neither: asks for --kind", () => {
    const dir = dirWith({ "notes.txt": "shopping list\n" });
    expectUsageError(mtalint(["lint", join(dir, "notes.txt")]), `cannot tell whether ${join(dir, "notes.txt")} is a Postfix or an Exim configuration; pass --kind postfix or --kind exim`);
  });

  it("a broken file among good ones still stops the run with its name", () => {
    const dir = dirWith({ "good/main.cf": HOST, "bad/main.cf": Buffer.from([0x6d, 0x79, 0, 0x0a]) });
    expectUsageError(mtalint(["lint", dir]), `${join(dir, "bad/main.cf")}:1: binary file (contains a NUL byte), not a configuration file`);
  });
});

describe("input that is odd but readable is linted", () => {
  it.each<[string, string]>([
    ["an empty main.cf", ""],
    ["only comments", "# nothing set here\n#\n"],
    ["CRLF line ends", "myhostname = mx.example.org\r\ncompatibility_level = 3.6\r\n"],
    ["a UTF-8 byte order mark", "\ufeffmyhostname = mx.example.org\ncompatibility_level = 3.6\n"],
    ["no final newline", "myhostname = mx.example.org\ncompatibility_level = 3.6"],
  ])("%s → exit 0", (_name, text) => {
    const r = mtalint(["lint", dirWith({ "main.cf": text })]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
