import { describe, expect, it } from 'vitest';
import { REPLY_MARKER, htmlToPlain, messageIdsIn, normMessageId, replyText, threadCandidates, ticketNumberIn } from './email-mime.js';

describe('email-mime', () => {
  it('normalises Message-IDs and reads every id of In-Reply-To / References, nearest parent first', () => {
    expect(normMessageId(' <abc@x.test> ')).toBe('abc@x.test');
    expect(normMessageId(`<${'a'.repeat(300)}@x.test>`)).toMatch(/^sha256-[0-9a-f]{64}@long\.invalid$/);
    expect(messageIdsIn('<a@x> <b@x>\r\n <c@x>')).toEqual(['a@x', 'b@x', 'c@x']);
    expect(messageIdsIn(['<a@x>', '<a@x>'])).toEqual(['a@x']);
    expect(messageIdsIn('bare@x')).toEqual(['bare@x']);
    expect(threadCandidates({ inReplyTo: '<c@x>', references: ['<a@x>', '<b@x>', '<c@x>'] })).toEqual(['c@x', 'b@x', 'a@x']);
  });

  it('finds the ticket number of the tenant prefix in a subject, not a longer number or another prefix', () => {
    expect(ticketNumberIn('Re: [DEMO-00042] Printer', 'DEMO')).toBe('DEMO-00042');
    expect(ticketNumberIn('about demo-00042 again', 'DEMO')).toBe('DEMO-00042');
    expect(ticketNumberIn('Re: [XDEMO-00042]', 'DEMO')).toBeNull();
    expect(ticketNumberIn('DEMO-0004', 'DEMO')).toBeNull();
    expect(ticketNumberIn('[A.B-00001]', 'A.B')).toBe('A.B-00001');
    expect(ticketNumberIn('[AXB-00001]', 'A.B')).toBeNull();
  });

  it('keeps what the customer wrote above our marker or above a trailing quote', () => {
    expect(replyText(`Thanks!\n\nOn Mon, 1 Dec 2026 at 10:00, Support <s@x> wrote:\n> ${REPLY_MARKER}\n>\n> Hello`)).toBe('Thanks!');
    expect(replyText(`Fine.\n\nAm Montag schrieb Support <s@x>:\n> Hallo\n> Welt`)).toBe('Fine.');
    // Wrapped quote header, then our marker further down.
    expect(replyText(`Yes\n\nOn Mon, 1 Dec 2026 at 10:00, Demo Support\n<support@demo.test> wrote:\n\n> ${REPLY_MARKER}\n> text`)).toBe('Yes');
    // A quote in the middle (inline answers) is kept whole.
    expect(replyText('> question?\nanswer\n> next?\nanswer 2')).toBe('> question?\nanswer\n> next?\nanswer 2');
    // Nothing above the marker: the whole text rather than nothing.
    expect(replyText(`${REPLY_MARKER}\nonly quoted`)).toBe(`${REPLY_MARKER}\nonly quoted`);
  });

  it('turns a sanitised HTML reply into readable text', () => {
    expect(htmlToPlain('<p>Hi &amp; <b>bye</b></p><ul><li>one</li><li>two</li></ul><a href="https://x.test">link</a>')).toBe('Hi & bye\n- one\n- two\nlink (https://x.test)');
  });
});
