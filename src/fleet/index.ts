/**
 * Fleets: many servers' configurations linted in one process. A fleet
 * directory holds one directory per host; each host is linted on its own
 * (src/fleet/lint-host.ts) and the results are put together host by host,
 * in name order, whatever the listing order or the number of threads.
 */
import { availableParallelism } from "node:os";
import { summarize } from "../lint.js";
import { listHosts } from "./hosts.js";
import { hostResultFromMessage, lintHostToMessage, type HostMessage } from "./lint-host.js";
import { lintHostsInWorkers } from "./pool.js";
import type { FleetLintOptions, FleetResult, HostResult } from "./types.js";

export { listHosts } from "./hosts.js";
export { hasInputErrors, hostKinds, worstRule } from "./summary.js";
export { hostLayout, EXIM_LOCATIONS, POSTFIX_LOCATIONS } from "./layout.js";
export { isFleetWorkerThread, serveFleetWorker } from "./worker.js";
export type { FleetLintOptions, FleetResult, Host, HostConfig, HostResult } from "./types.js";

/** Lint every host of the fleet directories in this thread. */
export function lintFleet(fleetDirs: readonly string[], options: FleetLintOptions = {}): FleetResult {
  return assemble(listHosts(fleetDirs).map((h) => lintHostToMessage(h, options)));
}

export interface ParallelOptions {
  /** Worker threads; 1 lints in this thread; "auto" decides from the CPUs and the number of hosts (autoJobs). */
  jobs: number | "auto";
  /** The mtalint CLI entry script the workers run (see src/fleet/worker.ts). */
  entry: string;
}

/** Most threads "auto" starts: each loads mtalint anew and holds 50 to 70 MB (docs/fleet.md). */
export const MAX_AUTO_JOBS = 8;

/**
 * Hosts one worker should have before another is worth starting: a worker
 * costs about as much CPU time to start as linting this many typical hosts
 * (docs/fleet.md has the measurements).
 */
export const HOSTS_PER_WORKER = 100;

/** --jobs auto: one thread per CPU, at most MAX_AUTO_JOBS, and none for fewer than HOSTS_PER_WORKER hosts each. */
export function autoJobs(hosts: number, cpus = availableParallelism()): number {
  return Math.max(1, Math.min(cpus, MAX_AUTO_JOBS, Math.floor(hosts / HOSTS_PER_WORKER)));
}

/** Lint every host with `jobs` worker threads. The result equals lintFleet's. */
export async function lintFleetParallel(fleetDirs: readonly string[], options: FleetLintOptions, parallel: ParallelOptions): Promise<FleetResult> {
  const hosts = listHosts(fleetDirs);
  const jobs = parallel.jobs === "auto" ? autoJobs(hosts.length) : parallel.jobs;
  if (jobs <= 1 || hosts.length <= 1) return assemble(hosts.map((h) => lintHostToMessage(h, options)));
  return assemble(await lintHostsInWorkers(hosts, options, jobs, parallel.entry));
}

function assemble(messages: HostMessage[]): FleetResult {
  const hosts: HostResult[] = messages.filter((m) => !m.ignored).map(hostResultFromMessage);
  const files = hosts.flatMap((h) => h.files);
  return { hosts, files, summary: summarize(files) };
}
