import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { agentKeys, chatKeys } from './keys';

/** Accept (the chat becomes mine) or decline (it goes to the next agent) an offer. */
export const respondChatOffer = ({ offerId, answer }: { offerId: string; answer: 'accept' | 'decline' }) =>
  apiData<unknown>(`/chat/offers/${offerId}/${answer}`, { method: 'POST' });

export function useRespondChatOffer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: respondChatOffer,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: chatKeys.all });
      void qc.invalidateQueries({ queryKey: agentKeys.me });
    },
  });
}
