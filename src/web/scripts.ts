/**
 * The pages' only script, an enhancement: everything works without it. It copies citations, shows a spinner
 * when a page takes more than 300 ms to come, and makes "/" jump to the search box.
 */
export const SCRIPT = `(function(){
var d=document,root=d.documentElement,timer=0;
function busy(){clearTimeout(timer);timer=setTimeout(function(){root.classList.add('busy');},300);}
function idle(){clearTimeout(timer);root.classList.remove('busy');}
d.addEventListener('submit',function(e){if(!e.defaultPrevented)busy();});
d.addEventListener('click',function(e){
  var c=e.target.closest&&e.target.closest('[data-copy]');
  if(c){var v=c.getAttribute('data-copy');copy(c.hasAttribute('data-absolute')?new URL(v,location.href).href:v,c);return;}
  var a=e.target.closest&&e.target.closest('a[href]');
  if(!a||e.defaultPrevented||e.button!==0||e.ctrlKey||e.metaKey||e.shiftKey||e.altKey)return;
  if(a.hasAttribute('download')||a.target||a.origin!==location.origin)return;
  if(a.pathname===location.pathname&&a.search===location.search&&a.hash)return;
  busy();
});
window.addEventListener('pageshow',idle);
function copy(text,btn){
  function done(ok){var old=btn.textContent;btn.textContent=ok?'已复制':'请手动复制';btn.classList.toggle('copied',ok);setTimeout(function(){btn.textContent=old;btn.classList.remove('copied');},1500);}
  if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(text).then(function(){done(true);},function(){done(fallback(text));});}
  else done(fallback(text));
}
function fallback(text){var t=d.createElement('textarea');t.value=text;t.setAttribute('readonly','');t.style.position='fixed';t.style.opacity='0';d.body.appendChild(t);t.select();var ok=false;try{ok=d.execCommand('copy');}catch(_){}d.body.removeChild(t);return ok;}
d.addEventListener('keydown',function(e){var t=e.target;if(e.key!=='/'||e.ctrlKey||e.metaKey||e.altKey)return;if(t&&(t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))return;var q=d.querySelector('input[name=q],input[name=unit]');if(q){e.preventDefault();q.focus();q.select();}});
})();`;
