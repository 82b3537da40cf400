import { z } from 'zod';
import { DirectChannel } from './enums.ts';
import { ClientId, Nik, Reason, Timestamp, VillageCode } from './fields.ts';
import { ProposalContent } from './content.ts';
import { UsulHousehold } from './usul.ts';

/** `POST /v1/intake/proposals`: kept as a draft, or submitted at once with `submit: true`. */
export const CreateProposalBody = z
  .object({
    channel: DirectChannel.default('operator'),
    submit: z.boolean().default(false),
    /** Set by field devices; the proposal id is derived from it, so a retry creates nothing twice. */
    clientId: ClientId.optional(),
    proposal: ProposalContent,
  })
  .strict();
export type CreateProposalBody = z.infer<typeof CreateProposalBody>;

/**
 * A field path into a proposal's content, dotted with array indexes:
 * `household.members.0.name`, `household.address.rt`. Same form as amendment changes.
 */
export const ContentPath = z
  .string()
  .max(200)
  .regex(/^[A-Za-z][A-Za-z0-9]*(\.(\d{1,3}|[A-Za-z][A-Za-z0-9]*))*$/, { error: 'patch.path_format' });

/**
 * `PATCH /v1/intake/proposals/:id` (with `If-Match`): `set` maps content paths to their new
 * values; `null` removes an optional field or an array element. The whole amended content is
 * validated again, so errors name the full path.
 * Example: `{"reason":"salah ketik nama","set":{"household.members.1.name":"Siti Aminah"}}`.
 */
export const AmendProposalBody = z
  .object({
    reason: Reason,
    set: z
      .record(ContentPath, z.unknown())
      .refine((set) => Object.keys(set).length > 0, { error: 'patch.empty' })
      .refine((set) => Object.keys(set).length <= 200, { error: 'patch.too_many' }),
  })
  .strict();
export type AmendProposalBody = z.infer<typeof AmendProposalBody>;

/** `POST /v1/intake/proposals/:id/submit` (empty body or `{}`). */
export const SubmitProposalBody = z.object({}).strict();

/** `POST /v1/intake/proposals/:id/withdraw`. */
export const WithdrawProposalBody = z.object({ reason: Reason }).strict();
export type WithdrawProposalBody = z.infer<typeof WithdrawProposalBody>;

/** One record of a field batch; parsed one by one so a bad record does not sink the batch. */
export const FieldBatchRecord = z
  .object({
    clientId: ClientId,
    /** When the household was captured on the device. */
    capturedAt: Timestamp.optional(),
    submit: z.boolean().default(false),
    proposal: ProposalContent,
  })
  .strict();
export type FieldBatchRecord = z.infer<typeof FieldBatchRecord>;

export const FIELD_BATCH_MAX_RECORDS = 500;

/**
 * `POST /v1/intake/field-batches`. `records` is checked for count only; parse each with
 * `FieldBatchRecord` and answer per record (index + clientId when readable).
 */
export const FieldBatchBody = z
  .object({
    deviceId: ClientId,
    records: z.array(z.unknown()).min(1).max(FIELD_BATCH_MAX_RECORDS),
  })
  .strict();
export type FieldBatchBody = z.infer<typeof FieldBatchBody>;

export const ComplaintCategory = z.enum(['missing_household', 'ineligible_recipient', 'data_error', 'other']);
export type ComplaintCategory = z.infer<typeof ComplaintCategory>;

/** The largest complaint photo, decoded (bytes); its base64 is a third larger. */
export const COMPLAINT_PHOTO_MAX_BYTES = 1_000_000;

/**
 * `POST /v1/intake/complaints` (public). `description`, `address`, `contact` and `subject` (whom
 * it concerns) may hold personal data: they are sealed in the event and never echoed in the
 * answer. `missing_household` is an usul, `ineligible_recipient` a sanggah. `photo`: base64.
 * `household` (an usul only): the proposed household, sealed too, from which triage drafts a
 * proposal; its head is then whom the complaint concerns unless `subject` says otherwise.
 */
export const ComplaintBody = z
  .object({
    regionCode: VillageCode,
    category: ComplaintCategory,
    description: z.string().trim().min(10).max(2000),
    subject: z
      .object({ nik: Nik.optional(), name: z.string().trim().min(1).max(100).optional() })
      .strict()
      .optional(),
    photo: z
      .object({
        mediaType: z.enum(['image/jpeg', 'image/png']),
        data: z
          .string()
          .max(Math.ceil(COMPLAINT_PHOTO_MAX_BYTES / 3) * 4, { error: 'photo.too_large' })
          .regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: 'photo.encoding' }),
      })
      .strict()
      .optional(),
    address: z.string().trim().min(1).max(300).optional(),
    /** An usul's proposed household (usul.ts): what intake drafts a proposal from at triage. */
    household: UsulHousehold.optional(),
    contact: z
      .object({
        name: z.string().trim().min(1).max(100).optional(),
        phone: z
          .string()
          .trim()
          .regex(/^\+?\d{8,15}$/, { error: 'phone.format' })
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ComplaintBody = z.infer<typeof ComplaintBody>;
