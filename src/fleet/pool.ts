/**
 * `--jobs N`: lint hosts in N worker threads. Each worker takes the next host
 * when it has posted the last one's result; results are stored by the host's
 * index, so the report does not depend on which worker was faster.
 */
import { Worker } from "node:worker_threads";
import type { HostMessage } from "./lint-host.js";
import type { FleetLintOptions, Host } from "./types.js";
import { FLEET_WORKER_ENV, FLEET_WORKER_FLAG, type FromWorker, type ToWorker, type WorkerData } from "./worker.js";

/**
 * `entry` is the script a worker runs: the mtalint CLI's entry (bin.js or
 * mtalint.cjs), whose main() serves hosts when started as a fleet worker.
 * A worker that dies while linting a host (out of memory, a crash) fails that
 * host only; a fresh worker takes over the rest.
 */
export function lintHostsInWorkers(hosts: readonly Host[], options: FleetLintOptions, jobs: number, entry: string): Promise<HostMessage[]> {
  const results: (HostMessage | undefined)[] = new Array<HostMessage | undefined>(hosts.length);
  let next = 0;
  let running = 0;
  const workers = new Set<Worker>();
  return new Promise((resolve, reject) => {
    if (hosts.length === 0) {
      resolve([]);
      return;
    }
    let failed = false;
    const start = () => {
      running++;
      const data: WorkerData = { [FLEET_WORKER_FLAG]: true, options };
      const worker = new Worker(entry, { workerData: data, env: { ...process.env, [FLEET_WORKER_ENV]: "1" } });
      workers.add(worker);
      let current: number | undefined;
      let ready = false;
      let problem: string | undefined;
      const send = (m: ToWorker) => worker.postMessage(m);
      const feed = () => {
        if (next < hosts.length) {
          current = next++;
          send({ type: "lint", index: current, host: hosts[current]! });
        } else {
          current = undefined;
          send({ type: "stop" });
        }
      };
      worker.on("message", (m: FromWorker) => {
        if (m.type === "ready") {
          ready = true;
          feed();
          return;
        }
        results[m.index] = m.result;
        feed();
      });
      worker.on("error", (e) => {
        problem = e instanceof Error ? e.message : String(e);
      });
      worker.on("exit", (code) => {
        running--;
        workers.delete(worker);
        if (!ready) {
          if (!failed) reject(new Error(`cannot start a --jobs worker thread from ${entry}: ${problem ?? `it exited with status ${code} before it was ready`}`));
          failed = true;
          for (const w of workers) void w.terminate();
        } else if (current !== undefined) {
          const host = hosts[current]!;
          results[current] = crashed(host, problem ?? `exit status ${code}`);
          if (next < hosts.length && !failed) start();
        }
        if (running === 0 && !failed) resolve(results.map((r, i) => r ?? crashed(hosts[i]!, "no worker linted it")));
      });
    };
    for (let i = 0; i < Math.min(jobs, hosts.length); i++) start();
  });
}

function crashed(host: Host, why: string): HostMessage {
  return {
    name: host.name,
    dir: host.dir,
    configs: [],
    files: [],
    inputErrors: [`internal error while linting host ${host.name}: the worker thread stopped (${why}) (please report this)`],
    ignored: false,
  };
}
