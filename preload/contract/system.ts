import { z } from 'zod';

export const migrationStateSchema = z.object({
  version: z.number().int(),
  name: z.string(),
  appliedAt: z.string(),
});

export const systemStatusSchema = z.object({
  appName: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'web']),
  demo: z.boolean(),
  dataDir: z.string(),
  database: z.object({
    path: z.string(),
    journalMode: z.string(),
    sizeBytes: z.number().int(),
    sqliteVersion: z.string(),
    schemaVersion: z.number().int(),
    latestVersion: z.number().int(),
    migrations: z.array(migrationStateSchema),
  }),
  runtime: z.object({ node: z.string(), electron: z.string().nullable(), platform: z.string() }),
  startedAt: z.string(),
  /** The ledger has no rows yet (the app offers demo history then), and whether demo history was loaded. */
  history: z.object({ empty: z.boolean(), demoSeeded: z.boolean() }),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;

export const systemChannels = {
  'system.status': { input: z.object({}).strict(), output: systemStatusSchema },
  'system.ping': {
    input: z.object({ echo: z.string().max(1000) }).strict(),
    output: z.object({ echo: z.string(), at: z.string() }),
  },
} as const;
