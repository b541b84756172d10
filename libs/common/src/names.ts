/**
 * Matching the names people type (in a spreadsheet, a routing cell, an import row) against the names an
 * authority has registered. Spelling varies — accents dropped by an old keyboard, "&" for "và", a missing
 * "thành phố" at the end — so names are compared in a normal form and by their words, and a name that could
 * mean two things is reported as ambiguous with both candidates rather than guessed.
 */

/**
 * The form names are compared in: no diacritics (đ → d), lower case, "&" read as "và", punctuation and runs of
 * spaces collapsed to one space. "Văn phòng HĐND & UBND" and "van phong hdnd va ubnd" normalise alike.
 */
export function normaliseName(s: string): string {
  return s
    .replace(/&/g, ' và ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** One registered name: its id, the name, and other names it is known by (short names, old spellings). */
export interface NameCandidate<Id> {
  id: Id;
  name: string;
  aliases?: readonly string[];
}

export type NameMatch<Id> =
  /** The query is one of the candidate's names (in normal form). */
  | { kind: 'exact'; id: Id }
  /** The query's words are all in exactly one candidate's name (e.g. the name without "thành phố"). */
  | { kind: 'unique'; id: Id }
  /** More than one candidate fits; every one is listed so the person can choose. */
  | { kind: 'ambiguous'; ids: Id[] }
  | { kind: 'unknown' };

/**
 * The candidate a query names. An exact match (name or alias, in normal form) wins; otherwise a candidate
 * whose name contains every word of the query is a match, and it must be the only one. Never guesses between two.
 */
export function matchName<Id>(query: string, candidates: readonly NameCandidate<Id>[]): NameMatch<Id> {
  const q = normaliseName(query);
  if (!q) {
    return { kind: 'unknown' };
  }
  const names = (c: NameCandidate<Id>): string[] => [c.name, ...(c.aliases ?? [])].map(normaliseName);
  const exact = distinct(candidates.filter((c) => names(c).includes(q)).map((c) => c.id));
  if (exact.length === 1) {
    return { kind: 'exact', id: exact[0] };
  }
  if (exact.length > 1) {
    return { kind: 'ambiguous', ids: exact };
  }
  const words = q.split(' ');
  const containing = distinct(
    candidates
      .filter((c) =>
        names(c).some((n) => {
          const have = new Set(n.split(' '));
          return words.every((w) => have.has(w));
        }),
      )
      .map((c) => c.id),
  );
  if (containing.length === 1) {
    return { kind: 'unique', id: containing[0] };
  }
  return containing.length > 1 ? { kind: 'ambiguous', ids: containing } : { kind: 'unknown' };
}

function distinct<Id>(ids: Id[]): Id[] {
  return [...new Set(ids)];
}
