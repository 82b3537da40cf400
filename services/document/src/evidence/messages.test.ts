import { describe, expect, it } from 'vitest';
import { EmptyFileError, TooLargeError } from '../storage/errors.ts';
import {
  MalformedUploadError,
  NotMultipartError,
  TypeMismatchError,
  UnsupportedTypeError,
  UploadFieldError,
  UploadLimitError,
} from './errors.ts';
import { documentMessages } from './messages.ts';

describe('documentMessages', () => {
  it('has a text for every problem a client can cause, with every placeholder filled by params', () => {
    const errors = [
      new TooLargeError(10),
      new EmptyFileError(),
      new UnsupportedTypeError(undefined),
      new TypeMismatchError('image/jpeg', 'image/png'),
      new NotMultipartError(),
      new UploadLimitError('files'),
      new MalformedUploadError(),
    ];
    for (const error of errors) {
      const message = (documentMessages.problems as Record<string, { detail: { id: string; en: string } }>)[error.code];
      expect(message, error.code).toBeDefined();
      for (const text of [message!.detail.id, message!.detail.en]) {
        for (const [, name] of text.matchAll(/\{(\w+)\}/g))
          expect(error.params, `${error.code} {${name}}`).toHaveProperty(name!);
      }
    }
  });

  it('uses the service kit problem for field errors, and has a text for its own field code', () => {
    expect(new UploadFieldError([{ path: 'kind', code: 'duplicate' }]).code).toBe('validation_failed');
    expect(documentMessages.fields.duplicate.id).toBeTruthy();
  });
});
