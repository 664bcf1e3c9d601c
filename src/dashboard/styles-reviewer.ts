/**
 * The reviewer workflow's rules (claims, SLA, paging, bulk, field errors,
 * keyboard selection) and the small-screen layout: at 390 px the page never
 * scrolls sideways; the queue's tables become stacked cards (`table.cards`,
 * each cell labelled by its `data-label`) and every other table scrolls
 * inside its own box. Part of the one stylesheet (src/dashboard/styles.ts).
 */
export const REVIEWER_STYLES = `
.skip{position:absolute;left:-9999px;top:.25rem;z-index:10;background:#fff;color:var(--accent);padding:.4rem .8rem;border-radius:6px;border:2px solid var(--accent)}
.skip:focus{left:.5rem}
main:focus{outline:none}
h1[tabindex]:focus{outline:none}
.table-wrap{max-width:100%;overflow-x:auto;position:relative}
table{position:relative}
tr.selected td{background:var(--blue-bg)}
tr.selected td:first-child{box-shadow:inset 4px 0 0 var(--accent)}
.due{white-space:nowrap}
.due.overdue{color:var(--red);font-weight:700}
.claim-status{border:1px solid var(--border);border-radius:10px;padding:.6rem .9rem;margin:.75rem 0;background:var(--soft);display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
.claim-status.mine{background:var(--green-bg);border-color:#75e0a7}
.claim-status.theirs{background:var(--amber-bg);border-color:#fec84b}
.claim-status form{margin:0;display:inline}
.field-error{color:var(--red);font-size:.86rem;font-weight:600;margin:.2rem 0;overflow-wrap:anywhere}
[aria-invalid=true]{border-color:var(--red);outline:2px solid var(--red-bg)}
.pager{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;margin:.25rem 0 1.5rem}
.bulk{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;border:1px solid var(--border);border-radius:10px;padding:.6rem .9rem;margin:.5rem 0}
.bulk .field{flex:1 1 18rem;margin:0}
.bulk textarea{min-height:2.6rem}
.keys{font-size:.82rem;color:var(--muted)}
kbd{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8em;border:1px solid var(--border);border-bottom-width:2px;border-radius:4px;padding:0 .3rem;background:#fff}
.kv dd{min-width:0;overflow-wrap:anywhere}
input[type=date],input[type=number]{font:inherit;padding:.35rem .5rem;border:1px solid #afb8c1;border-radius:6px;background:#fff;color:var(--fg)}
input.narrow{width:7rem}
@media (max-width:640px){
html,body{max-width:100%;overflow-x:hidden}
main{padding:.75rem .75rem 2rem}
.top .inner{padding:.5rem .75rem;gap:.5rem 1rem}
.top nav{flex-wrap:wrap}
h1{font-size:1.25rem;overflow-wrap:anywhere}
.summary{gap:.35rem 1rem}
.mono,.untrusted{overflow-wrap:anywhere}
form.filters{padding:.6rem}
form.filters>div{flex:1 1 100%;min-width:0}
form.filters input,form.filters select{width:100%}
table{display:block;max-width:100%;overflow-x:auto}
table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
table.cards thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}
table.cards tr{border:1px solid var(--border);border-radius:10px;margin:.5rem 0;padding:.4rem .6rem}
table.cards td{border:0;padding:.15rem 0}
table.cards td[data-label]::before{content:attr(data-label);display:block;font-size:.72rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
tr.late td{background:transparent}
table.cards tr.late{background:var(--red-bg);border-color:#fda29b}
.decision-form{padding:.75rem}
.choice{padding:.5rem}
input.amount{width:100%}
.jump{margin-left:0}
pre{max-width:100%}
}
`;
