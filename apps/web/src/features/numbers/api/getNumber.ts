import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PhoneNumber } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { numbersKeys } from './keys';

export const getNumber = (id: string, signal?: AbortSignal) => apiData<PhoneNumber>(`/telephony/numbers/${encodeURIComponent(id)}`, { signal });

export const numberQueryOptions = (id: string) => queryOptions({ queryKey: numbersKeys.detail(id), queryFn: ({ signal }) => getNumber(id, signal) });

export function useNumber(id: string, enabled = true) {
  return useQuery({ ...numberQueryOptions(id), enabled });
}
