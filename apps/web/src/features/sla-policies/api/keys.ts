export interface SlaPolicyListParams {
  q?: string;
  page: number;
  page_size: number;
}

export const slaPoliciesKeys = {
  all: ['helpdesk', 'sla-policies'] as const,
  list: (p: SlaPolicyListParams) => ['helpdesk', 'sla-policies', 'list', p] as const,
  detail: (id: string) => ['helpdesk', 'sla-policies', 'detail', id] as const,
  /** Under the schedules key so that changes on the Schedules page refresh the calendar picker. */
  scheduleOptions: ['telephony', 'schedules', 'sla-options'] as const,
  userOptions: ['users', 'sla-escalation-options'] as const,
  teamOptions: ['teams', 'sla-escalation-options'] as const,
};
