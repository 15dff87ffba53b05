import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SetTicketCcsBody, TicketCc } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

export type CcInput = z.input<typeof SetTicketCcsBody>['ccs'][number];

/** PUT /tickets/:id/ccs: the whole list replaces the current one. */
export const setCcs = ({ ticketId, ccs }: { ticketId: string; ccs: CcInput[] }) =>
  apiData<TicketCc[]>(`/tickets/${encodeURIComponent(ticketId)}/ccs`, { method: 'PUT', json: { ccs } });

export function useSetCcs() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: setCcs, onSuccess: (ccs, { ticketId }) => qc.setQueryData(ticketsKeys.ccs(ticketId), ccs) });
}
