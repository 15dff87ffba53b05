/**
 * The widget's stylesheet, inside its shadow root. `:host` declarations are `!important` because in
 * the cascade an important rule of the shadow tree beats the page's important rules on the host
 * element (a page rule like `body * { display: none !important }` cannot hide the widget), and
 * `all: initial` stops inherited page styles (fonts, colors, line height) at the boundary.
 * Sizes are in px: the page's root font size must not scale the widget.
 */
export const CSS = `
:host{all:initial!important;display:block!important;position:fixed!important;bottom:0!important;right:0!important;width:0!important;height:0!important;z-index:2147483000!important;visibility:visible!important;opacity:1!important;pointer-events:auto!important}
*{box-sizing:border-box}
.w{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2328;-webkit-font-smoothing:antialiased}
button,input,textarea,select{font:inherit;color:inherit}
button{cursor:pointer}
:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.launch{position:fixed;bottom:20px;right:20px;width:56px;height:56px;border-radius:50%;border:0;background:var(--c);color:var(--fg);box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center;padding:0}
.left .launch{right:auto;left:20px}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#d92d20;color:#fff;font-size:12px;line-height:20px;text-align:center}
.panel{position:fixed;bottom:88px;right:20px;width:370px;height:600px;max-height:calc(100vh - 108px);display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 8px 32px rgba(0,0,0,.22);overflow:hidden}
.left .panel{right:auto;left:20px}
.panel[hidden],[hidden]{display:none!important}
.hd{display:flex;align-items:center;gap:10px;padding:12px 12px 12px 16px;background:var(--c);color:var(--fg)}
.hd h2{flex:1;margin:0;font-size:16px;font-weight:600;line-height:1.3}
.hd p{margin:2px 0 0;font-size:12px;opacity:.9}
.hd .av{width:32px;height:32px;border-radius:50%;object-fit:cover;background:rgba(255,255,255,.3)}
.ib{display:inline-flex;align-items:center;justify-content:center;width:34px;height:34px;border:0;border-radius:8px;background:transparent;color:inherit;padding:0}
.ib:hover{background:rgba(127,127,127,.18)}
.ib:disabled{opacity:.4;cursor:default}
.body{flex:1;display:flex;flex-direction:column;min-height:0;background:#f6f7f9}
.st{padding:6px 12px;font-size:12px;color:#5f6b7a;text-align:center;background:#eef1f4}
.st:empty{display:none}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px}
.m{max-width:82%;display:flex;flex-direction:column}
.m.v{align-self:flex-end;align-items:flex-end}
.m.a{align-self:flex-start}
.m.s{align-self:center;max-width:92%;text-align:center;color:#5f6b7a;font-size:12px}
.bb{padding:8px 12px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.v .bb{background:var(--c);color:var(--fg);border-bottom-right-radius:4px}
.a .bb{background:#fff;border:1px solid #e3e5e8;border-bottom-left-radius:4px}
.v .bb a{color:inherit}
.a .bb a{color:#0b57d0}
.who{font-size:11px;color:#5f6b7a;margin:0 4px 2px}
.meta{font-size:11px;color:#5f6b7a;margin:2px 4px 0}
.failed .bb{opacity:.6}
.failed .meta{color:#b42318}
.img{display:block;max-width:100%;max-height:220px;border-radius:10px;margin-top:4px}
.file{display:block;margin-top:4px;text-decoration:underline;color:inherit}
.ty{min-height:20px;padding:0 14px 4px;font-size:12px;color:#5f6b7a;font-style:italic}
.cmp{position:relative;display:flex;align-items:flex-end;gap:4px;padding:8px;border-top:1px solid #e3e5e8;background:#fff}
.cmp textarea{flex:1;resize:none;border:1px solid #d0d5db;border-radius:10px;padding:8px 10px;min-height:38px;max-height:120px;background:#fff}
.snd{background:var(--c);color:var(--fg)}
.snd:hover{background:var(--c);filter:brightness(.92)}
.emo{position:absolute;bottom:54px;left:8px;display:grid;grid-template-columns:repeat(8,32px);gap:2px;padding:6px;background:#fff;border:1px solid #d0d5db;border-radius:10px;box-shadow:0 4px 16px rgba(0,0,0,.15)}
.emo button{width:32px;height:32px;border:0;background:none;font:20px/1 "Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji",sans-serif;border-radius:6px;padding:0}
.emo button:hover,.emo button:focus{background:#eef1f4}
form.f{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:12px}
.f label{display:flex;flex-direction:column;gap:4px;font-size:13px;font-weight:500}
.f input,.f textarea,.f select{border:1px solid #d0d5db;border-radius:8px;padding:8px 10px;font-weight:400;background:#fff}
.f textarea{min-height:80px;resize:vertical}
.f .cb{flex-direction:row;flex-wrap:wrap;align-items:center;font-weight:400}
.f .cb input{margin:0 6px 0 0}
.f [aria-invalid=true]{border-color:#b42318}
.err{color:#b42318;font-size:12px;font-weight:400}
.intro{margin:0;color:#3d4650}
.btn{border:0;border-radius:8px;padding:10px 14px;background:var(--c);color:var(--fg);font-weight:600}
.btn.sec{background:#eef1f4;color:#1f2328}
.btn:disabled{opacity:.6;cursor:default}
.rate{border:0;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.rate legend{font-weight:600;margin-bottom:6px;padding:0}
.stars{display:flex;gap:4px}
.stars label{position:relative;cursor:pointer;font-size:28px;color:#c3c8cf;line-height:1}
.stars input{position:absolute;opacity:0;width:1px;height:1px}
.stars label.on{color:#f5a524}
.stars input:focus-visible+span{outline:2px solid #1a73e8;outline-offset:2px;border-radius:4px}
.end{padding:12px;border-top:1px solid #e3e5e8;background:#fff;display:flex;flex-direction:column;gap:10px}
.end .f{padding:0;overflow:visible}
.row{display:flex;gap:8px}
.pw{padding:6px;text-align:center;font-size:11px;color:#8a94a0;background:#fff}
@media (max-width:480px){.panel{top:0;left:0!important;right:0!important;bottom:0;width:auto;height:auto;max-height:none;border-radius:0}.open .launch{display:none}}
@media (prefers-reduced-motion:no-preference){.panel{animation:in .16s ease-out}@keyframes in{from{opacity:0;transform:translateY(8px)}}}
`;
