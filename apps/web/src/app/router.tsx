import { Button, Center, Code, Stack, Text, Title } from '@mantine/core';
import { type ComponentType, lazy } from 'react';
import { createBrowserRouter, isRouteErrorResponse, Navigate, type Params, useRouteError } from 'react-router';
import { PageLoader } from '../components/ui/PageLoader';
import type { Guarded } from '../lib/permissions';
import { NotFound, RequireAuth, RequirePermission } from './guards';
import { AppLayout } from './layout/AppLayout';
import { PublicLayout } from './layout/PublicLayout';
import { Root } from './Root';

/** Route `handle`: the breadcrumb of the route. */
export interface RouteHandle {
  crumb?: string | ((params: Params) => string);
}

/** A code-split page (React.lazy; the layouts hold the Suspense boundary), optionally behind a permission/feature check. */
function page(load: () => Promise<ComponentType>, guard?: Guarded) {
  const Page = lazy(async () => ({ default: await load() }));
  return {
    element: guard ? (
      <RequirePermission {...guard}>
        <Page />
      </RequirePermission>
    ) : (
      <Page />
    ),
  };
}

function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : String(error);
  return (
    <Center py="xl" p="md">
      <Stack maw={560} align="center">
        <Title order={3}>Something went wrong</Title>
        <Text c="dimmed">The page failed to load. A new version may have been deployed.</Text>
        <Code block>{message}</Code>
        <Button onClick={() => window.location.reload()}>Reload</Button>
      </Stack>
    </Center>
  );
}

const crumb = (c: RouteHandle['crumb']): { handle: RouteHandle } => ({ handle: { crumb: c } });

/** Crumb of an editor route `:id` where `new` creates. */
const editCrumb = (what: string) => crumb((params) => (params.id === 'new' ? `New ${what}` : `Edit ${what}`));

const TELEPHONY: Guarded = { permission: 'telephony:read', needsTenant: true };
const HELPDESK: Guarded = { permission: 'tickets:read', feature: 'helpdesk', needsTenant: true };
const CHAT: Guarded = { permission: 'chat:read', feature: 'chat', needsTenant: true };
const HELPDESK_ADMIN: Guarded = { permission: 'tenant:settings', feature: 'helpdesk', needsTenant: true };

