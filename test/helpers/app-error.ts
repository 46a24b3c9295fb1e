// The AppError a synchronous service call throws (budget or limit refusals), for asserting on its code and details.
import { AppError } from '../../main/core/errors';

/** Returns what `fn` threw; returning normally or throwing anything but an AppError fails the test. */
export function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}
