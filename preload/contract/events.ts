// Events pushed from main to the renderer (job progress, alerts). One typed subscribe API.
import { z } from 'zod';
import { budgetAlertEventSchema } from './budgets';
import { exportProgressSchema } from './export';
import { jobStateSchema } from './jobs';
import { gatewayCallSchema } from './localGateway';
import { balanceAlertEventSchema } from './reconcile';

export const eventContract = {
  'app.notice': z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  /** Main asks the window to show a screen (a clicked notification or tray item). */
  'app.navigate': z.object({ page: z.enum(['dashboard', 'calls', 'budgets', 'integrations', 'jobs', 'settings']) }),
  /** A budget crossed one of its alert thresholds (sent once per budget, period and threshold). */
  'budget.alert': budgetAlertEventSchema,
  /** A budget was created, changed or deleted: whatever it blocked (a step's Start) is checked again. */
  'budget.changed': z.object({}),
  /** A vendor balance or quota fell below its warning threshold (once per provider, period and threshold). */
  'balance.alert': balanceAlertEventSchema,
  /** An export wrote another chunk, finished or failed. */
  'export.progress': exportProgressSchema,
  /** A call went through the local gateway (ledgered). */
  'localGateway.call': gatewayCallSchema,
  /** A job changed state or reported progress (progress is throttled per job; state changes are not). */
  'job.progress': z.object({
    id: z.string(),
    kind: z.string(),
    state: jobStateSchema,
    progress: z.number().min(0).max(1),
    message: z.string().nullable(),
    contentId: z.string().nullable(),
    /** The job that started this one (a one-flow chain's step names its chain). */
    parentId: z.string().nullable().optional(),
    /** A waiting job runs again at this time (a poll, or the end of a rate-limit window: the UI counts down). */
    runAfter: z.string().nullable().optional(),
    updatedAt: z.string(),
  }),
} as const;

export type EventContract = typeof eventContract;
export type EventName = keyof EventContract;
export type EventPayload<E extends EventName> = z.output<EventContract[E]>;
export const isEventName = (name: string): name is EventName => Object.hasOwn(eventContract, name);
