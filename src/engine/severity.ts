/** One closed severity type, one rank table, one parser. */
export const Severity = {
  Error: "error",
  Warning: "warning",
  Info: "info",
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

export function parseSeverity(text: string): Severity | undefined {
  switch (text.trim().toLowerCase()) {
    case "error":
      return Severity.Error;
    case "warning":
    case "warn":
      return Severity.Warning;
    case "info":
      return Severity.Info;
    default:
      return undefined;
  }
}
