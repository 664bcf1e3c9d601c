/**
 * The dashboard's only stylesheet, served from /dashboard/assets/style.css so
 * the CSP can forbid inline styles and scripts entirely (style-src 'self').
 */
import { REVIEWER_STYLES } from "./styles-reviewer";

export const STYLESHEET = `
:root{--fg:#1f2328;--muted:#57606a;--border:#d0d7de;--soft:#f6f8fa;--accent:#0b5cad;--red:#b42318;--red-bg:#fef3f2;--amber:#93370d;--amber-bg:#fffaeb;--blue:#1849a9;--blue-bg:#eff8ff;--green:#067647;--green-bg:#ecfdf3;--purple:#5925dc;--purple-bg:#f4f3ff;--grey-bg:#eef1f4}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #7cb4f5;outline-offset:1px}
.top{background:#12263f;color:#fff}
.top .inner{max-width:1280px;margin:0 auto;padding:.55rem 1.25rem;display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap}
.top .brand{font-weight:700;letter-spacing:.01em;color:#fff;text-decoration:none}
.top nav{display:flex;gap:.25rem}
.top nav a{color:#d7e3f4;text-decoration:none;padding:.3rem .7rem;border-radius:6px}
.top nav a[aria-current=page]{background:#2a4566;color:#fff}
.top nav a:hover{background:#21395a;color:#fff}
.top .who{margin-left:auto;display:flex;gap:.75rem;align-items:center;font-size:.88rem;color:#d7e3f4}
.top .who form{margin:0}
.top .who button{background:transparent;color:#fff;border:1px solid #58708f;border-radius:6px;padding:.2rem .6rem;font:inherit;cursor:pointer}
main{max-width:1280px;margin:0 auto;padding:1.25rem 1.25rem 3rem}
h1{font-size:1.5rem;margin:.25rem 0 .75rem;line-height:1.25}
h2{font-size:1.15rem;margin:2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--border)}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
p{margin:.4rem 0}
.muted{color:var(--muted)}
.small{font-size:.86rem}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.86em}
.nowrap{white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
th,td{padding:.45rem .6rem;border-bottom:1px solid var(--border);text-align:left;vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);background:var(--soft);font-weight:600}
tbody tr:hover{background:#fafbfc}
tr.late td{background:var(--red-bg)}
tr.late td:first-child{box-shadow:inset 4px 0 0 var(--red)}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.78rem;font-weight:600;line-height:1.5;white-space:nowrap;border:1px solid transparent;margin:0 .2rem .2rem 0}
.b-reject{background:var(--red-bg);color:var(--red);border-color:#fecdca}
.b-cap{background:var(--amber-bg);color:var(--amber);border-color:#fedf89}
.b-escalate{background:var(--blue-bg);color:var(--blue);border-color:#b2ddff}
.b-suspicious{background:var(--red);color:#fff}
.b-runtime{background:var(--grey-bg);color:#344054;border-color:#d0d5dd}
.b-ok{background:var(--green-bg);color:var(--green);border-color:#abefc6}
.b-warn{background:var(--amber-bg);color:var(--amber);border-color:#fedf89}
.b-bad{background:var(--red-bg);color:var(--red);border-color:#fecdca}
.b-info{background:var(--blue-bg);color:var(--blue);border-color:#b2ddff}
.b-neutral{background:var(--grey-bg);color:#344054;border-color:#d0d5dd}
.b-stage{background:var(--purple-bg);color:var(--purple);border-color:#d9d6fe}
.card{border:1px solid var(--border);border-radius:10px;padding:1rem 1.15rem;margin:.75rem 0;background:#fff}
.card.soft{background:var(--soft)}
.card>h2:first-child,.card>h3:first-child{margin-top:0}
fieldset{border:0;padding:0;margin:0;min-width:0}
legend{padding:0;margin-bottom:.2rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:.75rem 1.25rem}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.25rem 0}
.kv dt{color:var(--muted)}
.kv dd{margin:0}
.summary{display:flex;flex-wrap:wrap;gap:.5rem 2rem;align-items:baseline;margin:.25rem 0 1rem}
.summary .big{font-size:1.35rem;font-weight:700}
.alert{border-radius:10px;padding:.8rem 1rem;margin:.75rem 0;border:1px solid}
.alert-danger{background:var(--red-bg);border-color:#fda29b;color:#7a271a}
.alert-warn{background:var(--amber-bg);border-color:#fec84b;color:#7a2e0e}
.alert-ok{background:var(--green-bg);border-color:#75e0a7;color:#074d31}
.alert-info{background:var(--blue-bg);border-color:#84caff;color:#194185}
.alert strong{display:block;margin-bottom:.15rem}
.reasons{list-style:none;padding:0;margin:.25rem 0}
.reasons li{display:flex;gap:.75rem;align-items:baseline;padding:.45rem 0;border-bottom:1px dashed var(--border)}
.reasons li:last-child{border-bottom:0}
.reasons .badge{min-width:10.5rem;text-align:center}
.untrusted{unicode-bidi:isolate;white-space:pre-wrap;overflow-wrap:anywhere}
mark.hidden-char{background:#fde272;color:#000;border-radius:3px;padding:0 .15rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.82em}
.flagged{outline:2px solid var(--red);outline-offset:1px;border-radius:3px;background:var(--red-bg)}
.flag{display:inline-block;margin-left:.35rem;color:var(--red);font-weight:700;font-size:.78rem;white-space:nowrap}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;background:var(--soft);border:1px solid var(--border);border-radius:10px;padding:.75rem 1rem;margin:.5rem 0 1rem}
label{font-weight:600;font-size:.88rem}
form.filters label,.field label{display:block;margin-bottom:.2rem}
input[type=text],input[type=password],input[type=search],select,textarea{font:inherit;padding:.4rem .55rem;border:1px solid #afb8c1;border-radius:6px;background:#fff;color:var(--fg)}
textarea{width:100%;min-height:5.5rem}
input.amount{width:8.5rem;text-align:right}
button,.button{font:inherit;font-weight:600;white-space:nowrap;padding:.45rem 1rem;border-radius:6px;border:1px solid #1b4f8a;background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--accent);border-color:#afb8c1}
button:disabled{background:#e4e7ec;color:#667085;border-color:#d0d5dd;cursor:not-allowed}
.choice{display:flex;gap:.6rem;align-items:flex-start;border:1px solid var(--border);border-radius:8px;padding:.55rem .75rem;margin:.35rem 0;font-weight:400;cursor:pointer}
.choice input{margin-top:.3rem}
.choice strong{display:block}
.decision-form{border:2px solid var(--accent);border-radius:12px;padding:1rem 1.25rem;margin:1rem 0;background:#fbfdff}
.decision-form h2{margin-top:.25rem;border:0}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:.75rem}
.login{max-width:460px;margin:3rem auto;border:1px solid var(--border);border-radius:12px;padding:1.5rem 1.75rem}
.login input{width:100%}
.field{margin:.75rem 0}
details{margin:.5rem 0}
summary{cursor:pointer;color:var(--accent)}
pre{background:var(--soft);border:1px solid var(--border);border-radius:8px;padding:.75rem;overflow:auto;font-size:.84rem;max-height:28rem}
.timeline td.step{font-weight:600}
.timeline .err{color:var(--red)}
.timeline .json{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.78rem;color:var(--muted)}
.timeline td.models{min-width:13rem}
.jump{margin-left:auto}
.chart{max-width:100%;height:auto;display:block;margin:.25rem 0}
.chart text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:#57606a}
.chart .axis{stroke:#d0d7de;stroke-width:1}
.chart .grid{stroke:#eaeef2;stroke-width:1}
.chart .bar{fill:#3b82c4}
.chart polyline.line{fill:none;stroke-width:2.5}
.chart .s0{stroke:#0b5cad;fill:#0b5cad}
.chart .s1{stroke:#d97706;fill:#d97706}
.chart .s2{stroke:#7c3aed;fill:#7c3aed}
.legend{display:flex;gap:1rem;font-size:.85rem;color:var(--muted)}
.legend i{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:-1px}
.legend .s0{background:#0b5cad}.legend .s1{background:#d97706}.legend .s2{background:#7c3aed}
.operator-form{border:1px solid var(--border);border-radius:10px;padding:.6rem .9rem;background:var(--soft)}
.operator-form legend{font-weight:700}
.operator-form fieldset:disabled{opacity:.75}
textarea.short{min-height:3.2rem}
button.danger:not(:disabled){background:var(--red);border-color:#912018}
caption{text-align:left;font-size:.86rem;color:var(--muted);padding:.2rem 0}
ul.missing{margin:.25rem 0 .5rem;padding-left:1.25rem}
table.evidence td:first-child{width:60%}
.empty{padding:2rem;text-align:center;color:var(--muted);border:1px dashed var(--border);border-radius:10px}
.pill-row{display:flex;flex-wrap:wrap;gap:.25rem}
table.arguments{width:auto;min-width:50%;margin:.3rem 0 .6rem}
table.arguments td:first-child{white-space:nowrap}
ol.transcript{list-style:none;padding:0;margin:.25rem 0}
ol.transcript li.msg{border:1px solid var(--border);border-radius:8px;padding:.5rem .75rem;margin:.4rem 0}
ol.transcript li.msg-assistant{background:var(--blue-bg)}
ol.transcript li.msg-tool{background:var(--soft)}
.msg-call{margin-top:.35rem}
.waterfall{overflow-x:auto;max-width:100%;border:1px solid var(--border);border-radius:10px;margin:.5rem 0 1rem}
.waterfall:focus-visible{outline:3px solid #7cb4f5}
table.trace{min-width:760px;margin:0}
table.trace td{vertical-align:middle}
table.trace .trace-cell{width:42%;min-width:260px;padding-left:0;padding-right:0}
.trace-track{display:block;overflow:visible}
.trace-grid{stroke:#eaeef2;stroke-width:1}
.trace-axis{display:flex;justify-content:space-between;font-variant-numeric:tabular-nums;text-transform:none}
table.trace .span-name{min-width:14rem}
.span-name.d1{padding-left:1.4rem}
.span-name.d2{padding-left:2.6rem;font-weight:400}
tr.span-run td{background:var(--soft);font-weight:600}
tr.span-detail td{padding-top:0;border-bottom:1px solid var(--border)}
.trace-content h4{margin:.5rem 0 .2rem;font-size:.86rem}
.trace-legend{list-style:none;padding:0;margin:.5rem 0;flex-wrap:wrap}
.bar-run{fill:#344054;background:#344054}
.bar-step{fill:#0b5cad;background:#0b5cad}
.bar-model{fill:#7c3aed;background:#7c3aed}
.bar-tool{fill:#d97706;background:#d97706}
.bar-wait{fill:#98a2b3;background:repeating-linear-gradient(45deg,#98a2b3 0 3px,#d0d5dd 3px 6px)}
.trace-tick{stroke-width:2}
.trace-tick.bar-run{stroke:#344054}.trace-tick.bar-step{stroke:#0b5cad}.trace-tick.bar-model{stroke:#7c3aed}.trace-tick.bar-tool{stroke:#d97706}.trace-tick.bar-wait{stroke:#98a2b3}
@media (max-width:720px){.top .who{margin-left:0}th,td{padding:.35rem .4rem}}
${REVIEWER_STYLES}`;

/** Short content hash for the stylesheet URL, so browsers may cache it for a long time. */
export const STYLESHEET_VERSION = (() => {
  let h = 0x811c9dc5;
  for (let i = 0; i < STYLESHEET.length; i++) h = Math.imul(h ^ STYLESHEET.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
})();
