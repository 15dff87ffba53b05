import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { PhoneNumber } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type NumberListParams, numbersKeys } from './keys';

export const getNumbers = (params: NumberListParams, signal?: AbortSignal) => apiList<PhoneNumber>('/telephony/numbers', { ...params }, signal);

export const numbersQueryOptions = (params: NumberListParams) =>
  queryOptions({ queryKey: numbersKeys.list(params), queryFn: ({ signal }) => getNumbers(params, signal), placeholderData: keepPreviousData });

export function useNumbers(params: NumberListParams) {
  return useQuery(numbersQueryOptions(params));
}
