import { proposalFieldMessages, type LocalizedText } from '@siks/contracts';
import { identityMessages } from '@siks/wilayah';
import { importMessages } from '../imports/messages.ts';
import { proposalErrorMessages } from './errors.ts';

/**
 * Every code intake can answer with, in Bahasa Indonesia and English: field codes of the
 * contract and the domain rules, `@siks/wilayah`'s NIK/KK codes, import codes (field
 * errors), and the aggregate's refusals (`proposal.*`, problem details).
 */
export const intakeFieldMessages: Readonly<Record<string, LocalizedText>> = {
  ...proposalFieldMessages,
  ...identityMessages,
  ...importMessages,
};

export const intakeProblemMessages: Readonly<Record<string, LocalizedText>> = proposalErrorMessages;
