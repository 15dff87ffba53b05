import { Text } from '@mantine/core';
import { SafeHtml } from '../../../components/ui/SafeHtml';

/** A stored body: HTML (sanitised on the server and again here) or plain text shown as text. */
export function MessageBody({ format, body }: { format: 'text' | 'html'; body: string }) {
  if (format === 'html') return <SafeHtml html={body} data-testid="message-body" />;
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="message-body">
      {body}
    </Text>
  );
}
