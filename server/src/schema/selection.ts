/**
 * Pothos hands a prisma field an empty `select` when the client asked for none of the object's
 * fields (only `__typename`, or only the error members of a result union), and Prisma refuses an
 * empty select: read the id alone then.
 */
export function selecting<Q extends { select?: object }>(query: Q): Q {
  if (query.select && Object.keys(query.select).length === 0) return { ...query, select: { id: true } };
  return query;
}
