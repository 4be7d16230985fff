/**
 * Reading configuration files: whole files of every size in as few reads as
 * the file allows, files whose size the kernel does not report, and what a
 * directory listing may stand in for. A path the caller listed as a regular
 * file is not stat'ed before it is opened, so what is there when it is opened
 * (a FIFO, a directory, nothing: the file was swapped after the listing) must
 * still be refused through the descriptor, without blocking, with the message
 * the stat would have given. The directory search passes its listing to the
 * Postfix loader: a host found by the search must read exactly as the same
 * directory given directly.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readRegularFile } from "../../src/io/read-config.js";
import { lintProject, type LintResult } from "../../src/lint.js";

const root = mkdtempSync(join(tmpdir(), "mtalint-read-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = join(root, `d${n++}`);
  mkdirSync(d);
  return d;
};

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}

describe("readRegularFile", () => {
  for (const size of [0, 1, 100, 65_535, 65_536, 65_537, 200_000]) {
    it(`reads a file of ${size} bytes whole, stat'ed or listed`, () => {
      const path = join(fresh(), "main.cf");
      const bytes = Buffer.alloc(size, "x");
      for (let i = 0; i < size; i += 97) bytes[i] = 10;
      writeFileSync(path, bytes);
      expect(readRegularFile(path).equals(bytes)).toBe(true);
      expect(readRegularFile(path, undefined, false, { listedAsRegularFile: true }).equals(bytes)).toBe(true);
    });
  }

  it("reads a file whose stat size is 0 (/proc) to its end", () => {
    const text = readRegularFile("/proc/self/status").toString("latin1");
    expect(text).toMatch(/^Name:/);
    expect(text).toMatch(/\nPid:\s+\d+\n/);
    expect(text.endsWith("\n")).toBe(true);
  });

  const swapped: [string, (path: string) => void, string][] = [
    ["a FIFO (never blocks)", (p) => execFileSync("mkfifo", [p]), "is a FIFO (named pipe), not a regular file; mtalint does not read it"],
    ["a directory", (p) => mkdirSync(p), "is a directory, expected a file"],
    ["nothing", () => undefined, "no such file or directory"],
    ["a link to /dev/null", (p) => symlinkSync("/dev/null", p), "is a character device, not a regular file; mtalint does not read it"],
  ];
  for (const [what, make, reason] of swapped) {
    it(`refuses ${what} where the listing showed a file, as the stat would`, () => {
      const path = join(fresh(), "main.cf");
      make(path);
      expect(errorOf(() => readRegularFile(path, undefined, false, { listedAsRegularFile: true }))).toBe(`${path}: ${reason}`);
      expect(errorOf(() => readRegularFile(path))).toBe(`${path}: ${reason}`);
    });
  }

  it("refuses a listed file over the limit with the size, as the stat would", () => {
    const path = join(fresh(), "main.cf");
    writeFileSync(path, "x".repeat(100));
    const listed = errorOf(() => readRegularFile(path, 10, false, { listedAsRegularFile: true }));
    expect(listed).toMatch(/file is too large \(100 bytes;/);
    expect(listed).toBe(errorOf(() => readRegularFile(path, 10)));
  });
});

describe("a Postfix directory found by the search reads as the same directory given directly", () => {
  const MAIN = "myhostname = mx.example.org\nmynetworks = 127.0.0.0/8 [::1]/128\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n";
  const MASTER = "smtp      inet  n       -       y       -       -       smtpd\n";
  const cases: [string, (host: string, outside: string) => void][] = [
    ["two regular files", (h) => (writeFileSync(join(h, "main.cf"), MAIN), writeFileSync(join(h, "master.cf"), MASTER))],
    ["main.cf only", (h) => writeFileSync(join(h, "main.cf"), MAIN)],
    ["master.cf only", (h) => writeFileSync(join(h, "master.cf"), MASTER)],
    ["main.cf a link to a file beside it", (h) => (writeFileSync(join(h, "real.cf"), MAIN), symlinkSync("real.cf", join(h, "main.cf")))],
    ["main.cf a dangling link, master.cf a file", (h) => (symlinkSync("gone.cf", join(h, "main.cf")), writeFileSync(join(h, "master.cf"), MASTER))],
    ["main.cf a directory", (h) => (mkdirSync(join(h, "main.cf")), writeFileSync(join(h, "master.cf"), MASTER))],
    ["master.cf a FIFO", (h) => (writeFileSync(join(h, "main.cf"), MAIN), execFileSync("mkfifo", [join(h, "master.cf")]))],
    ["main.cf a link to /dev/zero", (h) => symlinkSync("/dev/zero", join(h, "main.cf"))],
  ];
  for (const [what, make] of cases) {
    it(what, () => {
      const parent = fresh();
      const host = join(parent, "mx1");
      mkdirSync(host);
      make(host, root);
      const outcome = (paths: string[]): LintResult | string => {
        try {
          return lintProject(paths);
        } catch (e) {
          return (e as Error).message;
        }
      };
      const searched = outcome([parent]);
      expect(searched).toEqual(outcome([host]));
      if (typeof searched !== "string") expect(searched.files.length).toBeGreaterThan(0);
    });
  }
});
