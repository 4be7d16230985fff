/**
 * Caches that keep the configuration last linted so that rules share work
 * (relay verdicts, tables, the configuration judged at the target release).
 * They key by the configuration object, which never changes once built, so an
 * entry is never stale; but an entry left behind keeps that configuration
 * alive while the next one is read and parsed. lintTarget lets go of them
 * when a configuration's findings are complete.
 */
const releases = new Set<() => void>();

/** Register how a cache lets go of the configuration it holds. */
export function onConfigurationDone(release: () => void): void {
  releases.add(release);
}

/** Called when the findings of a configuration are complete. */
export function configurationDone(): void {
  for (const release of releases) release();
}
