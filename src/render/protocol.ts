/**
 * The live viewer's protocol: plain JSON messages, imported by both the Node server and the
 * browser page. Server -> page messages describe the run; page -> server messages are few, small
 * and validated (anything else is dropped with a warning).
 */

export const PROTOCOL_VERSION = 1;
/** Page -> server messages longer than this are dropped unread. */
export const MAX_CLIENT_MESSAGE_BYTES = 1024;

export interface RunSummary {
  kind: 'rl' | 'supervised';
  task: string;
  algorithm: string;
  seed: number;
  total: number;
  start: number;
  config: Record<string, unknown>;
}

/** One step of a recorded episode: the env's state snapshot after the step. */
export interface Frame {
  state: number[];
  action: number | number[] | null;
  reward: number;
}

export type ServerMessage =
  | { type: 'hello'; protocol: number; run: RunSummary; envId: string | null; renderFps: number; observationSpace: unknown; actionSpace: unknown }
  /** A recorded episode; `copy` is the vector-env copy it ran in (0 for a single env). */
  | { type: 'episodeFrames'; episode: number; step: number; copy: number; initialState: number[]; frames: Frame[] }
  | { type: 'episode'; episode: number; step: number; return: number; rawReturn: number | null; length: number }
  | { type: 'metrics'; step: number; values: Record<string, number> }
  | { type: 'eval'; step: number; meanReturn: number; stdReturn: number }
  | { type: 'epoch'; epoch: number; values: Record<string, number> }
  /** Small grayscale images (pixels 0-255, row-major) with their labels and the model's predictions. */
  | { type: 'samples'; step: number; images: { width: number; height: number; pixels: number[]; label: number; prediction: number }[] }
  | { type: 'end'; step: number; seconds: number; reason: string; message: string | null };

export type ClientMessage = { type: 'ping' } | { type: 'hello'; viewer: string };

/** Parses a page -> server message; returns an error text instead of throwing. */
export function parseClientMessage(raw: string): { ok: true; message: ClientMessage } | { ok: false; error: string } {
  if (raw.length > MAX_CLIENT_MESSAGE_BYTES) return { ok: false, error: `message of ${raw.length} bytes exceeds the limit of ${MAX_CLIENT_MESSAGE_BYTES}` };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: `message is not JSON: ${JSON.stringify(raw.slice(0, 40))}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'message must be a JSON object' };
  const m = value as Record<string, unknown>;
  if (m.type === 'ping' && Object.keys(m).length === 1) return { ok: true, message: { type: 'ping' } };
  if (m.type === 'hello' && typeof m.viewer === 'string' && m.viewer.length <= 100 && Object.keys(m).length === 2) {
    return { ok: true, message: { type: 'hello', viewer: m.viewer } };
  }
  return { ok: false, error: `unknown or malformed message type ${JSON.stringify(m.type ?? null)}` };
}
