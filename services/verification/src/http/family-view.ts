import type { ContentRecord } from '@siks/contracts';
import { asRecord, asString, type PersonalDataOpener } from '../inputs/opened.ts';
import { householdOf, peopleOf } from '../inputs/people.ts';

/** Who a proposal is about, as a decision list names it: the head (or the person) and a count. */
export interface FamilySummary {
  /** The head of household's name, or the person a deactivation names; null when forgotten or unnamed. */
  name: string | null;
  /** Members the proposal states (0 when it names a household only). */
  memberCount: number;
  programmes: string[];
}

/**
 * Opens only what a list row needs (one name per proposal): the head of the household block,
 * else the first person the proposal names. The caller records the read.
 */
export async function familySummary(opener: PersonalDataOpener, content: ContentRecord): Promise<FamilySummary> {
  const household = householdOf(content);
  const people = peopleOf(content);
  const head = household?.members.find((member) => member.relationship === 'kepala_keluarga');
  const named = head?.personal ?? people[0]?.personal;
  const name = named ? (asString(asRecord(await opener.open(named))['name']) ?? null) : null;
  return {
    name,
    memberCount: household?.members.length ?? people.filter((person) => person.role === 'member').length,
    programmes: household?.programmes ? [...household.programmes] : [],
  };
}
