import type { Actor, Channel, DuplicateResolution, ProposalContent, WindowKind } from '@siks/contracts';

/**
 * Commands of the Proposal aggregate (Emmett style: `{type, data, metadata}`). Content in
 * commands is already parsed by the zod contract and checked by validate.ts; `decide` keeps
 * only the lifecycle rules. `metadata.now` is the clock (for the proposal window).
 */
export interface CommandMetadata {
  now: Date;
  actor: Actor;
}

export type ProposalCommand =
  | {
      type: 'DraftProposal';
      data: {
        proposalId: string;
        channel: Channel;
        content: ProposalContent;
        /** Submit at once (`"submit": true`); outside the window the draft waits. */
        submit: boolean;
        clientId?: string;
        source?: { importId: string; rows: number[]; meetingId?: string };
      };
      metadata: CommandMetadata;
    }
  | {
      type: 'AmendProposal';
      /** `content`: the whole content after the change (see patch.ts). */
      data: { proposalId: string; reason: string; content: ProposalContent };
      metadata: CommandMetadata;
    }
  | {
      type: 'SubmitProposal';
      /** `windowKind`: the proposal's window when its content is not opened (system submissions). */
      data: { proposalId: string; windowKind?: WindowKind };
      metadata: CommandMetadata;
    }
  | { type: 'WithdrawProposal'; data: { proposalId: string; reason: string }; metadata: CommandMetadata }
  | {
      type: 'ReturnProposal';
      data: { proposalId: string; reason: string; verificationCaseId: string; fields?: readonly string[] };
      metadata: CommandMetadata;
    }
  | { type: 'VerifyProposal'; data: { proposalId: string; verificationCaseId: string }; metadata: CommandMetadata }
  | {
      type: 'RejectProposal';
      data: { proposalId: string; verificationCaseId: string; reason: string };
      metadata: CommandMetadata;
    }
  | {
      type: 'ApproveProposal';
      /** `resolution`: how the approver resolved people or a KK active in another household. */
      data: { proposalId: string; verificationCaseId: string; resolution?: DuplicateResolution | undefined };
      metadata: CommandMetadata;
    };

export type ProposalCommandOf<T extends ProposalCommand['type']> = Extract<ProposalCommand, { type: T }>;
