/**
 * The wire shapes the widget uses (the visitor side of the chat API). Kept as plain types here so
 * the bundle carries no schema library; the server validates everything.
 */

export interface PrechatField {
  name: string;
  label: string;
  type: 'text' | 'email' | 'tel' | 'textarea' | 'select';
  required: boolean;
  options?: string[];
}

export interface PublicWidgetConfig {
  name: string;
  locale: string;
  appearance: {
    color: string;
    position: 'right' | 'left';
    title?: string | null;
    welcome_message?: string | null;
    placeholder?: string | null;
    avatar_url?: string | null;
  };
  behaviour: {
    typing_indicator: boolean;
    read_receipts: boolean;
    file_upload: boolean;
    emoji: boolean;
    require_name: boolean;
    require_email: boolean;
    prechat_fields: PrechatField[];
  };
  /** Inside business hours with an agent available. */
  online: boolean;
  offline_message: string | null;
  max_file_bytes?: number;
}

export interface StartBody {
  name?: string;
  email?: string;
  phone?: string;
  prechat?: Record<string, string>;
  current_url?: string;
  referrer?: string;
}

export interface StartResult {
  session_id: string;
  visitor_token: string;
}

export interface OfflineBody {
  name?: string;
  email: string;
  message: string;
  current_url?: string;
}

export interface Attachment {
  id: string;
  filename: string;
  content_type: string;
  size: number;
}

export type AuthorType = 'visitor' | 'agent' | 'system';

export interface Message {
  id: string;
  seq: number;
  author_type: AuthorType;
  author_name?: string | null;
  body: string;
  attachment?: Attachment | null;
  client_id?: string | null;
  created_at: string;
}

export type SessionStatus = 'queued' | 'active' | 'ended' | 'abandoned';

export interface VisitorSession {
  id: string;
  status: SessionStatus;
  agent_name?: string | null;
  agent_read_seq: number;
  queue_position?: number | null;
  rating?: number | null;
}

export type ServerMessage =
  | { op: 'ready'; session: VisitorSession }
  | { op: 'message'; message: Message }
  | { op: 'typing'; typing: boolean; name?: string | null }
  | { op: 'read'; seq: number }
  | { op: 'session'; session: VisitorSession }
  | { op: 'queue'; position: number | null }
  | { op: 'error'; code: number | string; message?: string }
  | { op: 'pong' };

export type ClientMessage =
  | { op: 'auth'; token: string; after: number }
  | { op: 'ping' }
  | { op: 'message'; client_id: string; body: string; attachment_id?: string }
  | { op: 'typing'; typing: boolean }
  | { op: 'read'; seq: number };
