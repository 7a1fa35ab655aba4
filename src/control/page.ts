/**
 * GET /: the status page, rendered on the server (it reads fine without JavaScript; the
 * script then keeps it live). Every name, description and log line is escaped.
 */
import type { ServerResponse } from 'node:http';
import { formatBytes } from '../metrics/resource-guard.js';
import type { ControlContext } from './context.js';
import { send } from './http.js';
import { PAGE_JS } from './page-script.js';
import { PAGE_CSS } from './page-style.js';
import { compareText, type ProgramRow, programRows } from './rows.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element bodies and quoted attribute values. */
export const escapeHtml = (text: string): string =>
  SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string) : text;

const SPECIAL = /[&<>"']/;

/** Nothing from elsewhere: scripts, styles and connections only from this server. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function buttons(target: string, state: string | undefined): string {
  const running = state === 'RUNNING' || state === 'STARTING' || state === 'BACKOFF';
  const enabled = (a: string) =>
    state === undefined || a === 'restart' || a === 'clear' || (a === 'start' ? !running : running);
  return ['start', 'stop', 'restart', 'clear']
    .map(
      (a) =>
        `<button type="button" data-action="${a}" data-target="${escapeHtml(target)}"${enabled(a) ? '' : ' disabled'}>${a}</button>`,
    )
    .join('');
}

/** A mark beside RUNNING when a liveness check fails (or readiness has not passed). */
const unhealthy = (r: ProgramRow) =>
  r.state === 'RUNNING' && !r.healthy
    ? ' <span class="unhealthy" title="not healthy">unhealthy</span>'
    : '';

function rowHtml(r: ProgramRow): string {
  const e = escapeHtml;
  return (
    `<tr class="program" data-id="${e(r.id)}"><td><span class="state s-${e(r.state)}">${e(r.state)}</span>${unhealthy(r)}</td>` +
    `<td class="name">${e(r.label)}</td><td class="num pid">${r.pid || ''}</td>` +
    `<td class="desc" title="${e(r.description)}">${e(r.description)}</td>` +
    `<td class="num cpu">${r.cpu === null ? '' : `${r.cpu.toFixed(1)}%`}</td>` +
    `<td class="num mem">${r.memory === null ? '' : formatBytes(r.memory)}</td><td class="hist"></td>` +
    `<td class="actions">${buttons(r.id, r.state)}<button type="button" data-tail="${e(r.id)}" data-label="${e(r.label)}">tail</button></td></tr>`
  );
}

function tableBody(rows: readonly ProgramRow[]): string {
  const groups = new Map<string, ProgramRow[]>();
  for (const r of rows) {
    const members = groups.get(r.group);
    if (members) members.push(r);
    else groups.set(r.group, [r]);
  }
  let html = '';
  for (const [group, members] of [...groups].sort((a, b) => compareText(a[0], b[0]))) {
    if (members.length > 1 || members[0]?.name !== group) {
      html += `<tr class="group"><td colspan="7">group ${escapeHtml(group)}</td><td class="actions">${buttons(`${group}:*`, undefined)}</td></tr>`;
    }
    html += members.map(rowHtml).join('');
  }
  return html;
}

export function renderPage(ctx: ControlContext): string {
  const e = escapeHtml;
  const base = e(ctx.settings.basePath);
  const title = e(ctx.settings.identification);
  const readOnly = ctx.settings.readOnly ? ' <small>read-only</small>' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - overseer</title><link rel="stylesheet" href="${base}/page.css"></head>
<body data-base="${base}">
<header><h1>overseer<small>${title}</small>${readOnly}</h1><span id="conn">connecting</span><span class="spacer"></span>
<span>all programs: ${buttons('all', undefined)}</span></header>
<p id="message" role="status"></p>
<main><table id="programs"><thead><tr><th>State</th><th>Name</th><th>Pid</th><th>Description</th><th>CPU</th><th>Memory</th><th>History</th><th>Actions</th></tr></thead>
<tbody id="programs-body">${tableBody(programRows(ctx.supervisor.programs, false))}</tbody></table>
<section id="log" hidden><header><h2>Log of <span id="log-name"></span></h2><span class="spacer"></span>
<select id="log-stream" aria-label="stream"><option value="">stdout and stderr</option><option value="stdout">stdout</option><option value="stderr">stderr</option></select>
<button type="button" id="log-close">close</button></header><pre id="log-lines"></pre></section></main>
<script src="${base}/page.js" defer></script>
</body></html>
`;
}

export function handlePage(ctx: ControlContext, res: ServerResponse): void {
  send(res, 200, 'text/html; charset=utf-8', renderPage(ctx), {
    'Content-Security-Policy': PAGE_CSP,
  });
}

export function handleAsset(res: ServerResponse, asset: 'page.js' | 'page.css'): void {
  const js = asset === 'page.js';
  send(
    res,
    200,
    js ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
    js ? PAGE_JS : PAGE_CSS,
  );
}
