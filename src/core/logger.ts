/**
 * The one place tfgym prints warnings (Gymnasium's `logger.warn`). Tests and embedding code can
 * capture or silence them with {@link setWarningHandler}.
 */
export type WarningHandler = (message: string) => void;

let handler: WarningHandler = (message) => console.warn(`tfgym: ${message}`);

export function warn(message: string): void {
  handler(message);
}

/** Replaces the warning sink; returns a function that restores the previous one. */
export function setWarningHandler(next: WarningHandler): () => void {
  const previous = handler;
  handler = next;
  return () => {
    handler = previous;
  };
}
