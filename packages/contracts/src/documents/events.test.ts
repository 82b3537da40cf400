import { describe, expect, it } from 'vitest';
import { DocumentEvent, DocumentUploadedV1, Geotag } from './index.ts';

const uploaded = {
  documentId: '01950000-0000-7000-8000-000000000001',
  sha256: 'a'.repeat(64),
  kind: 'foto_rumah',
  mediaType: 'image/jpeg',
  size: 1234,
  geotag: { lat: -8.7056, lon: 116.2706, altitude: 112.5, capturedAt: '2025-03-10T09:15:30+08:00' },
  perceptualHash: '0f0f0f0f0f0f0f0f',
  regionCode: '52.02.01.1001',
  uploadedBy: 'user-1',
};

describe('document contracts', () => {
  it('accepts a well-formed upload event inside the union', () => {
    const parsed = DocumentEvent.parse({ type: 'DocumentUploaded', schemaVersion: 1, data: uploaded });
    expect(parsed.type).toBe('DocumentUploaded');
  });

  it('refuses unknown fields (strict objects), including inside the geotag', () => {
    expect(DocumentUploadedV1.safeParse({ ...uploaded, fileName: 'x.jpg' }).success).toBe(false);
    expect(Geotag.safeParse({ lat: 0, lon: 0, accuracy: 3 }).success).toBe(false);
  });

  it('refuses an unknown kind, media type, or a malformed hash', () => {
    expect(DocumentUploadedV1.safeParse({ ...uploaded, kind: 'selfie' }).success).toBe(false);
    expect(DocumentUploadedV1.safeParse({ ...uploaded, mediaType: 'image/gif' }).success).toBe(false);
    expect(DocumentUploadedV1.safeParse({ ...uploaded, sha256: 'A'.repeat(64) }).success).toBe(false);
  });

  it('bounds coordinates and accepts local or offset capture times', () => {
    expect(Geotag.safeParse({ lat: 91, lon: 0 }).success).toBe(false);
    expect(Geotag.safeParse({ lat: 0, lon: -181 }).success).toBe(false);
    expect(Geotag.safeParse({ lat: 1, lon: 2, capturedAt: '2025-03-10T09:15:30' }).success).toBe(true);
    expect(Geotag.safeParse({ lat: 1, lon: 2, capturedAt: '2025-03-10T09:15:30Z' }).success).toBe(true);
    expect(Geotag.safeParse({ lat: 1, lon: 2, capturedAt: '10/03/2025' }).success).toBe(false);
  });

  it('ties the schema version to the type', () => {
    const linked = {
      documentId: uploaded.documentId,
      proposalId: '01950000-0000-7000-8000-000000000002',
      regionCode: '52.02.01.1001',
      linkedBy: 'user-1',
    };
    expect(DocumentEvent.safeParse({ type: 'DocumentLinked', schemaVersion: 1, data: linked }).success).toBe(true);
    expect(DocumentEvent.safeParse({ type: 'DocumentLinked', schemaVersion: 2, data: linked }).success).toBe(false);
  });

  it('carries the region on every event, a link included', () => {
    const linked = { documentId: uploaded.documentId, proposalId: '01950000-0000-7000-8000-000000000002' };
    expect(DocumentEvent.safeParse({ type: 'DocumentLinked', schemaVersion: 1, data: linked }).success).toBe(false);
  });

  it('names every other offer of a duplicate photo, with how it matched', () => {
    const finding = {
      documentId: uploaded.documentId,
      proposalId: '01950000-0000-7000-8000-000000000002',
      regionCode: '52.02.01.1001',
      kind: 'foto_rumah',
      sha256: uploaded.sha256,
      matches: [
        {
          documentId: '01950000-0000-7000-8000-000000000003',
          proposalId: '01950000-0000-7000-8000-000000000004',
          regionCode: '52.02.01.1002',
          match: 'perceptual',
          distance: 3,
        },
      ],
    };
    const event = { type: 'DocumentDuplicateFound', schemaVersion: 1, data: finding };
    expect(DocumentEvent.safeParse(event).success).toBe(true);
    expect(DocumentEvent.safeParse({ ...event, data: { ...finding, matches: [] } }).success).toBe(false);
    const badMatch = { ...finding.matches[0], match: 'similar' };
    expect(DocumentEvent.safeParse({ ...event, data: { ...finding, matches: [badMatch] } }).success).toBe(false);
  });
});
