/**
 * The wire shapes the widget uses: the visitor side of packages/shared/src/chat.ts. Type-only
 * imports, so the bundle carries no schema library (the server validates everything).
 */
export type {
  ChatAttachment as Attachment,
  PrechatField,
  PublicWidgetConfig,
  VisitorClientMessage as ClientMessage,
  VisitorMessage as Message,
  VisitorServerMessage as ServerMessage,
  VisitorSession,
} from '@switchboard/shared/chat';
import type { VisitorMessage } from '@switchboard/shared/chat';

export type AuthorType = VisitorMessage['author_type'];

/** POST /chat/public/widgets/:key/sessions body (CreateVisitorSessionBody). */
export interface StartBody {
  name?: string;
  email?: string;
  phone?: string;
  prechat?: Record<string, string | boolean>;
  current_url?: string;
  referrer?: string;
}

/** POST /chat/public/widgets/:key/offline body (OfflineMessageBody). */
export interface OfflineBody {
  name: string;
  email: string;
  phone?: string;
  message: string;
  prechat?: Record<string, string | boolean>;
  current_url?: string;
  referrer?: string;
}
