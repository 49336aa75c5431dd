// Expected failures, served as typed GraphQL errors (SPEC.md §14). Anything else is a bug.

export class ValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends Error {
  constructor(message = 'Not found.') {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class InvalidStateError extends Error {
  constructor(
    readonly currentState: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidStateError';
  }
}

export class ConflictError extends Error {
  constructor(message = 'A concurrent change won; reload and try again.') {
    super(message);
    this.name = 'ConflictError';
  }
}

export class AuthenticationError extends Error {
  constructor(message = 'Invalid username or password.') {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/** Visible to the user, but the role does not allow the operation (SPEC §2); invisible objects are NotFoundError. */
export class ForbiddenError extends Error {
  constructor(message = 'You are not allowed to do this.') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** A link or token past its expiry (SPEC §11: verification links). */
export class ExpiredError extends Error {
  constructor(message = 'This link has expired.') {
    super(message);
    this.name = 'ExpiredError';
  }
}

export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A field a pull request sets (SPEC §10.5), refused in updateInstance while the PR is open. */
export class PrManagedFieldError extends Error {
  constructor(
    readonly field: string,
    message = `${field} follows the pull request while it is open: edit the pull request instead.`,
  ) {
    super(message);
    this.name = 'PrManagedFieldError';
  }
}
