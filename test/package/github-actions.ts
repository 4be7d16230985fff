/**
 * Runs a composite action's steps the way the GitHub runner does, for tests:
 * `${{ }}` expressions in `if`, `env`, `with` and outputs are evaluated over
 * inputs/steps/github/runner; `run` steps go to `bash --noprofile --norc -eo
 * pipefail` (the runner's `shell: bash`) with GITHUB_OUTPUT and friends; `uses`
 * steps are handed to the test, which checks what they would receive.
 *
 * Composite actions get no INPUT_* variables (actions/runner#665), so none are
 * set here: a step sees an input only through its own `env:`. Only the
 * expression forms mtalint's action uses are understood; anything else throws,
 * so a new form in action.yml needs this evaluator extended, not guessed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { runAsync, userEnv, type Run } from "./helpers.js";

export interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}

export interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  "working-directory"?: string;
}

export interface ActionManifest {
  name: string;
  description: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export function loadAction(path: string): ActionManifest {
  return parse(readFileSync(path, "utf8")) as ActionManifest;
}

type Value = string | boolean | null;

export interface Context {
  inputs: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string> }>;
  github: Record<string, string>;
  runner: Record<string, string>;
}

/** Evaluates one expression (the text inside `${{ }}`, or a bare `if:`). */
export function evaluate(expression: string, ctx: Context): Value {
  const tokens = expression.match(/'(?:[^']|'')*'|==|!=|&&|\|\||[()!]|[A-Za-z_][A-Za-z0-9_.-]*|\S/g) ?? [];
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const take = (): string => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error(`unexpected end of expression: ${expression}`);
    return t;
  };
  const truthy = (v: Value): boolean => v !== null && v !== false && v !== "";
  const primary = (): Value => {
    const t = take();
    if (t === "(") {
      const v = or();
      if (take() !== ")") throw new Error(`missing ) in ${expression}`);
      return v;
    }
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === "true" || t === "false") return t === "true";
    if (t === "null") return null;
    const [root, ...rest] = t.split(".");
    let value: unknown = (ctx as unknown as Record<string, unknown>)[root!];
    if (value === undefined) throw new Error(`unsupported context "${root}" in ${expression}`);
    for (const key of rest) value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key];
    if (value === undefined) return null;
    if (typeof value !== "string") throw new Error(`${t} is not a string in ${expression}`);
    return value;
  };
  const comparison = (): Value => {
    const left = primary();
    const op = peek();
    if (op !== "==" && op !== "!=") return left;
    take();
    const right = primary();
    if (typeof left === "boolean" || typeof right === "boolean") throw new Error(`comparison with a boolean is not modelled: ${expression}`);
    // GitHub compares strings ignoring case; null equals ''.
    const equal = (left ?? "").toLowerCase() === (right ?? "").toLowerCase();
    return op === "==" ? equal : !equal;
  };
  const unary = (): Value => {
    if (peek() === "!") {
      take();
      return !truthy(unary());
    }
    return comparison();
  };
  const and = (): Value => {
    let v = unary();
    while (peek() === "&&") {
      take();
      const r = unary();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  function or(): Value {
    let v = and();
    while (peek() === "||") {
      take();
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  }
  const value = or();
  if (pos !== tokens.length) throw new Error(`unsupported expression: ${expression}`);
  return value;
}

/** Replaces each `${{ expr }}` in a string, as the runner does for env, with and outputs. */
export function interpolate(text: string, ctx: Context): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_m, expr: string) => {
    const v = evaluate(expr.trim(), ctx);
    return v === null ? "" : String(v);
  });
}

/** A step's `if:` (implicitly `success() &&`: a step after a failed one does not run). */
export function stepRuns(step: ActionStep, ctx: Context): boolean {
  if (step.if === undefined) return true;
  const text = step.if.trim().replace(/^\$\{\{(.*)\}\}$/s, "$1").trim();
  const v = evaluate(text, ctx);
  return v !== null && v !== false && v !== "";
}

