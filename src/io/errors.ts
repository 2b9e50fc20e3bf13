/** Errors a user can act on (bad flag, missing column, unreadable file, bad model). Anything else is a bug. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'UserError';
  }
}

/** A usage error: wrong or conflicting arguments. Exit code 2. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
