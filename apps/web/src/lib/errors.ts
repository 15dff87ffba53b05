import { isApiError } from './api';

/** A sentence for a person, with special wording for the codes that need it. */
export function errorMessage(err: unknown): string {
  if (!isApiError(err)) return err instanceof Error ? err.message : 'Something went wrong.';
  const detail = err.problem?.detail;
  switch (err.code) {
    case 'network_error':
      return 'Cannot reach the server. Check your connection and try again.';
    case 'invalid_credentials':
      return 'Wrong email or password.';
    case 'rate_limited':
      return err.retryAfter
        ? `Too many attempts. Please wait ${err.retryAfter} seconds and try again.`
        : 'Too many attempts. Please wait a moment and try again.';
    case 'tenant_suspended':
      return 'This organization is suspended. Contact your administrator or Switchboard support.';
    case 'trial_expired':
      return 'The trial of this organization has ended. Contact your administrator to upgrade the plan.';
    case 'limit_reached':
      return `Your plan's limit has been reached${detail ? `: ${detail}` : '.'}`;
    case 'feature_disabled':
      return `This feature is not enabled for your organization${detail ? ` (${detail})` : '.'}`;
    case 'forbidden':
      return detail ?? 'You do not have permission to do that.';
    case 'not_found':
      return detail ?? 'Not found. It may have been deleted.';
    case 'conflict':
      return detail ?? 'This conflicts with existing data.';
    case 'token_reused':
      return 'Your session has ended. Please sign in again.';
    case 'validation_failed':
      return detail ?? 'Please check the highlighted fields.';
    case 'internal_error':
      return `The server had a problem${err.problem?.request_id ? ` (request ${err.problem.request_id})` : ''}. Please try again.`;
    default:
      return detail ?? err.problem?.title ?? err.message;
  }
}

/** A short title for a notification about the error. */
export function errorTitle(err: unknown): string {
  if (!isApiError(err)) return 'Error';
  switch (err.code) {
    case 'rate_limited':
      return 'Slow down';
    case 'limit_reached':
      return 'Limit reached';
    case 'feature_disabled':
      return 'Feature disabled';
    case 'tenant_suspended':
      return 'Organization suspended';
    case 'trial_expired':
      return 'Trial expired';
    case 'forbidden':
      return 'Not allowed';
    case 'network_error':
      return 'Offline';
    default:
      return err.problem?.title ?? 'Error';
  }
}
