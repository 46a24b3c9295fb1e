// Profiles: the real one (the creator's history and keys) and the demo one (its own data folder, fake
// providers). Switching swaps the services behind the router; backups copy a profile's database.
import { z } from 'zod';

export const profileIdSchema = z.enum(['real', 'demo']);
export type ProfileId = z.infer<typeof profileIdSchema>;

export const profileStateSchema = z.object({
  active: profileIdSchema,
  /** False when the app was built for one profile only (tests, tools). */
  switchable: z.boolean(),
  dataDir: z.string(),
  realDataDir: z.string(),
  demoDataDir: z.string(),
});
export type ProfileState = z.infer<typeof profileStateSchema>;

export const backupSchema = z.object({
  name: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.string(),
});
export type Backup = z.infer<typeof backupSchema>;

/** A backup file name inside the profile's backups folder: never a path. */
const backupName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,120}\.sqlite$/, 'a backup file name from the list (letters, digits, . _ -, .sqlite)');

export const profileChannels = {
  'profile.state': { input: z.object({}).strict(), output: profileStateSchema },
  /** Enters or leaves the demo profile without a restart. The renderer reloads its state after it. */
  'profile.switch': { input: z.object({ to: profileIdSchema }).strict(), output: profileStateSchema },
  'profile.backups': {
    input: z.object({}).strict(),
    output: z.object({ folder: z.string(), backups: z.array(backupSchema) }),
  },
  /** Copies the active profile's database with SQLite's online backup API (safe while the app writes). */
  'profile.backup': { input: z.object({}).strict(), output: backupSchema },
  /** Checks a backup (integrity, schema), keeps a copy of the current database, then reopens on the backup. */
  'profile.restore': {
    input: z.object({ name: backupName }).strict(),
    output: z.object({ restored: z.string(), safetyCopy: backupSchema }),
  },
} as const;
