import { builder } from './builder.ts';
import { AuthenticationError, ConflictError, ExpiredError, InvalidStateError, NotFoundError, PrManagedFieldError, ValidationError } from '../errors.ts';

// Typed failures clients can switch on (SPEC.md §14).
export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ field: t.exposeString('field') }),
});
builder.objectType(NotFoundError, { name: 'NotFoundError', interfaces: [ErrorInterface] });
builder.objectType(InvalidStateError, {
  name: 'InvalidStateError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ currentState: t.exposeString('currentState') }),
});
builder.objectType(ConflictError, { name: 'ConflictError', interfaces: [ErrorInterface] });
builder.objectType(AuthenticationError, { name: 'AuthenticationError', interfaces: [ErrorInterface] });
builder.objectType(PrManagedFieldError, {
  name: 'PrManagedFieldError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ field: t.exposeString('field') }),
});
builder.objectType(ExpiredError, { name: 'ExpiredError', interfaces: [ErrorInterface] });
