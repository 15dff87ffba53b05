/**
 * Entry of the embeddable widget. The snippet:
 *   <script src="https://switchboard.example.com/widget.js" data-widget="WIDGET_KEY" async></script>
 * The script finds its own tag, loads the widget's public configuration from the server it came
 * from (the server refuses pages whose origin the widget does not allow), and mounts the widget.
 */
import { Api } from './client';
import { Widget } from './widget';

const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-widget]');
const key = script?.getAttribute('data-widget');

async function boot(el: HTMLScriptElement, widgetKey: string) {
  // One widget per key, even when a page includes the snippet twice.
  if (document.querySelector(`[data-switchboard-chat="${CSS.escape(widgetKey)}"]`)) return;
  const api = new Api(new URL(el.src, location.href).origin, widgetKey);
  let cfg: Awaited<ReturnType<Api['config']>>;
  try {
    cfg = await api.config();
  } catch (e) {
    console.warn(`Switchboard chat: widget not loaded (${(e as Error).message})`);
    return;
  }
  const widget = new Widget(api, cfg, el.getAttribute('data-locale') ?? undefined);
  document.body.appendChild(widget.host);
}

if (script && key) {
  const run = () => void boot(script, key);
  if (document.body) run();
  else document.addEventListener('DOMContentLoaded', run, { once: true });
}
