import { useEffect, useState } from 'preact/hooks';
import {
  checkShownEvent,
  checkSignature,
  parseCheckpoint,
  parseVerifierKey,
  shortCode,
  toHex,
  type EventCheck,
  type LeafProof,
  type ShownEvent,
  type SignatureCheck,
} from './log-proof.ts';

type Getter = <T>(path: string) => Promise<T>;

/** The per-request cap of `GET /v1/reports/audit/proofs`. */
const BATCH = 50;

export type LogProofState =
  | { phase: 'checking' }
  | { phase: 'none' }
  | { phase: 'error' }
  | {
      phase: 'done';
      size: number;
      code: string;
      keyId: string;
      signature: SignatureCheck;
      events: Map<string, EventCheck>;
    };

/** Public text routes (no login): the signed note and the verifier key, or undefined on 404. */
async function text(path: string): Promise<string | undefined> {
  const response = await fetch(path, { credentials: 'omit' });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.text();
}

/**
 * Checks every shown event against the latest signed checkpoint: one fetch of the checkpoint
 * and its key, then the events' leaves and proofs in batches, each verified here (log-proof.ts).
 * An invalid checkpoint signature fails every event: its root is then nobody's word.
 */
export async function checkEvents(get: Getter, shown: readonly ShownEvent[]): Promise<LogProofState> {
  const [note, vkey] = await Promise.all([text('/v1/audit/checkpoint'), text('/v1/audit/verifier-key')]);
  if (note === undefined || vkey === undefined) return { phase: 'none' };
  const checkpoint = parseCheckpoint(note);
  const signature = await checkSignature(checkpoint, vkey);
  const proofs = new Map<string, LeafProof>();
  const ids = [...new Set(shown.map((event) => event.eventId))];
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    const answer = await get<{ items: LeafProof[] }>(
      `/v1/reports/audit/proofs?eventIds=${batch.join(',')}&treeSize=${checkpoint.size}`,
    );
    for (const item of answer.items) proofs.set(item.eventId, item);
  }
  const events = new Map<string, EventCheck>();
  for (const event of shown) {
    events.set(
      event.eventId,
      signature === 'invalid'
        ? { status: 'failed', reason: 'signature' }
        : await checkShownEvent(event, proofs.get(event.eventId), checkpoint),
    );
  }
  return {
    phase: 'done',
    size: checkpoint.size,
    code: shortCode(checkpoint),
    keyId: toHex(parseVerifierKey(vkey).keyId),
    signature,
    events,
  };
}

/** `checkEvents` for the explorer, re-run when the shown events change. */
export function useLogProofs(get: Getter, shown: readonly ShownEvent[] | undefined): LogProofState {
  const [state, setState] = useState<LogProofState>({ phase: 'checking' });
  const key = shown?.map((event) => event.eventId).join(',') ?? '';
  useEffect(() => {
    if (!shown) return undefined;
    let live = true;
    setState({ phase: 'checking' });
    checkEvents(get, shown).then(
      (result) => live && setState(result),
      () => live && setState({ phase: 'error' }),
    );
    return () => {
      live = false;
    };
    // The events' ids decide; `get` is a new arrow on every render.
  }, [key]);
  return state;
}
