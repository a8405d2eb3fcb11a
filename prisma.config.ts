import { defineConfig } from 'prisma/config';
import { cliAdapterFactory } from './db/adapter';

// Prisma 6.19 with the JS engine and a driver adapter works without any engine download.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => cliAdapterFactory(process.env),
});
