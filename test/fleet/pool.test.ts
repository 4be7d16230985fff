/**
 * The --jobs pool against stand-in workers (plain scripts speaking the
 * worker protocol of src/fleet/worker.ts): a worker that dies fails only
 * the host it was linting, and one that cannot start fails the run clearly.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintHostsInWorkers } from "../../src/fleet/pool.js";
import { tempDir } from "./helpers.js";

/** A worker that answers every host with an empty result, except that it exits for the host named "boom". */
const STAND_IN = `
const { parentPort, workerData } = require("node:worker_threads");
if (workerData.mtalintFleetWorker !== true) throw new Error("no flag");
parentPort.on("message", (m) => {
  if (m.type === "stop") return parentPort.close();
  if (m.host.name === "boom") process.exit(7);
  parentPort.postMessage({ type: "result", index: m.index, result: { name: m.host.name, dir: m.host.dir, configs: [], files: [], inputErrors: [], ignored: false } });
});
parentPort.postMessage({ type: "ready" });
`;

function script(text: string): string {
  const p = join(tempDir(), "worker.cjs");
  writeFileSync(p, text);
  return p;
}

const hosts = (...names: string[]) => names.map((name) => ({ name, dir: `/fleet/${name}` }));

describe("the --jobs pool", () => {
  it.each([1, 2, 3])("with %i workers, results come back in host order", async (jobs) => {
    const names = Array.from({ length: 9 }, (_, i) => `h${i}`);
    const out = await lintHostsInWorkers(hosts(...names), {}, jobs, script(STAND_IN));
    expect(out.map((r) => r.name)).toEqual(names);
    expect(out.every((r) => r.inputErrors.length === 0)).toBe(true);
  });

  it("a worker that dies fails that host only; a new worker lints the rest", async () => {
    const out = await lintHostsInWorkers(hosts("a", "boom", "c", "d", "boom", "f"), {}, 2, script(STAND_IN));
    expect(out.map((r) => [r.name, r.inputErrors])).toEqual([
      ["a", []],
      ["boom", ["internal error while linting host boom: the worker thread stopped (exit status 7) (please report this)"]],
      ["c", []],
      ["d", []],
      ["boom", ["internal error while linting host boom: the worker thread stopped (exit status 7) (please report this)"]],
      ["f", []],
    ]);
  });

  it("an entry script that is not an mtalint worker fails the run with one clear message", async () => {
    const entry = script("const answer = 42;\n");
    await expect(lintHostsInWorkers(hosts("a", "b"), {}, 2, entry)).rejects.toThrow(`cannot start a --jobs worker thread from ${entry}: it exited with status 0 before it was ready`);
  });

  it("an entry script that throws fails the run with its message", async () => {
    const entry = script("throw new Error('broken install');\n");
    await expect(lintHostsInWorkers(hosts("a"), {}, 2, entry)).rejects.toThrow(`cannot start a --jobs worker thread from ${entry}: broken install`);
  });
});
