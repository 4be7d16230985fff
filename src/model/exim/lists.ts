/**
 * Exim lists (spec chapter "Domain, host, address, and local part lists"):
 * colon-separated by default, "<X" at the start changes the separator, a
 * doubled separator is a literal one, items are trimmed, and an empty item
 * at the end is ignored (so ":" is a list with one empty item).
 */
export interface ListItem {
  text: string;
  /** Offset of the item in the list text. */
  start: number;
}

/**
 * Items of a host list that are settings, not named lists: what to do when
 * the client's host name cannot be found (+include_unknown, +ignore_unknown)
 * or its lookup fails temporarily (+include_defer, +ignore_defer), for the
 * items after them (spec "Behaviour when an IP address or name cannot be
 * found"; exim -bh accepts them where a +name of a missing list defers).
 */
export const HOST_LIST_SETTINGS: ReadonlySet<string> = new Set(["include_unknown", "ignore_unknown", "include_defer", "ignore_defer"]);

export function splitEximList(list: string): ListItem[] {
  let sep = ":";
  let i = 0;
  while (i < list.length && /\s/.test(list[i]!)) i++;
  if (list[i] === "<" && i + 1 < list.length && !/[A-Za-z0-9\s]/.test(list[i + 1]!)) {
    sep = list[i + 1]!;
    i += 2;
  }
  const items: ListItem[] = [];
  if (list.slice(i).trim() === "") return items;
  let current = "";
  let start = i;
  for (; i < list.length; i++) {
    const c = list[i]!;
    if (c === sep) {
      if (list[i + 1] === sep) {
        current += sep;
        i++;
        continue;
      }
      items.push(trimItem(current, start));
      current = "";
      start = i + 1;
      continue;
    }
    current += c;
  }
  if (current.trim() !== "") items.push(trimItem(current, start));
  return items;
}

function trimItem(raw: string, start: number): ListItem {
  const lead = raw.length - raw.trimStart().length;
  return { text: raw.trim(), start: start + lead };
}
