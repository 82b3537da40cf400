import { fillTemplate, type MessageLanguage } from '@siks/contracts';
import { intakeFieldMessages } from '../proposals/messages.ts';
import type { RowIssue } from './results.ts';
import type { FileIssue } from './rows.ts';

/** `{…issue, message}` in Bahasa Indonesia or English (for `GET /v1/intake/imports/:id`). */
export function renderImportIssue<T extends RowIssue | FileIssue>(
  issue: T,
  lang: MessageLanguage,
): T & { message: string } {
  const text = intakeFieldMessages[issue.code];
  return { ...issue, message: text ? fillTemplate(text[lang], issue.params) : issue.code };
}