/** All `${{ }}` expressions of the action's steps and outputs, with where they are. */
export function expressionsOf(action: ActionManifest): { where: string; expression: string }[] {
  const found: { where: string; expression: string }[] = [];
  const scan = (where: string, text: string | undefined): void => {
    for (const m of (text ?? "").matchAll(/\$\{\{(.*?)\}\}/g)) found.push({ where, expression: m[1]!.trim() });
  };
  action.runs.steps.forEach((s, i) => {
    const at = `step ${s.id ?? s.name ?? i}`;
    if (s.if !== undefined) found.push({ where: `${at} if`, expression: s.if.trim().replace(/^\$\{\{(.*)\}\}$/s, "$1").trim() });
    for (const [k, v] of Object.entries(s.env ?? {})) scan(`${at} env.${k}`, v);
    for (const [k, v] of Object.entries(s.with ?? {})) scan(`${at} with.${k}`, v);
    scan(`${at} run`, s.run);
    scan(`${at} working-directory`, s["working-directory"]);
  });
  for (const [k, o] of Object.entries(action.outputs ?? {})) scan(`output ${k}`, o.value);
  return found;
}

export interface StepResult {
  step: ActionStep;
  ran: boolean;
  /** For run steps: the shell's result. */
  result?: Run;
  /** For uses steps: the evaluated `with`. */
  with?: Record<string, string>;
}

export interface ActionRun {
  steps: StepResult[];
  /** The job's result: the exit status of the first failed step, else 0. */
  status: number;
  outputs: Record<string, string>;
  /** All run steps' stdout, in order (the job log). */
  log: string;
}

export interface RunActionOptions {
  actionPath: string;
  workspace: string;
  inputs: Record<string, string>;
  /** Called for each `uses` step that runs, with its evaluated `with`; returns the step's outputs. */
  uses: (uses: string, withInputs: Record<string, string>) => Record<string, string>;
  /** Extra environment (e.g. npm's cache policy). */
  env?: Record<string, string>;
}

function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return outputs;
}

export async function runAction(action: ActionManifest, options: RunActionOptions): Promise<ActionRun> {
  const unknown = Object.keys(options.inputs).filter((k) => !(k in action.inputs));
  if (unknown.length) throw new Error(`inputs not declared in action.yml: ${unknown.join(", ")}`);
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const given = options.inputs[name];
    if (given === undefined && spec.required) throw new Error(`required input ${name} missing`);
    inputs[name] = given ?? spec.default ?? "";
  }
  const temp = mkdtempSync(join(options.workspace, "..", "runner-temp-"));
  const ctx: Context = { inputs, steps: {}, github: { action_path: options.actionPath, workspace: options.workspace }, runner: { temp } };
  const results: StepResult[] = [];
  let status = 0;
  let log = "";
  for (const [i, step] of action.runs.steps.entries()) {
    if (status !== 0 || !stepRuns(step, ctx)) {
      results.push({ step, ran: false });
      continue;
    }
    let outputs: Record<string, string> = {};
    if (step.uses !== undefined) {
      const withInputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
      outputs = options.uses(step.uses, withInputs);
      results.push({ step, ran: true, with: withInputs });
    } else {
      if (step.shell !== "bash") throw new Error(`step ${step.name}: only shell: bash is modelled`);
      const script = join(temp, `step-${i}.sh`);
      writeFileSync(script, step.run ?? "");
      const outputFile = join(temp, `output-${i}`);
      writeFileSync(outputFile, "");
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
      const env = userEnv({
        CI: "true",
        GITHUB_ACTIONS: "true",
        GITHUB_ACTION_PATH: options.actionPath,
        GITHUB_WORKSPACE: options.workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_ENV: join(temp, "env"),
        GITHUB_PATH: join(temp, "path"),
        RUNNER_TEMP: temp,
        ...options.env,
        ...stepEnv,
      });
      const cwd = step["working-directory"] !== undefined ? interpolate(step["working-directory"], ctx) : options.workspace;
      const result = await runAsync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd, env, timeout: 300_000 });
      log += result.stdout;
      outputs = readOutputs(outputFile);
      results.push({ step, ran: true, result });
      if (result.status !== 0) status = result.status ?? 1;
    }
    if (step.id !== undefined) ctx.steps[step.id] = { outputs };
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([k, o]) => [k, interpolate(o.value, ctx)]));
  return { steps: results, status, outputs, log };
}
