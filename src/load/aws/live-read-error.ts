/**
 * An EC2 read that failed for a reason other than a denied permission, after the SDK's retries:
 * the endpoint is unreachable, every attempt timed out, the service kept failing, the input was
 * rejected. The run cannot produce a trustworthy snapshot, so it stops with this one message.
 */
export class LiveReadError extends Error {
  override readonly name = 'LiveReadError';
  readonly action: string;
  readonly code: string;
  readonly attempts: number | undefined;

  constructor(action: string, code: string, detail: string, attempts: number | undefined) {
    const tries = attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : '';
    super(`EC2 ${action} failed${tries}: ${code}${detail ? `: ${detail}` : ''}`);
    this.action = action;
    this.code = code;
    this.attempts = attempts;
  }
}
