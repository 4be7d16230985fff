/**
 * Real configurations, damaged: every sample (samples/**) and shared-corpus
 * configuration (../shared/corpus/**, where present) is copied to a temp
 * dir and one of its files is mutated — lines deleted, duplicated, swapped,
 * joined, split into continuation lines (main.cf/master.cf: a line break and
 * indentation at a blank; Exim: a trailing backslash), garbage lines inserted,
 * the file cut off — and then linted (every rule, every formatter), relay-
 * simulated for the standard probes, and diffed against the original. None
 * of it may throw (an InputError for input that is not a config file is the
 * documented answer), and every finding's range lies inside its file.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { diffConfigs } from "../../src/diff/index.js";
import { InputError } from "../../src/errors.js";
import { FORMATS, formatReport } from "../../src/format/index.js";
import { lintProject } from "../../src/lint.js";
import { simulateRelay } from "../../src/relay/index.js";
import { probe, type ProbeName } from "../../src/relay/probes.js";
import { corpusRoot, repoRoot } from "../helpers/postfix-dirs.js";
import { rangeProblem } from "./pipeline.js";
import { budget, fcParams } from "./settings.js";

interface Target {
  label: string;
  kind: "postfix" | "exim";
  /** Directory copied for each case. */
  root: string;
  /** What is linted, relative to the copy of root ("" for root itself). */
  entry: string;
  /** Text files a mutation may change, relative to root. */
  files: string[];
}

const EXIM_NAMES = /^(exim4?\.conf|configure|exim4\.conf\.template)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p).map((f) => join(n, f)));
    else out.push(n);
  }
  return out;
}

/** Every configuration under a samples or corpus folder: Postfix dirs, Exim files and templates, Debian conf.d dirs. */
function targetsUnder(dir: string, label: string): Target[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir);
  if (names.includes("main.cf") || names.includes("master.cf")) {
    return [{ label, kind: "postfix", root: dir, entry: "", files: names.filter((n) => n === "main.cf" || n === "master.cf") }];
  }
  if (names.includes("main") && names.includes("acl")) {
    return [{ label, kind: "exim", root: dir, entry: "", files: filesUnder(dir).filter((f) => f.includes("/")) }];
  }
  const out: Target[] = [];
  const exim = names.find((n) => EXIM_NAMES.test(n));
  if (exim) out.push({ label, kind: "exim", root: dir, entry: exim, files: [exim] });
  for (const n of names.sort()) if (statSync(join(dir, n)).isDirectory()) out.push(...targetsUnder(join(dir, n), `${label}/${n}`));
  return out;
}

const targets: Target[] = [
  ...targetsUnder(join(repoRoot, "samples"), "samples"),
  ...targetsUnder(join(corpusRoot, "postfix"), "corpus/postfix"),
  ...targetsUnder(join(corpusRoot, "exim"), "corpus/exim"),
];
// The corpus template sits in a folder of its own (no settings file): it is a target of its own too.
if (existsSync(join(corpusRoot, "exim/debian-exim4.conf.template"))) {
  targets.push({ label: "corpus/exim/template", kind: "exim", root: join(corpusRoot, "exim"), entry: "debian-exim4.conf.template", files: ["debian-exim4.conf.template"] });
}
if (!existsSync(corpusRoot)) console.warn(`no shared corpus at ${corpusRoot}: mutating samples only`);

type Op =
  | { op: "delete" | "duplicate" | "split" | "join"; at: number }
  | { op: "swap"; at: number; with: number }
  | { op: "insert"; at: number; text: string }
  | { op: "truncate"; at: number };

const garbage = fc.oneof(
  fc.constantFrom("=", "  orphan", "{", "}", "${", "begin acl", "acl_check_rcpt:", ".endif", ".ifdef X", "\\", "-o x=y", "smtp inet n - y - - smtpd", "#", "MAC = $x"),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 12 }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom("delete" as const, "duplicate" as const, "split" as const, "join" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), text: garbage }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
);

