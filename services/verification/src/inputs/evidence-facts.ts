import { Geotag, isPersonalSealed, type AdmindukEvent, type Sealed } from '@siks/contracts';
import type { Queryable } from '@siks/pg';
import type { EvidenceFacts, PhotoMatch, ReferenceFacts } from '../checks/facts.ts';
import { asRecord, asString, type PersonalDataOpener } from './opened.ts';

/** Read-model queries behind the evidence, photo and population-reference checks. */

/**
 * Active, classified evidence linked to each proposal (by recording time). Only documents of
 * the proposal's own village count: the document service refuses other links, and a link that
 * got past it (an older event, a forged one) must not complete another village's evidence.
 */
export async function loadEvidence(
  db: Queryable,
  proposalIds: readonly string[],
  opener: PersonalDataOpener,
): Promise<Map<string, EvidenceFacts[]>> {
  const found = new Map<string, EvidenceFacts[]>(proposalIds.map((id) => [id, []]));
  if (proposalIds.length === 0) return found;
  const { rows } = await db.query<{ proposal_id: string; document_id: string; kind: string | null; geotag: unknown }>(
    `SELECT l.proposal_id, e.document_id, e.kind, e.geotag
       FROM verification.evidence_links l JOIN verification.evidence e ON e.document_id = l.document_id
       JOIN verification.proposals p ON p.proposal_id = l.proposal_id AND p.region_code = e.region_code
      WHERE l.proposal_id = ANY($1::uuid[]) AND e.status = 'active' AND e.kind IS NOT NULL
      ORDER BY l.proposal_id, e.recorded_at, e.document_id`,
    [proposalIds],
  );
  for (const row of rows) {
    // Sealed under the document's subject since geotags are sealed (a forgotten one opens as nothing).
    const clear = isPersonalSealed(row.geotag) ? await opener.open(row.geotag, 'geotag') : row.geotag;
    const geotag = Geotag.safeParse(clear);
    found.get(row.proposal_id)?.push({
      documentId: row.document_id,
      kind: row.kind ?? '',
      ...(geotag.success ? { geotag: geotag.data } : {}),
    });
  }
  return found;
}

/**
 * Photos of each proposal seen in other proposals: exact matches found here (the same
 * document linked to another proposal, the same SHA-256 or the same perceptual hash) and the
 * document service's findings (`DocumentDuplicateFound`, which also catches near-duplicates),
 * with the other proposal's household when known.
 */
export async function queryPhotoMatches(
  db: Queryable,
  proposalIds: readonly string[],
): Promise<Map<string, PhotoMatch[]>> {
  const found = new Map<string, PhotoMatch[]>(proposalIds.map((id) => [id, []]));
  if (proposalIds.length === 0) return found;
  const { rows } = await db.query<{
    asker: string;
    document_id: string;
    by: 'sha256' | 'perceptual';
    other_proposal_id: string;
    other_household_id: string | null;
    region_code: string;
  }>(
    `SELECT asker.id AS asker, m.* FROM unnest($1::uuid[]) AS asker(id) CROSS JOIN LATERAL (
     WITH mine AS (
       SELECT e.document_id, e.sha256, e.perceptual_hash
         FROM verification.evidence_links l JOIN verification.evidence e ON e.document_id = l.document_id
         JOIN verification.proposals p ON p.proposal_id = l.proposal_id AND p.region_code = e.region_code
        WHERE l.proposal_id = asker.id AND e.status = 'active' AND e.kind = 'foto_rumah'),
     found AS (
       SELECT mine.document_id, ol.proposal_id AS other_proposal_id, other.region_code,
              CASE WHEN other.sha256 = mine.sha256 THEN 'sha256' ELSE 'perceptual' END AS by
         FROM mine
         JOIN verification.evidence other
           ON other.status = 'active' AND other.kind = 'foto_rumah'
          AND (other.document_id = mine.document_id OR other.sha256 = mine.sha256
               OR other.perceptual_hash = mine.perceptual_hash)
         JOIN verification.evidence_links ol ON ol.document_id = other.document_id AND ol.proposal_id <> asker.id
        -- A photo linked to a proposal of another village is no offer of that proposal.
        WHERE NOT EXISTS (SELECT 1 FROM verification.proposals op
                           WHERE op.proposal_id = ol.proposal_id AND op.region_code <> other.region_code)
       UNION
       SELECT m.document_id, m.other_proposal_id, m.region_code,
              CASE WHEN m.match = 'perceptual' THEN 'perceptual' ELSE 'sha256' END
         FROM verification.photo_matches m
         JOIN mine ON mine.document_id = m.document_id
        WHERE m.proposal_id = asker.id AND m.other_proposal_id <> asker.id)
     SELECT f.document_id, f.by, f.other_proposal_id, p.household_id AS other_household_id,
            COALESCE(p.region_code, f.region_code) AS region_code
       FROM found f LEFT JOIN verification.proposals p ON p.proposal_id = f.other_proposal_id) m
      ORDER BY asker, m.document_id, m.other_proposal_id, m.by`,
    [proposalIds],
  );
  for (const row of rows)
    found.get(row.asker)?.push({
      documentId: row.document_id,
      by: row.by,
      otherProposalId: row.other_proposal_id,
      otherHouseholdId: row.other_household_id ?? undefined,
      regionCode: row.region_code,
    });
  return found;
}

/** Population-reference lines of (old or new) NIKs among these, by event date and import order. */
export async function loadReferences(
  db: Queryable,
  opener: PersonalDataOpener,
  nikIndexes: readonly string[],
): Promise<ReferenceFacts[]> {
  if (nikIndexes.length === 0) return [];
  const { rows } = await db.query<{
    nik_index: string;
    new_nik_index: string | null;
    event: AdmindukEvent;
    event_date: string;
    region_code: string;
    destination_region_code: string | null;
    personal: Sealed;
  }>(
    `SELECT nik_index, new_nik_index, event, to_char(event_date, 'YYYY-MM-DD') AS event_date, region_code,
            destination_region_code, personal
       FROM verification.population_reference
      WHERE nik_index = ANY($1::text[]) OR new_nik_index = ANY($1::text[])
      ORDER BY event_date, import_id, row_number`,
    [nikIndexes],
  );
  return Promise.all(
    rows.map(async (row) => {
      const opened = await opener.open(row.personal);
      const fields = asRecord(opened);
      return {
        nikIndex: row.nik_index,
        newNikIndex: row.new_nik_index ?? undefined,
        event: row.event,
        eventDate: row.event_date,
        regionCode: row.region_code,
        destinationRegionCode: row.destination_region_code ?? undefined,
        name: asString(fields['name']),
        birthDate: asString(fields['birthDate']),
        forgotten: opened === undefined,
      };
    }),
  );
}
