import {
  ProposalContent,
  parseWithIssues,
  type FieldIssue,
  type HouseholdData,
  type Member,
  type Sex,
} from '@siks/contracts';

/**
 * Domain rules beyond the zod contract (DOMAIN.md "Identity rules"): the village exists,
 * NIK and KK numbers follow the Dukcapil rules (through an injected validator, normally
 * `@siks/wilayah`, see identity.ts), one head per household, no NIK twice, no birth in the
 * future. Every finding names its field path and a stable code; warnings do not block.
 */

export interface IdentityFindings {
  errors: readonly { code: string }[];
  warnings: readonly { code: string }[];
}

export interface IdentityValidator {
  nik(nik: string, declared: { sex?: Sex; birthDate?: string }): IdentityFindings;
  kk(kk: string): IdentityFindings;
}

export interface ValidationDeps {
  /** Whether a village code exists (e.g. `regions.village(code) !== undefined`). */
  regionExists(code: string): boolean;
  identity: IdentityValidator;
  /** Today's date `YYYY-MM-DD` (local), for "not in the future". */
  today: string;
}

export interface ValidationReport {
  errors: FieldIssue[];
  warnings: FieldIssue[];
}

export type ValidationOutcome =
  | { ok: true; content: ProposalContent; warnings: FieldIssue[] }
  | { ok: false; errors: FieldIssue[]; warnings: FieldIssue[] };

/** Parses raw input with the contract, then applies the domain rules. */
export function validateProposalInput(
  input: unknown,
  deps: ValidationDeps,
  pathPrefix: readonly (string | number)[] = [],
): ValidationOutcome {
  const parsed = parseWithIssues(ProposalContent, input, pathPrefix);
  if (!parsed.ok) return { ok: false, errors: parsed.issues, warnings: [] };
  const prefix = pathPrefix.length > 0 ? `${pathPrefix.join('.')}.` : '';
  const report = validateContent(parsed.data, deps);
  const errors = report.errors.map((issue) => ({ ...issue, path: prefix + issue.path }));
  const warnings = report.warnings.map((issue) => ({ ...issue, path: prefix + issue.path }));
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, content: parsed.data, warnings };
}

/** The domain rules for content that already passed the contract. */
export function validateContent(content: ProposalContent, deps: ValidationDeps): ValidationReport {
  const report: ValidationReport = { errors: [], warnings: [] };
  switch (content.type) {
    case 'new_household':
    case 'split_household':
      checkHousehold(content.household, 'household', deps, report);
      break;
    case 'update':
      checkRegion(content.regionCode, 'regionCode', deps, report);
      if (content.household) checkHousehold(content.household, 'household', deps, report);
      content.nikCorrections?.forEach((correction, index) => {
        const path = `nikCorrections.${index}`;
        checkNik(correction.oldNik, {}, `${path}.oldNik`, deps, report);
        checkNik(correction.newNik, {}, `${path}.newNik`, deps, report);
        if (correction.oldNik === correction.newNik)
          report.errors.push({ path: `${path}.newNik`, code: 'update.nik_unchanged' });
      });
      break;
    case 'add_member':
      checkRegion(content.regionCode, 'regionCode', deps, report);
      checkMembers(content.members, 'members', deps, report);
      break;
    case 'remove_member':
      checkRegion(content.regionCode, 'regionCode', deps, report);
      content.members.forEach((member, index) => {
        checkNik(member.nik, {}, `members.${index}.nik`, deps, report);
        checkNotFuture(member.effectiveDate, `members.${index}.effectiveDate`, deps, report);
      });
      checkUniqueNiks(content.members, 'members', report);
      break;
    case 'deactivate':
      checkRegion(content.regionCode, 'regionCode', deps, report);
      checkNotFuture(content.effectiveDate, 'effectiveDate', deps, report);
      if (content.person) {
        const declared = content.person.birthDate ? { birthDate: content.person.birthDate } : {};
        checkNik(content.person.nik, declared, 'person.nik', deps, report);
        checkNotFuture(content.person.birthDate, 'person.birthDate', deps, report);
      }
      if (content.kkNumber !== undefined) checkKk(content.kkNumber, 'kkNumber', deps, report);
      break;
    case 'reactivate':
      checkRegion(content.regionCode, 'regionCode', deps, report);
      break;
    default: {
      const unreachable: never = content;
      throw new Error(`validateContent: unknown type ${String(unreachable)}`);
    }
  }
  return report;
}

function checkHousehold(household: HouseholdData, path: string, deps: ValidationDeps, report: ValidationReport): void {
  checkRegion(household.regionCode, `${path}.regionCode`, deps, report);
  if (household.kkNumber !== undefined) checkKk(household.kkNumber, `${path}.kkNumber`, deps, report);
  checkMembers(household.members, `${path}.members`, deps, report);
  const heads = household.members.flatMap((member, index) =>
    member.relationship === 'kepala_keluarga' ? [index] : [],
  );
  if (heads.length === 0) report.errors.push({ path: `${path}.members`, code: 'household.head_missing' });
  for (const index of heads.slice(1))
    report.errors.push({ path: `${path}.members.${index}.relationship`, code: 'household.head_multiple' });
}

function checkMembers(members: readonly Member[], path: string, deps: ValidationDeps, report: ValidationReport): void {
  members.forEach((member, index) => {
    checkNik(member.nik, { sex: member.sex, birthDate: member.birthDate }, `${path}.${index}.nik`, deps, report);
    checkNotFuture(member.birthDate, `${path}.${index}.birthDate`, deps, report);
  });
  checkUniqueNiks(members, path, report);
}

function checkUniqueNiks(members: readonly { nik: string }[], path: string, report: ValidationReport): void {
  const seen = new Set<string>();
  members.forEach((member, index) => {
    if (seen.has(member.nik)) report.errors.push({ path: `${path}.${index}.nik`, code: 'household.nik_duplicate' });
    seen.add(member.nik);
  });
}

function checkRegion(code: string, path: string, deps: ValidationDeps, report: ValidationReport): void {
  if (!deps.regionExists(code)) report.errors.push({ path, code: 'region.village_unknown' });
}

function checkNik(
  nik: string,
  declared: { sex?: Sex; birthDate?: string },
  path: string,
  deps: ValidationDeps,
  report: ValidationReport,
): void {
  const findings = deps.identity.nik(nik, declared);
  for (const { code } of findings.errors) report.errors.push({ path, code });
  for (const { code } of findings.warnings) report.warnings.push({ path, code });
}

function checkKk(kk: string, path: string, deps: ValidationDeps, report: ValidationReport): void {
  const findings = deps.identity.kk(kk);
  for (const { code } of findings.errors) report.errors.push({ path, code });
  for (const { code } of findings.warnings) report.warnings.push({ path, code });
}

function checkNotFuture(date: string | undefined, path: string, deps: ValidationDeps, report: ValidationReport): void {
  if (date === undefined) return;
  if (date > deps.today) report.errors.push({ path, code: 'date.future' });
  else if (date < '1900-01-01') report.errors.push({ path, code: 'date.too_old' });
}
