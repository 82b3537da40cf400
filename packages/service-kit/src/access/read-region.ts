/**
 * The region a read is filed under: the region of the data that was shown, so that whoever may
 * audit that village sees who read its records (the reader's own scope is in the metadata
 * `actor`). A read that showed records of several villages is filed under their nearest common
 * region; one that showed nothing under the reader's scope.
 */
export function accessRegion(shownRegions: readonly string[], readerScope: string): string {
  const [first, ...rest] = shownRegions;
  if (first === undefined) return readerScope;
  let common = first.split('.');
  for (const code of rest) {
    const parts = code.split('.');
    let same = 0;
    while (same < common.length && same < parts.length && common[same] === parts[same]) same++;
    common = common.slice(0, same);
  }
  return common.join('.');
}
