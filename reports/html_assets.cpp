#include "reports/html_assets.hpp"

namespace atc::report {

// Verdicts read by colour and by word; failures and errors are also hatched, so they stand out
// in grey print and for readers who do not tell red from green.
const char* const kReportCss = R"CSS(
:root{--pass:#1a7f37;--fail:#c0152f;--error:#8250df;--skip:#9a6700;--pics:#57606a;--pixit:#0969da;
--notrun:#8c959f;--uncovered:#d0d7de;--partial:#bf8700;font-family:system-ui,sans-serif;font-size:14px}
body{margin:0 auto;max-width:1200px;padding:0 16px 40px;color:#1f2328}
h1{font-size:22px;margin:16px 0 4px}h2{font-size:19px;border-bottom:2px solid #d0d7de;padding-bottom:4px;margin-top:28px}
h3{font-size:16px;margin:20px 0 8px}h4{font-size:14px;margin:14px 0 6px}
table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;vertical-align:top}
.identity th{color:#57606a;font-weight:600;white-space:nowrap}.identity td{font-family:ui-monospace,monospace;font-size:12px}
.problem{color:var(--fail);font-weight:600}
.badge,.cell .w{display:inline-block;min-width:48px;padding:1px 6px;border-radius:4px;color:#fff;font-weight:700;font-size:11px;text-align:center}
.pass{--c:var(--pass)}.fail{--c:var(--fail)}.error{--c:var(--error)}.skip,.skipped{--c:var(--skip)}.pics{--c:var(--pics)}
.pixit{--c:var(--pixit)}.notrun{--c:var(--notrun)}.uncovered{--c:var(--uncovered)}.partial{--c:var(--partial)}.na{--c:#8c959f}
.badge,.cell .w{background:var(--c)}.uncovered .w{color:#1f2328}
.fail .badge,.error .badge,.cell.fail .w,.cell.error .w,.badge.fail,.badge.error{background-image:repeating-linear-gradient(45deg,transparent 0 4px,rgba(255,255,255,.28) 4px 7px)}
.counts{display:flex;gap:10px;flex-wrap:wrap;margin:8px 0}.counts .badge{font-size:13px;padding:4px 10px}
.legend{font-size:12px;color:#57606a;margin:4px 0 8px}.legend .badge{margin:0 2px 0 10px}
.matrix .cells{display:flex;flex-wrap:wrap;gap:4px}
.cell{border:1px solid #d0d7de;border-left:6px solid var(--c);border-radius:4px;background:#fff;padding:2px 6px;font:12px ui-monospace,monospace;cursor:pointer;text-align:left;min-width:150px}
.cell .sec{color:#57606a}.cell .w{float:right;margin-left:6px;min-width:0}
.cell.uncovered,.cell.notrun{background:#f6f8fa}
figure{display:inline-block;margin:0 16px 16px 0;vertical-align:top;width:580px;max-width:100%}figcaption{font-size:12px;color:#57606a}
svg.chart{width:100%;height:auto;font:11px system-ui,sans-serif;background:#fff;border:1px solid #d0d7de}
svg .grid{stroke:#eaeef2}svg .ref{stroke:var(--fail);stroke-dasharray:5 3;stroke-width:1.5}svg .reflabel{fill:var(--fail);font-weight:600}
svg .pt{fill:#0969da;fill-opacity:.7}svg .pt.bad,svg .bar.bad{fill:none;stroke:var(--fail);stroke-width:2}
svg .bar{fill:#0969da}svg .box{fill:#b6e3ff;stroke:#0969da}svg .whisker{stroke:#57606a}svg .median{stroke:#1f2328;stroke-width:2}
svg .small{font-size:10px}
.filters{position:sticky;top:0;background:#fff;padding:6px 0;border-bottom:1px solid #d0d7de;z-index:1}
.filters input[type=search]{width:320px}.filters label{margin-left:10px;font-size:12px}
details.test{border:1px solid #d0d7de;border-left:6px solid var(--c);border-radius:4px;margin:4px 0;background:#fff;scroll-margin-top:48px}
details.test>summary{cursor:pointer;padding:4px 8px;list-style-position:inside}
summary .name{font-weight:600}summary .clause,summary .dur{color:#57606a;font-size:12px;margin-left:8px}
summary .msg{display:block;color:var(--fail);font-size:12px;margin:2px 0 0 60px;white-space:pre-wrap;font-family:ui-monospace,monospace}
.body{padding:6px 12px 10px;border-top:1px solid #eaeef2}
.body pre{background:#f6f8fa;padding:6px;overflow-x:auto;white-space:pre-wrap;font-size:12px}
.props td{font:12px ui-monospace,monospace}.props td:first-child{color:#57606a}
.tl-filter{font-size:12px;margin:6px 0}.tl-filter label{margin-right:10px}
table.tl{font:12px ui-monospace,monospace;width:100%}table.tl td{border-top:1px solid #eaeef2;white-space:pre-wrap;word-break:break-all}
table.tl td:first-child{text-align:right;color:#57606a;white-space:nowrap;width:90px}table.tl td:nth-child(2),table.tl td:nth-child(3){white-space:nowrap;width:60px}
tr.tx td:nth-child(4){color:#0550ae}tr.rx td:nth-child(4){color:#1f2328}tr.note td{color:#6e7781;font-style:italic}
tr.peer td{background:#fff8c5}tr.peer td:nth-child(4){color:#7d4e00}
.hidden{display:none!important}
@media print{.filters,.tl-filter{display:none}details.test{break-inside:avoid}}
)CSS";

// Filters: the tests by text and verdict (a click on a matrix cell filters by its clause), each
// timeline by kind, source and text. Opens the test an address (#t...) names.
const char* const kReportJs = R"JS(
'use strict';
(function () {
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  each(document.querySelectorAll('section.run'), function (run) {
    var search = run.querySelector('.filters input[type=search]');
    var boxes = run.querySelectorAll('.filters input[type=checkbox]');
    var shown = run.querySelector('.filters .shown');
    function apply() {
      var text = search.value.trim().toLowerCase();
      var verdicts = {};
      each(boxes, function (b) { verdicts[b.value] = b.checked; });
      var count = 0;
      each(run.querySelectorAll('details.test'), function (d) {
        var hay = d.getAttribute('data-search');
        var ok = verdicts[d.getAttribute('data-verdict')] !== false &&
                 (text === '' || hay.indexOf(text) >= 0);
        d.classList.toggle('hidden', !ok);
        if (ok) count++;
      });
      each(run.querySelectorAll('.chapter'), function (c) {
        c.classList.toggle('hidden', c.querySelector('details.test:not(.hidden)') === null);
      });
      shown.textContent = count + ' shown';
    }
    search.addEventListener('input', apply);
    each(boxes, function (b) { b.addEventListener('change', apply); });
    each(run.querySelectorAll('.cell'), function (cell) {
      cell.addEventListener('click', function () {
        search.value = cell.getAttribute('data-clause').toLowerCase();
        apply();
        run.querySelector('.filters').scrollIntoView();
      });
    });
    apply();
  });
  each(document.querySelectorAll('.timeline'), function (tl) {
    var inputs = tl.querySelectorAll('.tl-filter input');
    function apply() {
      var hide = {};
      var text = '';
      each(inputs, function (i) {
        if (i.type === 'checkbox') hide[i.value] = !i.checked; else text = i.value.toLowerCase();
      });
      each(tl.querySelectorAll('tbody tr'), function (tr) {
        var off = hide[tr.className.split(' ')[0]] || hide['src:' + tr.getAttribute('data-src')] ||
                  (text !== '' && tr.textContent.toLowerCase().indexOf(text) < 0);
        tr.classList.toggle('hidden', !!off);
      });
    }
    each(inputs, function (i) { i.addEventListener(i.type === 'checkbox' ? 'change' : 'input', apply); });
  });
  function openFromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    if (el && el.tagName === 'DETAILS') { el.open = true; el.scrollIntoView(); }
  }
  window.addEventListener('hashchange', openFromHash);
  openFromHash();
})();
)JS";

}  // namespace atc::report
