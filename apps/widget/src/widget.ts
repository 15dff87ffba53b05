/**
 * The chat widget: a launcher button and a panel inside a shadow root. Views: pre-chat form,
 * conversation, offline form, and the end of a chat (rating). Every text that comes from a visitor,
 * an agent or the tenant's settings is inserted as text (textContent / text nodes), never parsed
 * as HTML; links in messages are rebuilt as safe anchors (links.ts).
 */
import { type Api, HttpError, type SocketStatus, VisitorSocket } from './client';
import type * as C from './contract';
import { type Child, h, ICONS, icon, replace } from './dom';
import { fill, type Texts, textsFor } from './i18n';
import { renderText, safeHref } from './links';
import * as store from './store';
import { CSS } from './styles';

/** The emoji picker's fixed set. */
const EMOJI = ['😀', '😂', '😊', '😍', '😉', '😎', '🤔', '😅', '😢', '😮', '😡', '🙂', '👍', '👎', '👏', '🙏', '💪', '👋', '🎉', '❤️', '🔥', '✅', '❌', '⭐'];

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Pending {
  client_id: string;
  body: string;
  /** A file being sent (uploaded over REST; it comes back as a message with this client id). */
  file?: File;
  el: HTMLElement;
  failed?: boolean;
}

type Field = C.PrechatField;
type Values = Record<string, string | boolean>;

