import { Nik } from '@siks/contracts';
import { inScope, notFound, requireRole, toEventActor } from '@siks/service-kit';
import { z } from 'zod';
import type { IntakeContext } from '../context.ts';
import { actorMetadata } from '../http/context.ts';
import type { IntakeApp } from '../http/types.ts';
import { forgetPerson } from './forget.ts';

/** Who may forget a person: the administrators (a regency's, a province's, the centre's), within their scope. */
const forgetters = requireRole('admin_kabkota', 'admin_provinsi', 'pusdatin');

/** A reason an auditor can read later; it must not carry the NIK or any other 16-digit number. */
export const ErasureReason = z
  .string()
  .trim()
  .min(10, { error: 'erasure.reason_short' })
  .max(500, { error: 'erasure.reason_long' })
  .refine((text) => !/\d{16}/.test(text.replace(/[\s.-]/g, '')), { error: 'erasure.reason_personal' });

/** The NIK rides in the body, never in the URL (DESIGN.md §6). */
export const ForgetPersonBody = z.object({ nik: Nik, reason: ErasureReason }).strict();

export const ForgetPersonAnswer = z.object({
  erasureId: z.uuid(),
  proposals: z.number().int(),
  households: z.number().int(),
  alreadyForgotten: z.boolean(),
});

/** `POST /v1/intake/persons/forget`: forgetting a person on request (docs/security.md). */
export function registerErasureRoutes(app: IntakeApp, context: IntakeContext): void {
  app.post(
    '/v1/intake/persons/forget',
    {
      preHandler: forgetters,
      schema: {
        summary: 'Forget a person (crypto-shredding; administrators; reason required)',
        tags: ['personal data'],
        body: ForgetPersonBody,
        response: { 200: ForgetPersonAnswer },
      },
    },
    async (request) => {
      const outcome = await forgetPerson(context, {
        nik: request.body.nik,
        reason: request.body.reason,
        inScope: (regionCode) => inScope(request.actor, regionCode),
        national: request.actor.regionCode === '',
        metadata: actorMetadata(toEventActor(request.actor), request.id, context.clock(), 'operator'),
      });
      if (outcome.kind === 'not_found') throw notFound();
      const { kind: _kind, ...answer } = outcome;
      return answer;
    },
  );
}
