import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Template } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type TemplateListParams, templatesKeys } from './keys';

export const getTemplates = (params: TemplateListParams, signal?: AbortSignal) => apiList<Template>('/helpdesk/templates', { ...params }, signal);

export const templatesQueryOptions = (params: TemplateListParams) =>
  queryOptions({ queryKey: templatesKeys.list(params), queryFn: ({ signal }) => getTemplates(params, signal), placeholderData: keepPreviousData });

export function useTemplates(params: TemplateListParams) {
  return useQuery(templatesQueryOptions(params));
}
