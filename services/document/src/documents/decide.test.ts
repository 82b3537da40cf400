import type { DocumentUploadedV1 } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import { decideLink, decideUnlink, decideUpload } from './decide.ts';
import { evolve, initialState, type DocumentState } from './state.ts';

const upload: DocumentUploadedV1 = {
  documentId: '01950000-0000-7000-8000-000000000001',
  sha256: 'a'.repeat(64),
  kind: 'foto_rumah',
  mediaType: 'image/jpeg',
  size: 1000,
  proposalId: '01950000-0000-7000-8000-0000000000aa',
  regionCode: '52.02.01.1001',
  uploadedBy: 'op-1',
};
const at = (revision: number) => ({ revision, occurredAt: '2025-03-10T01:00:00.000Z' });
const uploaded = evolve(initialState, { type: 'DocumentUploaded', schemaVersion: 1, data: upload }, at(0));

describe('decideUpload', () => {
  it('uploads into a new stream', () => {
    expect(decideUpload(upload, initialState)).toEqual({ ok: true, events: [upload] });
  });

  it('appends nothing for the same upload again (an Idempotency-Key retry), even after links', () => {
    const linked = evolve(
      uploaded,
      {
        type: 'DocumentLinked',
        schemaVersion: 1,
        data: {
          documentId: upload.documentId,
          proposalId: '01950000-0000-7000-8000-0000000000bb',
          regionCode: upload.regionCode,
          linkedBy: 'op-1',
        },
      },
      at(1),
    );
    expect(decideUpload(upload, uploaded)).toEqual({ ok: true, events: [] });
    expect(decideUpload(upload, linked)).toEqual({ ok: true, events: [] });
  });

  it('refuses other bytes, kind, proposal, region or uploader under the same id', () => {
    for (const change of [
      { sha256: 'b'.repeat(64) },
      { kind: 'ktp' as const },
      { proposalId: undefined },
      { regionCode: '52.02.01.1002' },
      { uploadedBy: 'op-2' },
    ]) {
      const { proposalId, ...rest } = { ...upload, ...change };
      const command = proposalId === undefined ? rest : { ...rest, proposalId };
      expect(decideUpload(command, uploaded), JSON.stringify(change)).toEqual({
        ok: false,
        reason: 'idempotency_conflict',
      });
    }
  });
});

describe('decideLink', () => {
  const command = { proposalId: '01950000-0000-7000-8000-0000000000bb', linkedBy: 'op-2' };

  it('links an uploaded document to a new proposal, carrying its region', () => {
    expect(decideLink(command, uploaded)).toEqual({
      ok: true,
      events: [
        {
          documentId: upload.documentId,
          proposalId: command.proposalId,
          regionCode: upload.regionCode,
          linkedBy: 'op-2',
        },
      ],
    });
  });

  it('appends nothing when the link exists, and refuses a missing or refused document', () => {
    expect(decideLink({ ...command, proposalId: upload.proposalId! }, uploaded)).toEqual({ ok: true, events: [] });
    expect(decideLink(command, initialState)).toEqual({ ok: false, reason: 'not_found' });
    const rejected: DocumentState = {
      status: 'rejected',
      documentId: upload.documentId,
      reason: 'file_empty',
      regionCode: upload.regionCode,
      revision: 0,
    };
    expect(decideLink(command, rejected)).toEqual({ ok: false, reason: 'not_found' });
  });
});

describe('evolve', () => {
  it('keeps links in order and merges duplicate findings once per document and proposal', () => {
    const match = {
      documentId: '01950000-0000-7000-8000-000000000009',
      proposalId: '01950000-0000-7000-8000-0000000000cc',
      regionCode: '52.02.01.1002',
      match: 'sha256' as const,
      distance: 0,
    };
    const finding = {
      type: 'DocumentDuplicateFound' as const,
      schemaVersion: 1 as const,
      data: {
        documentId: upload.documentId,
        proposalId: upload.proposalId!,
        regionCode: upload.regionCode,
        kind: upload.kind,
        sha256: upload.sha256,
        matches: [match],
      },
    };
    const state = evolve(evolve(uploaded, finding, at(1)), finding, at(2));
    expect(state).toMatchObject({
      status: 'uploaded',
      duplicates: [match],
      revision: 2,
      proposalIds: [upload.proposalId],
    });
  });
});

describe('decideUnlink', () => {
  const command = { proposalId: upload.proposalId!, reason: 'Salah foto', unlinkedBy: 'op-1' };
  const unlinked = {
    documentId: upload.documentId,
    proposalId: upload.proposalId!,
    regionCode: upload.regionCode,
    reason: 'Salah foto',
    unlinkedBy: 'op-1',
  };

  it('withdraws a linked document once; again appends nothing; never linked or missing is not found', () => {
    expect(decideUnlink(command, uploaded)).toEqual({ ok: true, events: [unlinked] });
    const withdrawn = evolve(uploaded, { type: 'DocumentUnlinked', schemaVersion: 1, data: unlinked }, at(1));
    expect(withdrawn).toMatchObject({ proposalIds: [], withdrawnFrom: [upload.proposalId] });
    expect(decideUnlink(command, withdrawn)).toEqual({ ok: true, events: [] });
    expect(decideUnlink({ ...command, proposalId: '01950000-0000-7000-8000-0000000000bb' }, uploaded)).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(decideUnlink(command, initialState)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('lets a withdrawn document be linked to the proposal again', () => {
    const withdrawn = evolve(uploaded, { type: 'DocumentUnlinked', schemaVersion: 1, data: unlinked }, at(1));
    const again = decideLink({ proposalId: upload.proposalId!, linkedBy: 'op-1' }, withdrawn);
    expect(again).toMatchObject({ ok: true, events: [{ proposalId: upload.proposalId }] });
  });
});
