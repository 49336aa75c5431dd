import { builder } from './builder.ts';
import { AuthenticationError } from '../errors.ts';
import { checkCredentials, createSession, deleteSession, LoginBlockedError } from '../auth/users.ts';
import { config } from '../settings.ts';
import { sessionCookie } from '../auth/cookies.ts';
import { findUserOrThrowForGraphQL } from '../data/users.ts';
import { selecting } from './selection.ts';
import { audit } from '../services/audit.ts';
import { pool } from '../db.ts';

export const UserType = builder.prismaNode('User', {
  id: { field: 'id' },
  fields: (t) => ({
    username: t.exposeString('username'),
    email: t.exposeString('email'),
    fullName: t.exposeString('fullName'),
    isSuperuser: t.exposeBoolean('isSuperuser'),
    isStaff: t.exposeBoolean('isStaff'),
  }),
});

builder.queryField('viewer', (t) =>
  t.prismaField({
    type: 'User',
    description: 'The signed-in user.',
    resolve: (query, _root, _args, ctx) => findUserOrThrowForGraphQL(selecting(query), ctx.user!.id),
  }),
);

builder.mutationField('login', (t) =>
  t.field({
    type: UserType,
    skipTypeScopes: true,
    description: 'Signs in with a username or email and a password; sets the HttpOnly session cookie.',
    errors: { types: [AuthenticationError] },
    args: { username: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: async (_root, { username, password }, ctx) => {
      let user;
      try {
        user = await checkCredentials(username.trim(), password, ctx.ip);
      } catch (e) {
        if (e instanceof LoginBlockedError) throw new AuthenticationError(e.message);
        throw e;
      }
      if (!user) throw new AuthenticationError();
      await audit(pool, { id: user.id, username: user.username, isSuperuser: user.isSuperuser, interface: ctx.interface }, 'signIn', user.id, { ip: ctx.ip });
      const token = await createSession(user.id, config().loginMaxAgeDays, ctx.ip, ctx.userAgent);
      ctx.cookies.set = sessionCookie(token, config());
      ctx.user = user;
      return user;
    },
  }),
);

builder.mutationField('logout', (t) =>
  t.boolean({
    skipTypeScopes: true,
    description: 'Ends the console session (deletes it server-side and clears the cookie).',
    resolve: async (_root, _args, ctx) => {
      if (ctx.sessionToken) await deleteSession(ctx.sessionToken);
      if (ctx.user)
        await audit(
          pool,
          { id: ctx.user.id, username: ctx.user.username, isSuperuser: ctx.user.isSuperuser, interface: ctx.interface },
          'signOut',
          ctx.user.id,
          null,
        );
      ctx.cookies.clear = true;
      return true;
    },
  }),
);
