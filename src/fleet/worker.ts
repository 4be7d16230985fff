/**
 * The worker side of `--jobs`. A worker thread runs the CLI's own entry
 * script again (dist/src/cli/bin.js, or the single-file dist/mtalint.cjs,
 * which has no other file to start): `main()` sees the flag in workerData
 * and serves hosts instead of reading arguments.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { lintHostToMessage, type HostMessage } from "./lint-host.js";
import type { FleetLintOptions, Host } from "./types.js";

export const FLEET_WORKER_FLAG = "mtalintFleetWorker";
/**
 * Set in a pool thread's environment: checked before worker_threads is touched, so that an ordinary
 * run (which the bundle lets skip loading worker_threads) does not load it only to learn it is not a worker.
 */
export const FLEET_WORKER_ENV = "MTALINT_FLEET_WORKER";

export interface WorkerData {
  [FLEET_WORKER_FLAG]: true;
  options: FleetLintOptions;
}

export type ToWorker = { type: "lint"; index: number; host: Host } | { type: "stop" };
export type FromWorker = { type: "ready" } | { type: "result"; index: number; result: HostMessage };

/** True in a thread started by the fleet pool (src/fleet/pool.ts). */
export function isFleetWorkerThread(): boolean {
  if (process.env[FLEET_WORKER_ENV] !== "1") return false;
  return !isMainThread && parentPort !== null && (workerData as Partial<WorkerData> | undefined)?.[FLEET_WORKER_FLAG] === true;
}

/** Lint the hosts the pool sends, one at a time, until it says stop. Resolves with the thread's exit status. */
export function serveFleetWorker(): Promise<number> {
  const port = parentPort!;
  const { options } = workerData as WorkerData;
  return new Promise((resolve) => {
    port.on("message", (m: ToWorker) => {
      if (m.type === "stop") {
        port.close();
        resolve(0);
        return;
      }
      const reply: FromWorker = { type: "result", index: m.index, result: lintHostToMessage(m.host, options) };
      port.postMessage(reply);
    });
    port.postMessage({ type: "ready" } satisfies FromWorker);
  });
}
