/**
 * A stream's category: its id up to the first '-' ('proposal-0190…' → 'proposal'), the whole id
 * when it has none. Reads by whole categories use the category index (migration 005); append
 * notifications name the categories they touched, so readers of other categories sleep on.
 */
export const categoryOfStream = (streamId: string): string => {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
};

/** 'proposal-' → 'proposal'; undefined unless the prefix is exactly a category and its '-'. */
export const wholeCategory = (prefix: string): string | undefined => /^([^-]+)-$/.exec(prefix)?.[1];

/**
 * The categories a reader of these prefixes may need to hear about ('proposal-', 'case-a1' →
 * proposal, case); undefined (hear about everything) when a prefix has no '-', since its
 * streams' category is not known from it.
 */
export function categoriesOfPrefixes(prefixes: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (prefixes === undefined || prefixes.length === 0 || prefixes.some((prefix) => !prefix.includes('-'))) {
    return undefined;
  }
  return new Set(prefixes.map(categoryOfStream));
}
