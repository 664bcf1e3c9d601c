/**
 * The dashboard's only script: keyboard shortcuts and the claim's renewal,
 * as a progressive enhancement (every page works without it; the forms are
 * plain forms). It is inline with the response's CSP nonce (script-src
 * 'nonce-…'), so no other script can run.
 *
 *   queue:     j / k move the selection over `#queue [data-review-id]` rows, Enter opens the selected row
 *   item page: a / r / e choose Approve / Reject / Amend (`#choice-approve`, `#choice-reject`, `#choice-amend`)
 *   anywhere:  / focuses the search box (`#search`)
 * Keys typed into a text field, and keys with Ctrl, Alt or Meta, are left alone.
 *
 *   claim:     on an item you hold (`#claim-renew`), every RENEW_EVERY_MS the page
 *              posts that button's own form (renew) if you pressed a key, clicked,
 *              typed or scrolled since the last renewal and the page is visible; an
 *              idle or hidden page lets the lease run out, so a forgotten tab frees
 *              the item.
 */
/** A third of the 15-minute lease: a reader who keeps working never loses the item. */
export const RENEW_EVERY_MS = 5 * 60_000;

export const KEYBOARD_SCRIPT = `(function(){
var CHOICES={a:"choice-approve",r:"choice-reject",e:"choice-amend"};
var at=-1;
function typing(t){if(!t||!t.tagName)return false;if(t.isContentEditable)return true;var n=t.tagName;if(n==="TEXTAREA"||n==="SELECT")return true;return n==="INPUT"&&!/^(radio|checkbox|submit|button)$/.test(t.type);}
function rows(){return Array.prototype.slice.call(document.querySelectorAll("#queue [data-review-id]"));}
function select(i){var r=rows();if(!r.length)return;at=Math.max(0,Math.min(r.length-1,i));r.forEach(function(x,j){x.classList.toggle("selected",j===at);x.setAttribute("aria-selected",j===at?"true":"false");});var link=r[at].querySelector("a[data-open]");if(link)link.focus();}
document.addEventListener("keydown",function(e){
if(e.ctrlKey||e.metaKey||e.altKey||typing(e.target))return;
if(e.key==="/"){var s=document.getElementById("search");if(s){e.preventDefault();s.focus();}return;}
if(e.key==="j"||e.key==="k"){if(rows().length){e.preventDefault();select(at<0?0:at+(e.key==="j"?1:-1));}return;}
if(e.key==="Enter"&&at>=0&&e.target===document.body){var l=rows()[at];l=l&&l.querySelector("a[data-open]");if(l){e.preventDefault();l.click();}return;}
var id=CHOICES[e.key];var el=id&&document.getElementById(id);
if(el&&!el.disabled){e.preventDefault();el.checked=true;el.focus();}
});
var renew=document.getElementById("claim-renew");
if(renew&&renew.form){var active=false;var seen=function(){active=true;};
["keydown","pointerdown","input","scroll"].forEach(function(t){document.addEventListener(t,seen,{capture:true,passive:true});});
setInterval(function(){if(!active||document.visibilityState!=="visible")return;active=false;var f=renew.form;var d=new FormData(f);/* f.action would be the button named "action" */d.set("action","renew");
fetch(f.getAttribute("action"),{method:"POST",body:d,credentials:"same-origin",redirect:"manual"}).catch(function(){});},${RENEW_EVERY_MS});}
})();`;
