import { defineConfig } from 'prisma/config';

// env('DATABASE_URL') throws when unset; generation needs no database, so default it.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/instance_manager' },
});