function mutate(text: string, ops: Op[], exim: boolean): string {
  let lines = text.split("\n");
  for (const o of ops) {
    const i = o.at % Math.max(lines.length, 1);
    switch (o.op) {
      case "delete":
        lines.splice(i, 1);
        break;
      case "duplicate":
        lines.splice(i, 0, lines[i] ?? "");
        break;
      case "swap": {
        const j = o.with % Math.max(lines.length, 1);
        [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
        break;
      }
      case "insert":
        lines.splice(i, 0, ...o.text.split("\n"));
        break;
      case "join":
        if (i + 1 < lines.length) lines.splice(i, 2, `${lines[i]} ${lines[i + 1]}`);
        break;
      case "split": {
        const line = lines[i] ?? "";
        const blank = line.indexOf(" ", Math.floor(line.length / 2));
        const cut = blank < 0 ? Math.floor(line.length / 2) : blank;
        lines.splice(i, 1, ...(exim ? [`${line.slice(0, cut)} \\`, `   ${line.slice(cut)}`] : [line.slice(0, cut), `  ${line.slice(cut).trimStart()}`]));
        break;
      }
      case "truncate": {
        const joined = lines.join("\n");
        lines = joined.slice(0, o.at % (joined.length + 1)).split("\n");
        break;
      }
    }
  }
  return lines.join("\n");
}

const PROBES: ProbeName[] = ["outside-to-remote", "local-to-remote", "sasl-to-remote"];
const tally = { cases: 0, findings: 0, inputErrors: 0 };

/** Lint, format, simulate and diff `path` (a copy with one file mutated) against `original`; returns what broke. */
function exercise(t: Target, original: string, path: string): string[] {
  const problems: string[] = [];
  let result;
  try {
    result = lintProject([path], { kind: t.kind });
  } catch (e) {
    if (e instanceof InputError) {
      tally.inputErrors++;
      return problems;
    }
    throw e;
  }
  for (const f of result.files) {
    for (const x of f.findings) {
      tally.findings++;
      const p = f.source ? rangeProblem(x.range, [f.source]) : undefined;
      if (p) problems.push(`${x.ruleId} in ${f.path}: ${p}`);
    }
  }
  for (const format of FORMATS) formatReport(format, result, { cwd: path, color: false, rules: [], toolVersion: "fuzz" });
  for (const p of PROBES) simulateRelay(path, probe(p, "example.org"), t.kind);
  diffConfigs(original, path, { kind: t.kind });
  return problems;
}

describe("mutated real configurations: lint, relay and diff never throw", () => {
  const work = mkdtempSync(join(tmpdir(), "mtalint-fuzz-mut-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("found configurations to mutate", () => {
    expect(targets.length).toBeGreaterThanOrEqual(10);
  });

  it(
    "delete, duplicate, swap, join, split, insert garbage, truncate",
    () => {
      let n = 0;
      fc.assert(
        fc.property(fc.nat(targets.length - 1), fc.nat(), fc.array(op, { minLength: 1, maxLength: 4 }), (ti, fi, ops) => {
          const t = targets[ti]!;
          const file = t.files[fi % t.files.length]!;
          const copy = join(work, String(n++));
          cpSync(t.root, copy, { recursive: true });
          const text = readFileSync(join(copy, file), "utf8");
          writeFileSync(join(copy, file), mutate(text, ops, t.kind === "exim"));
          tally.cases++;
          try {
            const problems = exercise(t, join(t.root, t.entry), join(copy, t.entry));
            expect(problems, `${t.label}: ${file} mutated by ${JSON.stringify(ops)}`).toEqual([]);
          } finally {
            rmSync(copy, { recursive: true, force: true });
          }
        }),
        // Each case copies, lints, simulates and diffs a whole configuration: a fifth of the fuzz count.
        fcParams(40, 0.2),
      );
    },
    budget(45_000, 40, 0.2),
  );

  afterAll(() => {
    console.log(`mutations: ${tally.cases} mutated copies of ${targets.length} real configurations, ${tally.findings} findings checked, ${tally.inputErrors} refused as not a config file`);
  });
});
