import { z } from 'zod';
import { FailureSchema } from './result';

/**
 * How the contract travels over the host's WebSocket: calls carry an id the result echoes,
 * subscriptions name a stream. Command and stream names are checked against the contract
 * after this envelope, so an unknown name gets its own error.
 */
export const ClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.number().int().nonnegative(), command: z.string(), request: z.unknown() }),
  z.object({
    type: z.literal('subscribe'),
    stream: z.string(),
    /**
     * 'summary': this view is hidden (a background tab), so of the live table it wants what the system header and
     * Problems show, not per-process history: samples carry only orphan and exec changes. Subscribing again with
     * 'full' (the default) starts it from the live table again. Recordings are kept whole either way.
     */
    detail: z.enum(['full', 'summary']).optional(),
  }),
  z.object({ type: z.literal('unsubscribe'), stream: z.string() }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
export type StreamDetail = 'full' | 'summary';

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    id: z.number().int(),
    result: z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: FailureSchema })]),
  }),
  z.object({ type: z.literal('event'), stream: z.string(), payload: z.unknown() }),
  /** A message that could not be tied to a call (not JSON, no id): the client shows it. */
  z.object({ type: z.literal('error'), error: FailureSchema }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
