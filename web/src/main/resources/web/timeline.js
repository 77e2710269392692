// The session timeline, drawn from the event stream (EventJson objects over SSE). Every value is set with
// textContent, never parsed as HTML, so tool output containing <script> shows as text.
(function () {
  'use strict';
  var timeline = document.getElementById('timeline');
  if (!timeline) return;
  var base = timeline.dataset.base;
  var statusEl = document.getElementById('status');
  var planEl = document.getElementById('plan');
  var calls = new Map();
  var approvals = new Map();
  var streaming = null;
  var queue = [];
  var scheduled = false;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function add(node) {
    timeline.appendChild(node);
    return node;
  }

  function notice(cls, text, seq) {
    var n = el('div', 'notice ' + cls, text);
    n.dataset.seq = seq;
    return add(n);
  }

  function setStatus(status) {
    if (!statusEl || !status) return;
    statusEl.textContent = status;
    statusEl.className = 'status ' + status;
  }

  function pretty(json) {
    try { return JSON.stringify(JSON.parse(json), null, 2); } catch (e) { return json || ''; }
  }

  function message(role, label, text, seq) {
    var box = el('div', 'msg ' + role);
    box.dataset.seq = seq;
    box.appendChild(el('div', 'who', label));
    var body = el('div', 'text');
    body.appendChild(document.createTextNode(text || ''));
    box.appendChild(body);
    return add(box);
  }

  function approvalCard(e) {
    var card = el('div', 'approval pending');
    card.dataset.call = e.id;
    card.dataset.seq = e.seq;
    card.appendChild(el('div', 'who', 'Approval needed: ' + e.name));
    if (e.reason) card.appendChild(el('p', 'reason', e.reason));
    if (e.estimatedUsd !== null && e.estimatedUsd !== undefined) {
      card.appendChild(el('p', 'estimate', 'Estimated cost: $' + Number(e.estimatedUsd).toFixed(2)));
    }
    var form = el('form', 'approval-form');
    form.setAttribute('hx-post', base + '/approvals/' + encodeURIComponent(e.id));
    form.setAttribute('hx-swap', 'none');
    var args = el('textarea', 'arguments');
    args.name = 'arguments';
    args.rows = 8;
    args.value = pretty(e.arguments);
    form.appendChild(el('label', null, 'Arguments (edit, then "Approve edited")'));
    form.appendChild(args);
    var feedback = el('input', 'feedback');
    feedback.name = 'feedback';
    feedback.placeholder = 'Feedback for the model when rejecting';
    form.appendChild(feedback);
    [['approved', 'Approve', 'approve'], ['approved_edited', 'Approve edited', 'approve-edited'],
     ['rejected', 'Reject', 'reject danger']].forEach(function (b) {
      var button = el('button', b[2], b[1]);
      button.type = 'submit';
      button.name = 'outcome';
      button.value = b[0];
      form.appendChild(button);
    });
    card.appendChild(form);
    add(card);
    if (window.htmx) window.htmx.process(form);
    approvals.set(e.id, card);
    setStatus('waiting');
  }

  function resolveApproval(e) {
    var card = approvals.get(e.id);
    var text = 'Approval ' + e.outcome.replace('_', ' ') + (e.feedback ? ': ' + e.feedback : '');
    if (!card) { notice('resolved', text, e.seq); return; }
    card.className = 'approval resolved ' + e.outcome;
    var form = card.querySelector('form');
    if (form) form.remove();
    if (e.outcome === 'approved_edited' && e.arguments) card.appendChild(el('pre', 'arguments', pretty(e.arguments)));
    card.appendChild(el('p', 'outcome', text));
  }

  function toolCall(e) {
    var box = el('div', 'call');
    box.dataset.call = e.id;
    box.dataset.seq = e.seq;
    var head = el('div', 'who', 'Tool ' + e.name);
    if (e.decision) head.appendChild(el('span', 'decision', e.decision));
    box.appendChild(head);
    var details = el('details', 'args');
    details.appendChild(el('summary', null, 'arguments'));
    details.appendChild(el('pre', null, pretty(e.arguments)));
    box.appendChild(details);
    calls.set(e.id, box);
    add(box);
  }

  function toolResult(e) {
    var box = calls.get(e.id);
    if (!box) { box = el('div', 'call'); box.appendChild(el('div', 'who', 'Tool ' + e.name)); add(box); }
    var out = el('pre', 'result' + (e.isError ? ' error' : ''), e.content);
    box.appendChild(out);
    if (e.fullOutput) box.appendChild(el('p', 'full', 'full output: ' + e.fullOutput));
  }

  function plan(items) {
    if (!planEl) return;
    planEl.textContent = '';
    (items || []).forEach(function (item) { planEl.appendChild(el('li', item.status, item.content)); });
    if (!items || !items.length) planEl.appendChild(el('li', 'empty', 'No plan yet.'));
  }

  function jobLink(jobId, text, seq) {
    var n = el('div', 'notice job');
    n.dataset.seq = seq;
    var a = el('a', null, jobId);
    a.href = base + '/jobs/' + encodeURIComponent(jobId);
    n.appendChild(a);
    n.appendChild(document.createTextNode(' ' + text));
    return add(n);
  }

  function render(e) {
    switch (e.type) {
      case 'session_started': notice('start', 'Session started with ' + (e.model || 'the default model'), e.seq); break;
      case 'user_message':
        streaming = null;
        message('user', e.origin === 'guard' ? 'Guard' : 'You', e.text, e.seq);
        setStatus('running');
        break;
      case 'assistant_delta':
        if (!streaming) { streaming = message('assistant streaming', 'Assistant', '', e.seq); }
        if (e.reset) { streaming.querySelector('.text').firstChild.data = ''; }
        streaming.querySelector('.text').firstChild.appendData(e.text || '');
        break;
      case 'assistant_message':
        if (streaming) {
          if (e.text) { streaming.querySelector('.text').textContent = e.text; streaming.classList.remove('streaming'); }
          else streaming.remove();
          streaming = null;
        } else if (e.text) {
          message('assistant', 'Assistant', e.text, e.seq);
        }
        break;
      case 'tool_call': toolCall(e); break;
      case 'tool_result': toolResult(e); break;
      case 'approval_requested': approvalCard(e); break;
      case 'approval_resolved': resolveApproval(e); setStatus('running'); break;
      case 'plan_updated': plan(e.items); break;
      case 'job_submitted': jobLink(e.jobId, 'submitted on ' + e.executor + ': ' + (e.command || ''), e.seq); break;
      case 'job_status':
        jobLink(e.jobId, e.state + (e.exitCode !== null && e.exitCode !== undefined ? ' (exit ' + e.exitCode + ')' : '')
            + (e.message ? ': ' + e.message : ''), e.seq);
        break;
      case 'job_log': case 'metric': break;
      case 'compaction': notice('compaction', 'Context compacted: ' + e.tokensBefore + ' → ' + e.tokensAfter + ' tokens', e.seq); break;
      case 'budget_warning': notice('warn', 'Budget ' + e.kind + ': ' + e.used + ' of ' + e.limit, e.seq); break;
      case 'error': notice('error', (e.kind ? e.kind + ': ' : '') + e.message, e.seq); break;
      case 'turn_complete':
        streaming = null;
        notice('turn', 'Turn complete (' + e.reason + ')' + (e.summary ? ': ' + e.summary : ''), e.seq);
        setStatus('idle');
        break;
      case 'session_finished': notice('finished', 'Session ' + e.status, e.seq); setStatus(e.status); break;
      default: break;
    }
  }

  function flush() {
    scheduled = false;
    var batch = queue;
    queue = [];
    var stick = timeline.scrollHeight - timeline.scrollTop - timeline.clientHeight < 80;
    for (var i = 0; i < batch.length; i++) {
      render(batch[i]);
      timeline.dataset.lastSeq = batch[i].seq;
    }
    timeline.dataset.events = String(Number(timeline.dataset.events || 0) + batch.length);
    if (stick) timeline.scrollTop = timeline.scrollHeight;
  }

  var source = new EventSource(base + '/events');
  source.onmessage = function (m) {
    queue.push(JSON.parse(m.data));
    if (!scheduled) { scheduled = true; setTimeout(flush, 16); }
  };
  source.onopen = function () { timeline.dataset.connected = 'true'; };
  source.onerror = function () { timeline.dataset.connected = 'false'; };

  document.body.addEventListener('htmx:afterRequest', function (evt) {
    var form = evt.detail.elt;
    if (!form.matches) return;
    if (evt.detail.successful && form.matches('form.composer')) form.reset();
    if (!evt.detail.successful && form.matches('form.approval-form')) {
      var old = form.querySelector('.problem');
      if (old) old.remove();
      form.appendChild(el('p', 'problem', evt.detail.xhr.status === 409
          ? 'This call is no longer waiting for approval (the session was restarted or already answered). '
            + 'Send a message to continue.'
          : 'Not sent: ' + evt.detail.xhr.responseText));
    }
  });
})();
