import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SoftphoneSettings } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { extensionsKeys } from './keys';

export const getSoftphoneSettings = (id: string, signal?: AbortSignal) =>
  apiData<SoftphoneSettings>(`/telephony/extensions/${encodeURIComponent(id)}/softphone`, { signal });

export const softphoneSettingsQueryOptions = (id: string) =>
  queryOptions({ queryKey: extensionsKeys.softphone(id), queryFn: ({ signal }) => getSoftphoneSettings(id, signal) });

export function useSoftphoneSettings(id: string) {
  return useQuery(softphoneSettingsQueryOptions(id));
}
