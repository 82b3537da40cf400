import { describe, expect, it } from 'vitest';
import { UploadFieldError } from './errors.ts';
import { acceptField, type UploadFields } from './upload-fields.ts';

const accept = (name: string, value: string, fields: UploadFields = {}): UploadFields => {
  acceptField(fields, name, value, false, 100);
  return fields;
};
const issueOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof UploadFieldError) return error.errors[0];
    throw error;
  }
  return undefined;
};

describe('acceptField', () => {
  it('takes a village code and a channel', () => {
    expect(accept('regionCode', ' 52.02.01.1001 ')).toEqual({ regionCode: '52.02.01.1001' });
    expect(accept('channel', 'field')).toEqual({ channel: 'field' });
  });

  it('refuses a region that is not a village code, and an unknown channel', () => {
    expect(issueOf(() => accept('regionCode', '52.02'))).toMatchObject({ path: 'regionCode', code: 'invalid_format' });
    expect(issueOf(() => accept('regionCode', '../52'))).toMatchObject({ path: 'regionCode', code: 'invalid_format' });
    expect(issueOf(() => accept('channel', 'musdes'))).toMatchObject({ path: 'channel', code: 'invalid_value' });
  });

  it('refuses a repeated region', () => {
    expect(issueOf(() => accept('regionCode', '52.02.01.1001', { regionCode: '52.02.01.1001' }))).toMatchObject({
      path: 'regionCode',
      code: 'duplicate',
    });
  });
});
