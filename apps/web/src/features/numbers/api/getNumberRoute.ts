import { useMutation } from '@tanstack/react-query';
import type { NumberRoute } from '@switchboard/shared';
import { apiData } from '../../../lib/api';

/** Where a call to the number goes at `at` (an ISO instant; now when omitted), and why. */
export const getNumberRoute = ({ id, at }: { id: string; at?: string }) =>
  apiData<NumberRoute>(`/telephony/numbers/${encodeURIComponent(id)}/route`, { query: { at } });

/** Asked on demand ("check"), so a mutation-style hook: each click resolves afresh. */
export function useCheckNumberRoute() {
  return useMutation({ mutationFn: getNumberRoute });
}
