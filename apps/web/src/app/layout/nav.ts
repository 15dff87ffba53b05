import {
  IconAddressBook,
  IconBuildingSkyscraper,
  IconCalendarTime,
  IconDeviceLandlinePhone,
  IconHierarchy2,
  IconHome,
  IconListDetails,
  IconPhoneCall,
  IconServer2,
  IconSettings,
  IconShieldLock,
  IconTags,
  IconUsers,
  IconUsersGroup,
  IconMailbox,
  IconTicket,
  IconTemplate,
  IconClockHour4,
  IconMail,
  IconMessages,
  IconHistory,
  IconMessageCode,
  type Icon,
} from '@tabler/icons-react';
import type { Feature, Permission } from '@switchboard/shared';

export interface NavItem {
  label: string;
  to: string;
  icon: Icon;
  /** Hidden unless `me.permissions` has it. */
  permission?: Permission;
  /** Hidden when the tenant has this feature switched off (`me.tenant.features[feature] === false`). */
  feature?: Feature;
  /** Hidden outside a tenant (a superadmin who has not entered one). */
  needsTenant?: boolean;
}

export interface NavSection {
  label?: string;
  items: NavItem[];
}

export const NAV: NavSection[] = [
  { items: [{ label: 'Dashboard', to: '/', icon: IconHome }] },
  {
    label: 'Customers',
    items: [
      { label: 'Contacts', to: '/contacts', icon: IconAddressBook, permission: 'contacts:read', needsTenant: true },
      { label: 'Tags', to: '/tags', icon: IconTags, permission: 'tags:read', needsTenant: true },
    ],
  },
  {
    label: 'Helpdesk',
    items: [
      { label: 'Tickets', to: '/helpdesk/tickets', icon: IconTicket, permission: 'tickets:read', feature: 'helpdesk', needsTenant: true },
      { label: 'Teams', to: '/helpdesk/teams', icon: IconUsersGroup, permission: 'users:read', needsTenant: true },
      { label: 'Templates', to: '/helpdesk/templates', icon: IconTemplate, permission: 'tickets:read', feature: 'helpdesk', needsTenant: true },
      { label: 'SLA policies', to: '/helpdesk/sla-policies', icon: IconClockHour4, permission: 'tickets:read', feature: 'helpdesk', needsTenant: true },
      { label: 'Email channels', to: '/helpdesk/email-channels', icon: IconMail, permission: 'tenant:settings', feature: 'helpdesk', needsTenant: true },
      // The same calendars as telephony's schedules (one model): SLA clocks count their open hours.
      { label: 'Business hours', to: '/telephony/schedules', icon: IconCalendarTime, permission: 'telephony:read', feature: 'helpdesk', needsTenant: true },
    ],
  },
  {
    label: 'Live chat',
    items: [
      { label: 'Chat desk', to: '/chat/desk', icon: IconMessages, permission: 'chat:read', feature: 'chat', needsTenant: true },
      { label: 'Chat history', to: '/chat/history', icon: IconHistory, permission: 'chat:read', feature: 'chat', needsTenant: true },
      { label: 'Chat widgets', to: '/chat/widgets', icon: IconMessageCode, permission: 'chat:manage', feature: 'chat', needsTenant: true },
    ],
  },
  {
    label: 'Telephony',
    items: [
      { label: 'Phone numbers', to: '/telephony/numbers', icon: IconPhoneCall, permission: 'telephony:read', needsTenant: true },
      { label: 'Extensions', to: '/telephony/extensions', icon: IconDeviceLandlinePhone, permission: 'telephony:read', needsTenant: true },
      { label: 'Queues', to: '/telephony/queues', icon: IconUsersGroup, permission: 'telephony:read', feature: 'queues', needsTenant: true },
      { label: 'IVR menus', to: '/telephony/ivr', icon: IconHierarchy2, permission: 'telephony:read', feature: 'ivr', needsTenant: true },
      { label: 'Schedules', to: '/telephony/schedules', icon: IconCalendarTime, permission: 'telephony:read', needsTenant: true },
      { label: 'Voicemail', to: '/telephony/voicemail', icon: IconMailbox, permission: 'telephony:read', needsTenant: true },
      { label: 'SIP trunks', to: '/telephony/trunks', icon: IconServer2, permission: 'telephony:read', needsTenant: true },
    ],
  },
  {
    label: 'Administration',
    items: [
      { label: 'Users', to: '/users', icon: IconUsers, permission: 'users:read', needsTenant: true },
      { label: 'Roles', to: '/roles', icon: IconShieldLock, permission: 'roles:read', needsTenant: true },
      { label: 'Audit log', to: '/audit', icon: IconListDetails, permission: 'audit:read', needsTenant: true },
      { label: 'Settings', to: '/settings', icon: IconSettings, permission: 'tenant:settings', needsTenant: true },
    ],
  },
  {
    label: 'Platform',
    items: [{ label: 'Tenants', to: '/tenants', icon: IconBuildingSkyscraper, permission: 'tenants:manage' }],
  },
];
