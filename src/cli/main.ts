import { Command, CommanderError } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { InputError, UsageError } from "../errors.js";
import { isFleetWorkerThread, serveFleetWorker } from "../fleet/worker.js";
import { registerCompletion } from "./completion.js";
import { registerDiff } from "./diff.js";
import { registerExplain } from "./explain.js";
import { tuneHeapForCommandLine } from "./heap.js";
import { addHelpTexts } from "./help.js";
import { registerLint } from "./lint.js";
import { registerPrint } from "./print.js";
import { registerRelay } from "./relay.js";
import { registerRules } from "./rules.js";

/** Exit codes (stable; CI gates depend on them). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("mtalint")
    .description("Lint Postfix and Exim configurations: relay safety, update drift, exact parsing.")
    .version(VERSION, "-V, --version")
    .option("--debug", "print stack traces for internal errors")
    .showHelpAfterError()
    .exitOverride();
  registerLint(program);
  registerPrint(program);
  registerRelay(program);
  registerRules(program);
  registerDiff(program);
  registerExplain(program);
  registerCompletion(program);
  // Last: examples and exit codes for every command registered above (test/cli/help.test.ts).
  addHelpTexts(program);
  return program;
}

/** From package.json, so `npm version` is the only place to change it (also inside the bundle). */
const VERSION: string = packageJson.version;

const PROGRAM_FLAGS = new Set(["-h", "--help", "-V", "--version"]);

/** `mtalint PATH...` means `mtalint lint PATH...`: lint is the command when no other is named. */
function withDefaultCommand(program: Command, argv: string[]): string[] {
  const first = argv.find((a) => a !== "--debug");
  if (first === undefined || PROGRAM_FLAGS.has(first)) return argv;
  const commands = new Set(["help", ...program.commands.flatMap((c) => [c.name(), ...c.aliases()])]);
  return commands.has(first) ? argv : ["lint", ...argv];
}

export async function main(argv: string[]): Promise<number> {
  // The launcher and bin.js set this before the bundle is compiled (a flag changed later would not
  // match the code cache); here for `node dist/mtalint.cjs`, which has no code cache.
  tuneHeapForCommandLine(argv);
  // `lint --fleet --jobs N` starts worker threads on this same entry script: they lint hosts, not argv.
  if (isFleetWorkerThread()) return serveFleetWorker();
  // `mtalint ... | head`: the reader went away; stop quietly, as other command-line tools do.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode === undefined ? EXIT_OK : Number(process.exitCode));
    throw e;
  });
  const program = buildProgram();
  const debug = argv.includes("--debug");
  try {
    await program.parseAsync(withDefaultCommand(program, argv), { from: "user" });
    return process.exitCode === undefined ? EXIT_OK : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed its message (help, version, or a usage error).
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof UsageError || e instanceof InputError) {
      process.stderr.write(`mtalint: ${e.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`mtalint: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    else process.stderr.write("mtalint: (run again with --debug for details; please report this)\n");
    return EXIT_USAGE;
  }
}