export const router = createBrowserRouter([
  {
    element: <Root />,
    hydrateFallbackElement: <PageLoader />,
    errorElement: <RouteError />,
    children: [
      {
        element: <PublicLayout />,
        children: [
          { path: 'login', ...page(() => import('../features/auth/components/LoginPage').then((m) => m.LoginPage)) },
          { path: 'register', ...page(() => import('../features/auth/components/RegisterPage').then((m) => m.RegisterPage)) },
          {
            path: 'forgot-password',
            ...page(() => import('../features/auth/components/ForgotPasswordPage').then((m) => m.ForgotPasswordPage)),
          },
          {
            path: 'reset-password',
            ...page(() => import('../features/auth/components/ResetPasswordPage').then((m) => m.ResetPasswordPage)),
          },
        ],
      },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        ...crumb('Home'),
        children: [
          { index: true, ...page(() => import('../features/dashboard/components/DashboardPage').then((m) => m.DashboardPage)) },
          {
            path: 'users',
            ...crumb('Users'),
            ...page(() => import('../features/users/components/UsersPage').then((m) => m.UsersPage), { permission: 'users:read', needsTenant: true }),
          },
          {
            path: 'roles',
            ...crumb('Roles'),
            ...page(() => import('../features/roles/components/RolesPage').then((m) => m.RolesPage), { permission: 'roles:read', needsTenant: true }),
          },
          {
            path: 'contacts',
            ...crumb('Contacts'),
            ...page(() => import('../features/contacts/components/ContactsPage').then((m) => m.ContactsPage), {
              permission: 'contacts:read',
              needsTenant: true,
            }),
          },
          {
            path: 'tags',
            ...crumb('Tags'),
            ...page(() => import('../features/tags/components/TagsPage').then((m) => m.TagsPage), { permission: 'tags:read', needsTenant: true }),
          },
          {
            path: 'chat',
            ...crumb('Live chat'),
            children: [
              { index: true, element: <Navigate to="/chat/desk" replace /> },
              {
                path: 'desk',
                ...crumb('Chat desk'),
                children: [
                  { index: true, ...page(() => import('../features/chat/components/ChatDeskPage').then((m) => m.ChatDeskPage), CHAT) },
                  { path: ':sessionId', ...crumb('Chat'), ...page(() => import('../features/chat/components/ChatDeskPage').then((m) => m.ChatDeskPage), CHAT) },
                ],
              },
              {
                path: 'history',
                ...crumb('Chat history'),
                ...page(() => import('../features/chat/components/ChatHistoryPage').then((m) => m.ChatHistoryPage), CHAT),
              },
              {
                path: 'widgets',
                ...crumb('Chat widgets'),
                children: [
                  { index: true, ...page(() => import('../features/chat/components/WidgetsPage').then((m) => m.WidgetsPage), CHAT) },
                  {
                    path: ':id',
                    ...editCrumb('widget'),
                    ...page(() => import('../features/chat/components/WidgetEditPage').then((m) => m.WidgetEditPage), CHAT),
                  },
                ],
              },
            ],
          },
          {
            path: 'helpdesk',
            ...crumb('Helpdesk'),
            children: [
              { index: true, element: <Navigate to="/helpdesk/tickets" replace /> },
              {
                path: 'tickets',
                ...crumb('Tickets'),
                children: [
                  { index: true, ...page(() => import('../features/tickets/components/TicketsPage').then((m) => m.TicketsPage), HELPDESK) },
                  {
                    path: ':id',
                    ...crumb('Ticket'),
                    ...page(() => import('../features/tickets/components/TicketPage').then((m) => m.TicketPage), HELPDESK),
                  },
                ],
              },
              {
                path: 'teams',
                ...crumb('Teams'),
                ...page(() => import('../features/teams/components/TeamsPage').then((m) => m.TeamsPage), { permission: 'users:read', needsTenant: true }),
              },
              {
                path: 'templates',
                ...crumb('Templates'),
                ...page(() => import('../features/templates/components/TemplatesPage').then((m) => m.TemplatesPage), HELPDESK),
              },
              {
                path: 'email-channels',
                ...crumb('Email channels'),
                children: [
                  {
                    index: true,
                    ...page(() => import('../features/email-channels/components/EmailChannelsPage').then((m) => m.EmailChannelsPage), HELPDESK_ADMIN),
                  },
                  {
                    path: ':id',
                    ...editCrumb('email channel'),
                    ...page(() => import('../features/email-channels/components/EmailChannelEditPage').then((m) => m.EmailChannelEditPage), HELPDESK_ADMIN),
                  },
                ],
              },
              {
                path: 'sla-policies',
                ...crumb('SLA policies'),
                children: [
                  { index: true, ...page(() => import('../features/sla-policies/components/SlaPoliciesPage').then((m) => m.SlaPoliciesPage), HELPDESK) },
                  {
                    path: ':id',
                    ...editCrumb('SLA policy'),
                    ...page(() => import('../features/sla-policies/components/SlaPolicyEditPage').then((m) => m.SlaPolicyEditPage), HELPDESK),
                  },
                ],
              },
            ],
          },
          {
            path: 'telephony',
            ...crumb('Telephony'),
            children: [
              { index: true, element: <Navigate to="/telephony/numbers" replace /> },
              {
                path: 'trunks',
                ...crumb('SIP trunks'),
                children: [
                  { index: true, ...page(() => import('../features/trunks/components/TrunksPage').then((m) => m.TrunksPage), TELEPHONY) },
                  {
                    path: ':id',
                    ...editCrumb('trunk'),
                    ...page(() => import('../features/trunks/components/TrunkEditPage').then((m) => m.TrunkEditPage), TELEPHONY),
                  },
                ],
              },
              {
                path: 'extensions',
                ...crumb('Extensions'),
                children: [
                  { index: true, ...page(() => import('../features/extensions/components/ExtensionsPage').then((m) => m.ExtensionsPage), TELEPHONY) },
                  {
                    path: ':id',
                    ...crumb('Extension'),
                    ...page(() => import('../features/extensions/components/ExtensionPage').then((m) => m.ExtensionPage), TELEPHONY),
                  },
                ],
              },
              {
                path: 'numbers',
                ...crumb('Phone numbers'),
                children: [
                  { index: true, ...page(() => import('../features/numbers/components/NumbersPage').then((m) => m.NumbersPage), TELEPHONY) },
                  {
                    path: ':id',
                    ...editCrumb('number'),
                    ...page(() => import('../features/numbers/components/NumberEditPage').then((m) => m.NumberEditPage), TELEPHONY),
                  },
                ],
              },
              {
                path: 'queues',
                ...crumb('Queues'),
                children: [
                  {
                    index: true,
                    ...page(() => import('../features/queues/components/QueuesPage').then((m) => m.QueuesPage), { ...TELEPHONY, feature: 'queues' }),
                  },
                  {
                    path: ':id',
                    ...editCrumb('queue'),
                    ...page(() => import('../features/queues/components/QueueEditPage').then((m) => m.QueueEditPage), { ...TELEPHONY, feature: 'queues' }),
                  },
                ],
              },
              {
                path: 'ivr',
                ...crumb('IVR menus'),
                children: [
                  {
                    index: true,
                    ...page(() => import('../features/ivr/components/IvrMenusPage').then((m) => m.IvrMenusPage), { ...TELEPHONY, feature: 'ivr' }),
                  },
                  {
                    path: ':id',
                    ...editCrumb('menu'),
                    ...page(() => import('../features/ivr/components/IvrEditPage').then((m) => m.IvrEditPage), { ...TELEPHONY, feature: 'ivr' }),
                  },
                ],
              },
              {
                path: 'schedules',
                ...crumb('Schedules'),
                children: [
                  { index: true, ...page(() => import('../features/schedules/components/SchedulesPage').then((m) => m.SchedulesPage), TELEPHONY) },
                  {
                    path: ':id',
                    ...editCrumb('schedule'),
                    ...page(() => import('../features/schedules/components/ScheduleEditPage').then((m) => m.ScheduleEditPage), TELEPHONY),
                  },
                ],
              },
              {
                path: 'voicemail',
                ...crumb('Voicemail'),
                ...page(() => import('../features/voicemail/components/VoicemailPage').then((m) => m.VoicemailPage), TELEPHONY),
              },
            ],
          },
          {
            path: 'audit',
            ...crumb('Audit log'),
            ...page(() => import('../features/audit/components/AuditPage').then((m) => m.AuditPage), { permission: 'audit:read', needsTenant: true }),
          },
          {
            path: 'profile',
            ...crumb('Profile'),
            ...page(() => import('../features/profile/components/ProfilePage').then((m) => m.ProfilePage)),
          },
          {
            path: 'settings',
            ...crumb('Settings'),
            ...page(() => import('../features/settings/components/SettingsPage').then((m) => m.SettingsPage), {
              permission: 'tenant:settings',
              needsTenant: true,
            }),
          },
          {
            path: 'tenants',
            ...crumb('Tenants'),
            children: [
              {
                index: true,
                ...page(() => import('../features/tenants/components/TenantsPage').then((m) => m.TenantsPage), {
                  permission: 'tenants:manage',
                }),
              },
              {
                path: ':id',
                ...crumb((params) => params.id ?? 'Tenant'),
                ...page(() => import('../features/tenants/components/TenantEditPage').then((m) => m.TenantEditPage), {
                  permission: 'tenants:manage',
                }),
              },
            ],
          },
          { path: '*', element: <NotFound />, ...crumb('Not found') },
        ],
      },
    ],
  },
]);
