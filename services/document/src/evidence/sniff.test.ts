import { describe, expect, it } from 'vitest';
import { claimedMediaTypes } from './sniff.ts';

describe('claimedMediaTypes', () => {
  it('reads the last extension, case-insensitively', () => {
    expect(claimedMediaTypes({ filename: 'rumah.JPG' })).toEqual(['image/jpeg']);
    expect(claimedMediaTypes({ filename: 'scan.pdf.png' })).toEqual(['image/png']);
    expect(claimedMediaTypes({ filename: 'berita-acara.pdf' })).toEqual(['application/pdf']);
  });

  it('claims nothing for unknown extensions, no name, or a traversal name', () => {
    expect(claimedMediaTypes({ filename: 'notes.txt' })).toEqual([]);
    expect(claimedMediaTypes({})).toEqual([]);
    expect(claimedMediaTypes({ filename: '../../etc/passwd' })).toEqual([]);
  });

  it('adds the declared type, ignoring generic ones and parameters', () => {
    expect(claimedMediaTypes({ filename: 'a.jpg', mimetype: 'application/octet-stream' })).toEqual(['image/jpeg']);
    expect(claimedMediaTypes({ mimetype: 'image/png; charset=binary' })).toEqual(['image/png']);
    expect(claimedMediaTypes({ filename: 'a.jpg', mimetype: 'image/png' }).sort()).toEqual(['image/jpeg', 'image/png']);
    expect(claimedMediaTypes({ mimetype: 'image/jpg' })).toEqual(['image/jpeg']);
  });
});
