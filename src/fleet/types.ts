/** What a fleet run is made of: hosts (one directory each), the configurations found in them, and their results. */
import type { ConfigKind } from "../detect.js";
import type { FileResult, LintProjectOptions, LintResult, LintSummary } from "../lint.js";

/** One host of a fleet: an immediate subdirectory of a fleet directory, named by it. */
export interface Host {
  name: string;
  dir: string;
}

/** A configuration found in a host directory. */
export interface HostConfig {
  kind: ConfigKind;
  /** What is linted: a Postfix config directory, an Exim file or a Debian conf.d. */
  path: string;
  /** The same path relative to the host directory, with "/" ("etc/postfix", "etc/exim4/exim4.conf.template"). */
  where: string;
}

export interface HostResult {
  name: string;
  dir: string;
  configs: HostConfig[];
  /** Every file read, each with `host` set to the host's name. */
  files: FileResult[];
  summary: LintSummary;
  /** Why the host, or one of its configurations, could not be read. Any entry makes the run exit 2. */
  inputErrors: string[];
}

/** A LintResult (all hosts' files, host by host) plus the hosts themselves, sorted by name. */
export interface FleetResult extends LintResult {
  hosts: HostResult[];
}

/**
 * How every host is linted: the options of `mtalint lint`, applied to each
 * host; `kind` restricts which configurations are looked for. Plain data:
 * it is handed to worker threads as is.
 */
export type FleetLintOptions = LintProjectOptions;
