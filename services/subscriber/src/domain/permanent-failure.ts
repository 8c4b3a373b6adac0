/**
 * An event that can never be handled, however often it is delivered (a reset token that
 * does not open). The consumer answers DROP, so it goes to the dead-letter topic.
 */
export class PermanentFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentFailure';
  }
}
