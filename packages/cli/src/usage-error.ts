/** The user asked for something the CLI cannot do as asked: exit 1 with this line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
