import { parse } from 'csv-parse/sync';
import type { EventStore } from '@siks/eventstore';
import { ValidationProblem, type FieldIssue } from '@siks/service-kit';
import { householdAtPosition } from '../households/queries.ts';
import { appendHandoff, type HandoffContext } from './append.ts';
import { ANSWER_COLUMNS, EXPORT_COLUMNS, rowProblems } from './layout.ts';
import type { CutoffHandoff } from './state.ts';

/** The ministry's answer on one household. */
export interface HouseholdAnswer {
  householdId: string;
  status: 'accepted' | 'returned';
  reason?: string;
}

export interface AnswerOutcome {
  /** Answers recorded now (an event each). */
  recorded: number;
  /** Answers equal to the one already recorded (nothing appended). */
  unchanged: number;
  returned: number;
}

/** Rows of an answer file at once; a regency's cut-off is far below it. */
export const MAX_ANSWER_ROWS = 200_000;
/** Events per append: one transaction stays small. */
const CHUNK = 500;

/**
 * Reads an answer file (the export's layout plus `status` and `reason`, header row exactly as
 * documented) into one answer per household: a household is `returned` when any of its rows is,
 * with the distinct reasons joined by "; ". Problems are field errors `rows.<line>.<column>`.
 */
export function parseAnswerFile(text: string): HouseholdAnswer[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch {
    throw new ValidationProblem([{ path: 'file', code: 'answers.not_csv' }]);
  }
  const expected = [...EXPORT_COLUMNS, ...ANSWER_COLUMNS].map((column) => column.name);
  const [header, ...body] = records;
  if (!header || header.join(',') !== expected.join(','))
    throw new ValidationProblem([{ path: 'file', code: 'answers.header', params: { expected: expected.join(',') } }]);
  if (body.length > MAX_ANSWER_ROWS)
    throw new ValidationProblem([{ path: 'file', code: 'answers.too_many', params: { max: MAX_ANSWER_ROWS } }]);
  const issues: FieldIssue[] = [];
  const byHousehold = new Map<string, { status: HouseholdAnswer['status']; reasons: Set<string> }>();
  body.forEach((values, index) => {
    const row = Object.fromEntries(expected.map((name, at) => [name, (values[at] ?? '').trim()]));
    const line = index + 2;
    const problems = rowProblems([...EXPORT_COLUMNS, ...ANSWER_COLUMNS], row);
    if (row['status'] === 'returned' && !row['reason']) problems.push('reason: required');
    // Only the column names reach the message: a row's values may be personal data.
    for (const problem of problems.slice(0, 3))
      issues.push({ path: `rows.${line}.${problem.split(':')[0]}`, code: 'answers.row' });
    if (problems.length > 0) return;
    const householdId = row['household_id']!;
    const entry = byHousehold.get(householdId) ?? { status: 'accepted' as const, reasons: new Set<string>() };
    if (row['status'] === 'returned') {
      entry.status = 'returned';
      entry.reasons.add(row['reason']!);
    }
    byHousehold.set(householdId, entry);
  });
  if (issues.length > 0) throw new ValidationProblem(issues.slice(0, 100));
  return [...byHousehold].map(([householdId, { status, reasons }]) => ({
    householdId,
    status,
    ...(reasons.size > 0 ? { reason: [...reasons].join('; ').slice(0, 2000) } : {}),
  }));
}

/**
 * Records the ministry's answers on a forwarded cut-off: each household must be in the cut-off
 * (it stood in the regency at its position); an answer equal to the recorded one is skipped, so
 * uploading the same file twice records nothing twice. Every new answer is a `CutoffRowAnswered`
 * event naming the proposal last applied to the household at the cut-off (verification reopens
 * that case when the answer is `returned`).
 */
export async function recordAnswers(
  deps: { store: EventStore; now: () => Date; newId: () => string },
  handoff: CutoffHandoff,
  answers: readonly HouseholdAnswer[],
  context: HandoffContext,
): Promise<AnswerOutcome> {
  const issues: FieldIssue[] = [];
  const events: { type: 'CutoffRowAnswered'; data: unknown }[] = [];
  let unchanged = 0;
  for (const [index, answer] of answers.entries()) {
    const recorded = handoff.answers.get(answer.householdId);
    if (recorded && recorded.status === answer.status && recorded.reason === answer.reason) {
      unchanged += 1;
      continue;
    }
    const folded = await householdAtPosition(deps.store, answer.householdId, handoff.logPosition);
    const village = folded?.state.doc.regionCode;
    const proposalId = folded?.state.proposalIds.at(-1);
    if (!folded || !village?.startsWith(`${handoff.regencyCode}.`) || proposalId === undefined) {
      issues.push({ path: `answers.${index}.householdId`, code: 'answers.not_in_cutoff' });
      continue;
    }
    events.push({
      type: 'CutoffRowAnswered',
      data: {
        cutoffId: handoff.cutoffId,
        regencyCode: handoff.regencyCode,
        period: handoff.period,
        householdId: answer.householdId,
        proposalId,
        status: answer.status,
        ...(answer.reason !== undefined ? { reason: answer.reason } : {}),
        regionCode: village,
      },
    });
  }
  if (issues.length > 0) throw new ValidationProblem(issues.slice(0, 100));
  let revision = handoff.revision;
  for (let at = 0; at < events.length; at += CHUNK) {
    const chunk = events.slice(at, at + CHUNK);
    await appendHandoff(deps, handoff.cutoffId, revision, chunk, context);
    revision += chunk.length;
  }
  const returned = events.filter((event) => (event.data as { status: string }).status === 'returned').length;
  return { recorded: events.length, unchanged, returned };
}
