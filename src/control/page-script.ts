/**
 * The status page's script (served as /page.js): keeps the table live from /events, sends
 * the buttons to /action, and follows one program's log from /logs/<name>. Plain browser
 * JavaScript, no build step; every value goes into the page as text, never as HTML.
 */
export const PAGE_JS = `'use strict';
(function () {
  var base = document.body.getAttribute('data-base') || '';
  var tbody = document.getElementById('programs-body');
  var conn = document.getElementById('conn');
  var message = document.getElementById('message');
  var rows = new Map();
  var SVG = 'http://www.w3.org/2000/svg';

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function bytes(n) {
    if (n === null || n === undefined) return '';
    var u = ['B', 'KB', 'MB', 'GB', 'TB'], i = 0;
    while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
    return (i ? n.toFixed(1) : String(n)) + ' ' + u[i];
  }
  function cpu(n) { return n === null || n === undefined ? '' : n.toFixed(1) + '%'; }
  function points(values, max) {
    if (values.length < 2) return '';
    var step = 120 / (values.length - 1);
    return values.map(function (v, i) {
      return (i * step).toFixed(1) + ',' + (23 - (max ? (v / max) * 22 : 0)).toFixed(1);
    }).join(' ');
  }
  function spark(history) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 120 24');
    var cpus = history.map(function (h) { return h[0]; });
    var mems = history.map(function (h) { return h[1]; });
    var pairs = [['cpu', cpus, Math.max(100, Math.max.apply(null, cpus.concat([0])))],
      ['mem', mems, Math.max.apply(null, mems.concat([1]))]];
    pairs.forEach(function (p) {
      var line = document.createElementNS(SVG, 'polyline');
      line.setAttribute('class', p[0]);
      line.setAttribute('points', points(p[1], p[2]));
      svg.appendChild(line);
    });
    var title = document.createElementNS(SVG, 'title');
    title.textContent = 'CPU (green) and memory (purple), last ' + history.length + ' samples';
    svg.appendChild(title);
    return svg;
  }
  function buttons(target, state) {
    var td = el('td', { 'class': 'actions' });
    var running = state === 'RUNNING' || state === 'STARTING' || state === 'BACKOFF';
    [['start', !running], ['stop', running], ['restart', true], ['clear', true]].forEach(function (b) {
      var button = el('button', { 'data-action': b[0], 'data-target': target, type: 'button' }, b[0]);
      if (!b[1]) button.disabled = true;
      td.appendChild(button);
    });
    return td;
  }
  function rowElement(r) {
    var tr = el('tr', { 'data-id': r.id, 'class': 'program' });
    var st = el('td');
    st.appendChild(el('span', { 'class': 'state s-' + r.state }, r.state));
    if (r.state === 'RUNNING' && !r.healthy) {
      st.appendChild(document.createTextNode(' '));
      st.appendChild(el('span', { 'class': 'unhealthy', title: 'not healthy' }, 'unhealthy'));
    }
    tr.appendChild(st);
    tr.appendChild(el('td', { 'class': 'name' }, r.label));
    tr.appendChild(el('td', { 'class': 'num pid' }, r.pid ? String(r.pid) : ''));
    tr.appendChild(el('td', { 'class': 'desc', title: r.description }, r.description));
    tr.appendChild(el('td', { 'class': 'num cpu' }, cpu(r.cpu)));
    tr.appendChild(el('td', { 'class': 'num mem' }, bytes(r.memory)));
    var hist = el('td', { 'class': 'hist' });
    hist.appendChild(spark(r.history));
    tr.appendChild(hist);
    var actions = buttons(r.id, r.state);
    var tail = el('button', { 'data-tail': r.id, 'data-label': r.label, type: 'button' }, 'tail');
    actions.appendChild(tail);
    tr.appendChild(actions);
    return tr;
  }
  function render() {
    var list = Array.from(rows.values()).sort(function (a, b) {
      return a.group.localeCompare(b.group) || a.name.localeCompare(b.name);
    });
    var groups = {};
    list.forEach(function (r) { (groups[r.group] = groups[r.group] || []).push(r); });
    tbody.textContent = '';
    Object.keys(groups).sort().forEach(function (g) {
      var members = groups[g];
      if (members.length > 1 || members[0].name !== g) {
        var head = el('tr', { 'class': 'group' });
        head.appendChild(el('td', { colspan: '7' }, 'group ' + g));
        head.appendChild(buttons(g + ':*', ''));
        head.lastChild.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
        tbody.appendChild(head);
      }
      members.forEach(function (r) { tbody.appendChild(rowElement(r)); });
    });
  }
  function update(r) {
    var known = rows.has(r.id);
    rows.set(r.id, r);
    var old = tbody.querySelector('tr[data-id="' + CSS.escape(r.id) + '"]');
    if (!known || !old) { render(); return; }
    old.replaceWith(rowElement(r));
  }

  var events;
  function connect() {
    events = new EventSource(base + '/events');
    events.addEventListener('open', function () { conn.textContent = 'live'; conn.className = 'live'; });
    events.addEventListener('error', function () { conn.textContent = 'reconnecting'; conn.className = ''; });
    events.addEventListener('snapshot', function (e) {
      rows.clear();
      JSON.parse(e.data).forEach(function (r) { rows.set(r.id, r); });
      render();
    });
    events.addEventListener('row', function (e) { update(JSON.parse(e.data)); });
    events.addEventListener('remove', function (e) { rows.delete(JSON.parse(e.data).id); render(); });
  }
  connect();

  function act(action, target) {
    message.textContent = '';
    return fetch(base + '/action', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: action, target: target }),
      credentials: 'same-origin'
    }).then(function (res) { return res.json(); }).then(function (body) {
      if (!body.ok) message.textContent = target + ': ' + (body.fault || body.error);
    }).catch(function (err) { message.textContent = String(err); });
  }

  var logBox = document.getElementById('log');
  var logPre = document.getElementById('log-lines');
  var logName = document.getElementById('log-name');
  var logStream = document.getElementById('log-stream');
  var logEvents, logTarget;
  function openLog(target, label) {
    if (logEvents) logEvents.close();
    logTarget = target;
    logBox.hidden = false;
    logName.textContent = label;
    logPre.textContent = '';
    var q = logStream.value ? '?stream=' + logStream.value : '';
    logEvents = new EventSource(base + '/logs/' + encodeURIComponent(target) + q);
    logEvents.addEventListener('line', function (e) {
      var l = JSON.parse(e.data);
      var follow = logPre.scrollTop + logPre.clientHeight >= logPre.scrollHeight - 4;
      var span = el('span', { 'class': l.stream }, l.line + '\\n');
      logPre.appendChild(span);
      while (logPre.childNodes.length > 2000) logPre.removeChild(logPre.firstChild);
      if (follow) logPre.scrollTop = logPre.scrollHeight;
    });
  }
  logStream.addEventListener('change', function () { if (logTarget) openLog(logTarget, logName.textContent); });
  document.getElementById('log-close').addEventListener('click', function () {
    if (logEvents) logEvents.close();
    logEvents = undefined; logTarget = undefined; logBox.hidden = true;
  });

  document.addEventListener('click', function (e) {
    var b = e.target.closest('button');
    if (!b || b.disabled) return;
    if (b.hasAttribute('data-tail')) openLog(b.getAttribute('data-tail'), b.getAttribute('data-label'));
    else if (b.hasAttribute('data-action')) act(b.getAttribute('data-action'), b.getAttribute('data-target'));
  });
})();
`;