/** Readable text color on the brand color (WCAG relative luminance). */
export function textOn(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return '#fff';
  const n = Number.parseInt(m[1], 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  return l > 0.4 ? '#111' : '#fff';
}

const uid = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
const fmtSize = (n: number) => (n < 1024 ? `${n} B` : n < 1048576 ? `${Math.round(n / 1024)} KB` : `${(n / 1048576).toFixed(1)} MB`);

export class Widget {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly t: Texts;
  private readonly wrap: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly subtitle: HTMLElement;
  private readonly endBtn: HTMLButtonElement;
  private readonly body: HTMLElement;

  private saved: store.Saved | null;
  private sock: VisitorSocket | null = null;
  private session: C.VisitorSession | null = null;
  private socketStatus: SocketStatus = 'closed';
  private lastSeq = 0;
  private agentRead = 0;
  private readonly bySeq = new Map<number, HTMLElement>();
  private readonly visitorSeqs: Array<{ seq: number; meta: HTMLElement }> = [];
  private readonly pending = new Map<string, Pending>();
  private log: HTMLElement | null = null;
  private statusEl: HTMLElement | null = null;
  private typingEl: HTMLElement | null = null;
  private input: HTMLTextAreaElement | null = null;
  private emojiBox: HTMLElement | null = null;
  private emojiBtn: HTMLButtonElement | null = null;
  private typingSent = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private starting: Promise<void> | null = null;
  private prechat: C.StartBody = {};
  private endShown = false;

  constructor(
    private readonly api: Api,
    private readonly cfg: C.PublicWidgetConfig,
    locale?: string,
  ) {
    this.t = textsFor(locale || cfg.locale);
    this.saved = store.load(api.key);
    if (this.saved) api.token = this.saved.token;

    this.host = document.createElement('div');
    this.host.setAttribute('data-switchboard-chat', api.key);
    this.root = this.host.attachShadow({ mode: 'open' });
    const hex = (c: string | undefined, d: string) => (c && /^#[0-9a-f]{6}$/i.test(c) ? c : d);
    const color = hex(cfg.appearance.primary_color, '#1c7ed6');
    const style = h('style', {}, CSS);
    const title = cfg.appearance.title || this.t.title;
    const avatar = cfg.appearance.avatar_url ? safeHref(cfg.appearance.avatar_url) : null;

    this.badge = h('span', { className: 'badge', hidden: true, 'aria-hidden': 'true' });
    this.launcher = h(
      'button',
      { type: 'button', className: 'launch', 'aria-label': this.t.open, 'aria-expanded': 'false', 'aria-controls': 'sb-panel', onclick: () => this.toggle() },
      icon(ICONS.chat, 26),
      this.badge,
    );
    this.subtitle = h('p', { hidden: true });
    this.endBtn = h('button', { type: 'button', className: 'ib', 'aria-label': this.t.end, title: this.t.end, hidden: true, onclick: () => this.confirmEnd() }, icon(ICONS.end));
    this.body = h('div', { className: 'body' });
    this.panel = h(
      'div',
      { id: 'sb-panel', className: 'panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'sb-title', hidden: true },
      h(
        'div',
        { className: 'hd' },
        avatar ? h('img', { className: 'av', src: avatar, alt: '' }) : null,
        h('div', { style: 'flex:1' }, h('h2', { id: 'sb-title' }, title), this.subtitle),
        this.endBtn,
        h('button', { type: 'button', className: 'ib', 'aria-label': this.t.close, title: this.t.close, onclick: () => this.toggle(false) }, icon(ICONS.close)),
      ),
      this.body,
    );
    this.wrap = h('div', { className: `w${cfg.appearance.position === 'bottom-left' ? ' left' : ''}`, lang: this.t.lang }, this.panel, this.launcher);
    this.wrap.style.setProperty('--c', color);
    this.wrap.style.setProperty('--fg', hex(cfg.appearance.text_color, textOn(color)));
    this.root.append(style, this.wrap);
    this.wrap.addEventListener('keydown', (e) => this.onKey(e));
    document.addEventListener('visibilitychange', () => this.markRead());

    if (this.saved) {
      this.showChat();
      this.connect();
      if (this.saved.open) this.toggle(true, false);
    } else this.showStart();
  }

  // ---- panel ---------------------------------------------------------------------------------

  private get isOpen(): boolean {
    return !this.panel.hidden;
  }

  toggle(open = !this.isOpen, focus = true): void {
    this.panel.hidden = !open;
    this.wrap.classList.toggle('open', open);
    this.launcher.setAttribute('aria-expanded', String(open));
    this.launcher.setAttribute('aria-label', open ? this.t.close : this.t.open);
    if (this.saved) {
      this.saved.open = open;
      store.save(this.api.key, this.saved);
    }
    if (open) {
      if (focus) this.focusFirst();
      this.scrollDown();
      this.markRead();
    } else if (focus) this.launcher.focus();
  }

  private focusFirst(): void {
    const el = this.body.querySelector<HTMLElement>('input:not([type=radio]):not([type=file]),textarea,select,input[type=radio],button');
    (this.input && !this.input.disabled && this.body.contains(this.input) ? this.input : el)?.focus();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    if (this.emojiBox && !this.emojiBox.hidden) {
      this.emojiBox.hidden = true;
      this.emojiBtn?.focus();
    } else if (this.isOpen) this.toggle(false);
    e.stopPropagation();
  }

  private setView(...children: Child[]): void {
    this.log = this.statusEl = this.typingEl = this.input = this.emojiBox = null;
    replace(this.body, ...children);
    if (this.isOpen) this.focusFirst();
  }

  // ---- start: pre-chat form or offline form ---------------------------------------------------

  private showStart(): void {
    this.endShown = false;
    this.endBtn.hidden = true;
    this.subtitle.hidden = true;
    if (!this.cfg.online) {
      this.showOffline();
      return;
    }
    const b = this.cfg.behaviour;
    const fields: Field[] = [];
    if (b.require_name) fields.push({ key: 'name', label: this.t.name, type: 'text', required: true });
    if (b.require_email) fields.push({ key: 'email', label: this.t.email, type: 'email', required: true });
    for (const f of b.prechat_fields ?? []) if (!fields.some((x) => x.key === f.key)) fields.push(f);
    if (!fields.length) {
      this.showChat();
      return;
    }
    const form = this.form(fields, this.t.start, async (values) => {
      const { name, email, ...rest } = values;
      this.prechat = { name: (name as string) || undefined, email: (email as string) || undefined, prechat: rest };
      try {
        await this.start();
      } catch (e) {
        if (!(e instanceof HttpError && e.code === 'chat_offline')) throw e;
        this.showOffline();
        return;
      }
      this.showChat();
    });
    this.setView(form);
  }

  private showOffline(): void {
    const fields: Field[] = [
      { key: 'name', label: this.t.name, type: 'text', required: true },
      { key: 'email', label: this.t.email, type: 'email', required: true },
      { key: 'message', label: this.t.message, type: 'textarea', required: true },
    ];
    const form = this.form(
      fields,
      this.t.offlineSend,
      async (v) => {
        const r = await this.api.offline({ name: String(v.name), email: String(v.email), message: String(v.message), current_url: location.href, referrer: document.referrer || undefined });
        this.setView(
          h(
            'div',
            { className: 'f', role: 'status', tabindex: '-1' },
            h('p', { className: 'intro' }, this.t.offlineThanks),
            h('p', { className: 'intro' }, fill(this.t.reference, { ref: r.reference })),
          ),
        );
        this.body.querySelector<HTMLElement>('[role=status]')?.focus();
      },
      h('h3', { style: 'margin:0;font-size:15px' }, this.t.offlineTitle),
      h('p', { className: 'intro' }, this.cfg.offline_message || this.t.offlineIntro),
    );
    this.setView(form);
  }

  /** An accessible form: labels, required marks, per-field errors announced and linked by aria-describedby. */
  private form(fields: Field[], submit: string, onSubmit: (v: Values) => Promise<void>, ...intro: Child[]): HTMLFormElement {
    const controls: Array<{ f: Field; el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement; err: HTMLElement }> = [];
    const formErr = h('p', { className: 'err', role: 'alert' });
    const btn = h('button', { type: 'submit', className: 'btn' }, submit);
    const form = h('form', { className: 'f', novalidate: true }, ...intro);
    for (const f of fields) {
      const id = `sb-f-${f.key}`;
      const attrs = { id, name: f.key, required: f.required, 'aria-required': f.required ? 'true' : null, 'aria-describedby': `${id}-e` };
      const type = f.type === 'phone' ? 'tel' : f.type;
      const el =
        f.type === 'textarea'
          ? h('textarea', attrs)
          : f.type === 'select'
            ? h('select', attrs, h('option', { value: '' }, ''), ...(f.options ?? []).map((o) => h('option', { value: o }, o)))
            : h('input', { ...attrs, type, autocomplete: type === 'email' ? 'email' : f.key === 'name' ? 'name' : type === 'tel' ? 'tel' : null });
      const err = h('span', { className: 'err', id: `${id}-e` });
      controls.push({ f, el, err });
      const text = `${f.label}${f.required ? ' *' : ''}`;
      form.append(f.type === 'checkbox' ? h('label', { for: id, className: 'cb' }, h('span', {}, el, ` ${text}`), err) : h('label', { for: id }, text, el, err));
    }
    form.append(formErr, btn);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const values: Values = {};
      let first: HTMLElement | null = null;
      for (const { f, el, err } of controls) {
        const v = f.type === 'checkbox' ? (el as HTMLInputElement).checked : el.value.trim();
        const msg = f.required && !v ? this.t.required : f.type === 'email' && v && !EMAIL_RE.test(String(v)) ? this.t.badEmail : '';
        err.textContent = msg;
        el.setAttribute('aria-invalid', String(!!msg));
        if (msg && !first) first = el;
        if (v !== '') values[f.key] = v;
      }
      if (first) return (first as HTMLElement).focus();
      btn.disabled = true;
      formErr.textContent = '';
      try {
        await onSubmit(values);
      } catch (err) {
        formErr.textContent = err instanceof HttpError && err.status < 500 && err.status !== 429 && err.message ? err.message : this.t.error;
        btn.disabled = false;
      }
    });
    return form;
  }

  // ---- session --------------------------------------------------------------------------------

  /** Create the session once (concurrent callers share the request). */
  private start(): Promise<void> {
    if (this.saved) return Promise.resolve();
    this.starting ??= this.api
      .start({ ...this.prechat, current_url: location.href, referrer: document.referrer || undefined })
      .then((r) => {
        this.saved = { token: r.token, session_id: r.session.id, seq: 0, open: this.isOpen };
        this.api.token = r.token;
        this.onSession(r.session);
        store.save(this.api.key, this.saved);
        this.connect();
      })
      .finally(() => {
        this.starting = null;
      });
    return this.starting;
  }

  private connect(): void {
    this.sock?.close();
    const url = `${this.api.origin.replace(/^http/, 'ws')}/api/v1/chat/visitor/ws`;
    this.sock = new VisitorSocket(
      url,
      () => this.api.token,
      () => this.lastSeq,
      (m) => this.onServer(m),
      (s) => {
        this.socketStatus = s;
        this.renderStatus();
      },
    );
    this.sock.connect();
  }

  private onServer(m: C.ServerMessage): void {
    switch (m.op) {
      case 'ready':
        this.onSession(m.session);
        // Whatever was typed while disconnected goes out now; the client id makes a resend harmless.
        for (const p of this.pending.values()) if (!p.failed && !p.file) this.sendPending(p);
        break;
      case 'session':
        this.onSession(m.session);
        break;
      case 'message':
        this.onMessage(m.message);
        break;
      case 'ack':
        this.onAck(m.client_id, m.seq);
        break;
      case 'typing':
        this.showTyping(m.typing);
        break;
      case 'read':
        this.agentRead = Math.max(this.agentRead, m.seq);
        this.renderReceipts();
        break;
      case 'queue':
        if (this.session) this.session.position = m.position;
        this.renderStatus();
        break;
      case 'error': {
        const p = m.client_id ? this.pending.get(m.client_id) : undefined;
        if (p) this.failPending(p);
        // The token no longer opens a session (deleted, or from another widget): start over.
        else if (m.code === 4001) this.reset();
        else if (m.code === 4003) this.notice(this.t.error);
        break;
      }
    }
  }

  private onSession(s: C.VisitorSession): void {
    this.session = s;
    this.agentRead = Math.max(this.agentRead, s.agent_read_seq ?? 0);
    const over = s.status === 'ended' || s.status === 'abandoned';
    this.endBtn.hidden = over;
    this.subtitle.hidden = !s.agent;
    this.subtitle.textContent = s.agent?.name ?? '';
    if (this.saved && s.visitor_read_seq > this.saved.seq) this.saved.seq = s.visitor_read_seq;
    this.renderStatus();
    this.renderReceipts();
    if (over) this.showEnded();
  }

  // ---- conversation ---------------------------------------------------------------------------

  private showChat(): void {
    const b = this.cfg.behaviour;
    this.statusEl = h('div', { className: 'st', role: 'status' });
    const log = h('div', { className: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': this.t.conversation, tabindex: '0' });
    if (this.cfg.appearance.welcome_message) log.append(h('div', { className: 'm a' }, h('div', { className: 'bb' }, renderText(this.cfg.appearance.welcome_message))));
    this.typingEl = h('div', { className: 'ty', 'aria-live': 'polite' });
    const input = h('textarea', {
      id: 'sb-input',
      rows: 1,
      placeholder: this.cfg.appearance.placeholder || this.t.placeholder,
      'aria-label': this.t.message,
      maxlength: 5000,
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    input.addEventListener('input', () => {
      input.style.height = 'auto';
      input.style.height = `${Math.min(120, input.scrollHeight + 2)}px`;
      this.onTyping();
    });
    input.addEventListener('blur', () => this.stopTyping());
    const tools: Child[] = [];
    if (b.emoji) {
      this.emojiBtn = h('button', { type: 'button', className: 'ib', 'aria-label': this.t.emoji, title: this.t.emoji, 'aria-haspopup': 'true', 'aria-expanded': 'false' }, icon(ICONS.smile));
      const box = h(
        'div',
        { className: 'emo', role: 'group', 'aria-label': this.t.emoji, hidden: true },
        ...EMOJI.map((e) => h('button', { type: 'button', 'aria-label': e, onclick: () => this.insertEmoji(e) }, e)),
      );
      box.addEventListener('keydown', (e) => this.emojiKeys(e));
      this.emojiBtn.addEventListener('click', () => this.toggleEmoji());
      this.emojiBox = box;
      tools.push(this.emojiBtn, box);
    }
    if (b.file_upload) {
      const file = h('input', { type: 'file', className: 'sr', tabindex: '-1', 'aria-hidden': 'true' });
      file.addEventListener('change', () => {
        const f = file.files?.[0];
        file.value = '';
        if (f) this.sendFile(f);
      });
      tools.push(file, h('button', { type: 'button', className: 'ib', 'aria-label': this.t.attach, title: this.t.attach, onclick: () => file.click() }, icon(ICONS.clip)));
    }
    const composer = h(
      'form',
      {
        className: 'cmp',
        onsubmit: (e: Event) => {
          e.preventDefault();
          this.submit();
        },
      },
      ...tools,
      input,
      h('button', { type: 'submit', className: 'ib snd', 'aria-label': this.t.send, title: this.t.send }, icon(ICONS.send)),
    );
    const emojiBox = this.emojiBox;
    this.setView(this.statusEl, log, this.typingEl, composer);
    // setView clears view references; keep the ones of the view just built.
    this.emojiBox = emojiBox;
    this.log = log;
    this.input = input;
    this.typingEl = this.body.querySelector('.ty');
    this.statusEl = this.body.querySelector('.st');
    // A reload re-reads the history from the server (resume after 0); the saved seq says what was read.
    this.renderStatus();
    if (this.isOpen) input.focus();
  }

  private renderStatus(): void {
    if (!this.statusEl) return;
    const s = this.session;
    const text =
      this.socketStatus === 'offline'
        ? this.t.reconnecting
        : s?.status === 'queued'
          ? s.position
            ? fill(this.t.queue, { n: s.position })
            : this.t.waiting
          : '';
    if (this.statusEl.textContent !== text) this.statusEl.textContent = text;
  }

  private onMessage(m: C.Message): void {
    if (this.bySeq.has(m.seq)) return;
    this.lastSeq = Math.max(this.lastSeq, m.seq);
    const p = m.client_id ? this.pending.get(m.client_id) : undefined;
    if (p) {
      // Our own message came back stored: replace the pending bubble.
      this.pending.delete(p.client_id);
      const el = this.bubble(m);
      p.el.replaceWith(el);
      this.bySeq.set(m.seq, el);
      this.renderReceipts();
      return;
    }
    if (m.author_type === 'agent') this.showTyping(false);
    const el = this.bubble(m);
    this.bySeq.set(m.seq, el);
    if (!this.log) return;
    // Keep seq order even when a replay overlaps live messages.
    const after = [...this.bySeq.entries()].filter(([s]) => s > m.seq).sort((a, b) => a[0] - b[0])[0];
    const pendingFirst = this.log.querySelector('[data-pending]');
    if (after?.[1].isConnected) this.log.insertBefore(el, after[1]);
    else if (pendingFirst) this.log.insertBefore(el, pendingFirst);
    else this.log.append(el);
    this.renderReceipts();
    this.scrollDown();
    this.markRead();
    if (m.author_type !== 'visitor') this.renderBadge();
  }

  /** The server stored our message as `seq`; its message event may come before or after this. */
  private onAck(clientId: string, seq: number): void {
    const p = this.pending.get(clientId);
    const stored = this.bySeq.get(seq);
    if (p && stored) {
      this.pending.delete(clientId);
      p.el.remove();
    }
  }

  private bubble(m: { author_type: C.AuthorType; author_name?: string | null; body: string; attachment?: C.Attachment | null; seq?: number }): HTMLElement {
    const cls = m.author_type === 'visitor' ? 'v' : m.author_type === 'agent' ? 'a' : 's';
    const el = h('div', { className: `m ${cls}` });
    if (m.seq !== undefined) el.dataset.seq = String(m.seq);
    if (cls === 'a') el.append(h('span', { className: 'who' }, m.author_name || this.t.agent));
    else if (cls === 'v') el.append(h('span', { className: 'sr' }, `${this.t.you}:`));
    const bb = h('div', { className: 'bb' });
    if (m.body) bb.append(renderText(m.body));
    if (m.attachment) bb.append(this.attachment(m.attachment));
    el.append(bb);
    if (cls === 'v' && m.seq !== undefined && this.cfg.behaviour.read_receipts) {
      const meta = h('span', { className: 'meta' });
      this.visitorSeqs.push({ seq: m.seq, meta });
      el.append(meta);
    }
    return el;
  }

  /** A file of the conversation: raster images inline (loaded with the token), and always a download link. */
  private attachment(a: C.Attachment): HTMLElement {
    const name = `${a.filename} (${fmtSize(a.size)})`;
    const box = h('span', {});
    let url: Promise<string> | null = null;
    const load = () => {
      url ??= this.api.blobUrl(a);
      return url;
    };
    // SVG can carry script: offered as a download, never shown as an image.
    if (/^image\/(png|jpe?g|gif|webp)$/i.test(a.content_type)) {
      const img = h('img', { className: 'img', alt: fill(this.t.image, { name: a.filename }) });
      load().then(
        (u) => {
          img.src = u;
          img.onload = () => this.scrollDown();
        },
        () => img.remove(),
      );
      box.append(img);
    }
    const link = h('a', { className: 'file', href: '#', 'aria-label': fill(this.t.download, { name: a.filename }) }, `📎 ${name}`);
    link.addEventListener('click', async (e) => {
      if (link.download) return;
      e.preventDefault();
      try {
        link.href = await load();
        link.download = a.filename;
        link.click();
      } catch {
        link.textContent = `${name}: ${this.t.error}`;
      }
    });
    box.append(link);
    return box;
  }

  /** "Read" under the visitor's messages the agent has seen, "Sent" under the others. */
  private renderReceipts(): void {
    for (const { seq, meta } of this.visitorSeqs) {
      const text = seq <= this.agentRead ? this.t.read : this.t.sent;
      if (meta.textContent !== text) meta.textContent = text;
    }
  }

  private scrollDown(): void {
    if (this.log) this.log.scrollTop = this.log.scrollHeight;
  }

  private submit(): void {
    const input = this.input;
    if (!input) return;
    const body = input.value.trim();
    if (!body) return;
    input.value = '';
    input.style.height = '';
    this.stopTyping();
    void this.queueMessage(body);
  }

  private async queueMessage(body: string, file?: File): Promise<void> {
    const p: Pending = { client_id: uid(), body, file, el: this.bubble({ author_type: 'visitor', body: file ? `📎 ${file.name} (${fmtSize(file.size)})` : body }) };
    p.el.dataset.pending = '1';
    this.pending.set(p.client_id, p);
    this.log?.append(p.el);
    this.scrollDown();
    try {
      await this.start();
    } catch (e) {
      // Closed, or the last agent went away since the page loaded: offer the offline form instead.
      if (e instanceof HttpError && e.code === 'chat_offline') {
        this.pending.clear();
        this.showOffline();
      } else this.failPending(p);
      return;
    }
    this.sendPending(p);
  }

  private sendPending(p: Pending): void {
    if (p.file) {
      this.api.upload(p.file, p.client_id).catch((e) => {
        this.failPending(p);
        this.notice(e instanceof HttpError && e.status === 413 ? this.t.tooLarge : this.t.uploadFailed);
      });
    } else this.sock?.send({ op: 'message', client_id: p.client_id, body: p.body });
  }

  private failPending(p: Pending): void {
    p.failed = true;
    p.el.classList.add('failed');
    const retry = h('button', { type: 'button', className: 'meta', style: 'border:0;background:none;padding:0', onclick: () => this.retry(p) }, this.t.failed);
    p.el.append(retry);
  }

  private retry(p: Pending): void {
    p.el.remove();
    this.pending.delete(p.client_id);
    void this.queueMessage(p.body, p.file);
  }

  private sendFile(f: File): void {
    if (f.size > this.cfg.max_file_bytes) this.notice(this.t.tooLarge);
    else void this.queueMessage('', f);
  }

  /** A local notice in the conversation (not stored). */
  private notice(text: string): void {
    this.log?.append(h('div', { className: 'm s', role: 'alert' }, text));
    this.scrollDown();
  }

  private onTyping(): void {
    if (!this.cfg.behaviour.typing_indicator || !this.saved) return;
    const now = Date.now();
    if (now - this.typingSent > 3000) {
      this.typingSent = now;
      this.sock?.send({ op: 'typing', typing: true });
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), 4000);
  }

  private stopTyping(): void {
    clearTimeout(this.typingTimer);
    if (!this.typingSent) return;
    this.typingSent = 0;
    this.sock?.send({ op: 'typing', typing: false });
  }

  private showTyping(on: boolean): void {
    clearTimeout(this.agentTypingTimer);
    if (!this.typingEl || !this.cfg.behaviour.typing_indicator) return;
    this.typingEl.textContent = on ? fill(this.t.typing, { name: this.session?.agent?.name || this.t.agent }) : '';
    // A lost "stopped typing" must not leave the indicator on forever.
    if (on) this.agentTypingTimer = setTimeout(() => this.showTyping(false), 8000);
  }

  private toggleEmoji(open?: boolean): void {
    const box = this.emojiBox;
    if (!box || !this.emojiBtn) return;
    box.hidden = !(open ?? box.hidden);
    this.emojiBtn.setAttribute('aria-expanded', String(!box.hidden));
    if (!box.hidden) box.querySelector('button')?.focus();
  }

  /** Arrow keys move through the emoji grid (8 per row). */
  private emojiKeys(e: KeyboardEvent): void {
    const buttons = [...(this.emojiBox?.querySelectorAll('button') ?? [])];
    const i = buttons.indexOf(this.root.activeElement as HTMLButtonElement);
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: 8, ArrowUp: -8 }[e.key];
    if (i < 0 || !step) return;
    e.preventDefault();
    buttons[(i + step + buttons.length) % buttons.length].focus();
  }

  private insertEmoji(e: string): void {
    const input = this.input;
    this.toggleEmoji(false);
    if (!input) return;
    const { selectionStart: s, selectionEnd: end, value } = input;
    input.value = value.slice(0, s) + e + value.slice(end);
    input.focus();
    input.selectionStart = input.selectionEnd = s + e.length;
  }

  /** Tell the agent what the visitor has seen (panel open, page visible) and remember it. */
  private markRead(): void {
    if (this.saved && this.isOpen && document.visibilityState !== 'hidden' && this.lastSeq > this.saved.seq) {
      this.saved.seq = this.lastSeq;
      store.save(this.api.key, this.saved);
      if (this.cfg.behaviour.read_receipts) this.sock?.send({ op: 'read', seq: this.lastSeq });
    }
    this.renderBadge();
  }

  /** Unread count on the launcher while the panel is closed. */
  private renderBadge(): void {
    const seen = this.saved?.seq ?? 0;
    let n = 0;
    for (const [seq, el] of this.bySeq) if (seq > seen && !el.classList.contains('v')) n++;
    const show = n > 0 && !this.isOpen;
    this.badge.hidden = !show;
    this.badge.textContent = String(n);
    this.launcher.setAttribute('aria-label', show ? `${this.t.open}, ${fill(this.t.unread, { n })}` : this.isOpen ? this.t.close : this.t.open);
  }

  // ---- end and rating -------------------------------------------------------------------------

  private confirmEnd(): void {
    if (!this.log || this.body.querySelector('.end')) return;
    const box = h(
      'div',
      { className: 'end', role: 'alertdialog', 'aria-label': this.t.endConfirm },
      h('p', { className: 'intro' }, this.t.endConfirm),
      h(
        'div',
        { className: 'row' },
        h('button', { type: 'button', className: 'btn', onclick: () => this.endChat(box) }, this.t.yes),
        h('button', { type: 'button', className: 'btn sec', onclick: () => this.cancelEnd(box) }, this.t.no),
      ),
    );
    this.body.append(box);
    box.querySelector('button')?.focus();
  }

  private endChat(box: HTMLElement): void {
    box.remove();
    if (!this.sock?.send({ op: 'end' })) this.notice(this.t.reconnecting);
  }

  private cancelEnd(box: HTMLElement): void {
    box.remove();
    this.input?.focus();
  }

  private showEnded(): void {
    if (this.endShown) return;
    this.endShown = true;
    this.stopTyping();
    this.showTyping(false);
    this.body.querySelector('.cmp')?.remove();
    this.body.querySelector('.end')?.remove();
    this.input = null;
    const box = h('div', { className: 'end' }, h('p', { className: 'intro', role: 'status' }, this.t.ended));
    if (this.session?.rating) box.append(this.newChatButton());
    else box.append(this.ratingForm());
    this.body.append(box);
    if (this.isOpen && this.root.activeElement === null) box.querySelector<HTMLElement>('input,button')?.focus();
  }

  private ratingForm(): HTMLFormElement {
    let value = 0;
    const labels: HTMLLabelElement[] = [];
    const paint = (upTo: number) => {
      for (const [i, l] of labels.entries()) l.classList.toggle('on', i < upTo);
    };
    const stars = h('div', { className: 'stars' });
    for (let n = 1; n <= 5; n++) {
      const radio = h('input', { type: 'radio', name: 'sb-rating', value: n, 'aria-label': fill(this.t.stars, { n }) });
      radio.addEventListener('change', () => {
        value = n;
        paint(n);
      });
      const label = h('label', { onmouseenter: () => paint(n), onmouseleave: () => paint(value) }, radio, h('span', { 'aria-hidden': 'true' }, '★'));
      labels.push(label);
      stars.append(label);
    }
    const comment = h('textarea', { id: 'sb-comment', maxlength: 2000 });
    const err = h('span', { className: 'err', role: 'alert' });
    const btn = h('button', { type: 'submit', className: 'btn' }, this.t.rateSend);
    const form = h(
      'form',
      { className: 'f' },
      h('fieldset', { className: 'rate' }, h('legend', {}, this.t.rate), stars),
      h('label', { for: 'sb-comment' }, this.t.comment, comment),
      err,
      h('div', { className: 'row' }, btn, this.newChatButton(true)),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!value) {
        err.textContent = this.t.required;
        return stars.querySelector('input')?.focus();
      }
      btn.disabled = true;
      try {
        await this.api.rate(value, comment.value.trim());
        const done = h('p', { className: 'intro', role: 'status', tabindex: '-1' }, this.t.rateThanks);
        form.replaceWith(done, this.newChatButton());
        done.focus();
      } catch {
        err.textContent = this.t.error;
        btn.disabled = false;
      }
    });
    return form;
  }

  private newChatButton(secondary = false): HTMLButtonElement {
    return h('button', { type: 'button', className: secondary ? 'btn sec' : 'btn', onclick: () => this.reset() }, this.t.newChat);
  }

  /** Forget the session (the visitor starts a new chat). */
  private reset(): void {
    this.sock?.close();
    this.sock = null;
    this.saved = null;
    this.api.token = null;
    this.session = null;
    this.lastSeq = this.agentRead = 0;
    this.bySeq.clear();
    this.pending.clear();
    this.visitorSeqs.length = 0;
    this.prechat = {};
    store.save(this.api.key, null);
    this.renderBadge();
    this.showStart();
  }
}
