/** Where a drift fact comes from: the MTA's own file and the release it belongs to. */
export interface DriftSource {
  file: string;
  release: string;
  /** Item or section inside the file ("[Incompat 20130613]", "JH/21"). */
  ref?: string;
}

/** A phrase that the cited document states in the section of `section` (checked against the 4.96 documents). */
export interface DriftEvidence {
  file: "NewStuff" | "ChangeLog" | "README.UPDATING";
  section: string;
  text: string;
}

/** When something appeared, was deprecated or was removed, and what replaces it. */
export interface LifecycleFact {
  name: string;
  since?: string;
  deprecated?: string;
  removed?: string;
  replacement?: string;
  /** The replacement takes the same value (a rename). */
  rename?: boolean;
  note?: string;
  source: DriftSource;
  evidence?: DriftEvidence;
}
