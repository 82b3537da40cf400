import { people, Story, type StoryProposal } from './story.ts';

export const PRAYA = '52.02.01.1001'; // Lombok Tengah (52.02), district Praya (52.02.01)
export const LENENG = '52.02.01.1002';
export const GERUNG = '52.01.01.1001'; // Lombok Barat (52.01)

const DAY = 86_400_000;

export interface Scenario {
  story: Story;
  /** Praya: returned, amended, resubmitted, verified, approved, registered, updated. */
  a: StoryProposal;
  /** Praya (musdes): rejected as a duplicate NIK. */
  b: StoryProposal;
  /** Praya: withdrawn draft. */
  c: StoryProposal;
  /** Leneng (field): submitted, waiting. */
  d: StoryProposal;
  /** Gerung: verified, approved, registered; deactivated in July by proposal f. */
  e: StoryProposal;
  f: StoryProposal;
  householdA: string;
  householdE: string;
}

/**
 * Six proposals in three villages of two regencies going through every stage, with events of
 * all four services, over several days (2025-06-16 … 2025-07-01, UTC clock one minute per
 * event). Proposals a–c and e–f follow the whole flow; d waits.
 */
export async function playScenario(story: Story): Promise<Scenario> {
  // Monday 16 June: drafts, evidence, submissions.
  const a = await story.draft({ village: PRAYA });
  await story.upload(a);
  await story.submit(a);
  const b = await story.draft({ village: PRAYA, channel: 'musdes', operator: people.operator(PRAYA, 'op-praya-2') });
  await story.submit(b);
  const c = await story.draft({ village: PRAYA });
  await story.withdraw(c, 'salah input');
  const d = await story.draft({ village: LENENG, channel: 'field' });
  await story.submit(d);
  const e = await story.draft({ village: GERUNG });
  await story.submit(e);
  const f = await story.draft({ village: GERUNG, type: 'deactivate' });
  await story.submit(f);
  await story.openCase(a, [
    { check: 'dukcapil_match', result: 'fail', reason: 'name_mismatch' },
    { check: 'duplicate_nik', result: 'pass', reason: 'unique' },
  ]);
  await story.openCase(b, [{ check: 'duplicate_nik', result: 'fail', reason: 'active_in_other_household' }]);
  await story.openCase(e, [{ check: 'dukcapil_match', result: 'pass', reason: 'match' }]);
  await story.openCase(f, [{ check: 'dukcapil_match', result: 'pass', reason: 'match' }]);

  // Tuesday 17 June: decisions.
  story.advance(DAY);
  await story.decide(a, 'return', { reason: 'nama tidak sesuai KTP', fields: ['household.members.0.name'] });
  await story.decide(b, 'reject', { reason: 'NIK sudah terdaftar di rumah tangga lain' });
  await story.decide(e, 'verify');
  await story.decide(f, 'verify');
  await story.amend(a, 'nama diperbaiki sesuai KTP');
  await story.resubmit(a);
  await story.openCase(a, [{ check: 'dukcapil_match', result: 'pass', reason: 'match' }], 2);

  // Wednesday 18 June: field validation, verification, approvals, registry.
  story.advance(DAY);
  await story.orderFieldValidation(a);
  await story.decide(a, 'verify');
  await story.approve(a);
  await story.approve(e);
  await story.approve(f);
  const householdA = await story.register(a);
  const householdE = await story.register(e);
  await story.lookup(householdA, people.verifikator('52.02'));
  await story.updateHousehold(householdA, PRAYA, a.proposalId);

  // Tuesday 1 July: the deactivation is applied.
  story.advance(13 * DAY);
  await story.deactivate(householdE, GERUNG, f.proposalId);
  return { story, a, b, c, d, e, f, householdA, householdE };
}
