/** The status page's stylesheet (served as /page.css; nothing fetched from elsewhere). */
export const PAGE_CSS = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1d2330; --muted: #6b7280; --line: #e5e7eb;
  --run: #15803d; --start: #b45309; --stop: #6b7280; --exit: #475569; --fatal: #b91c1c; --unknown: #7c3aed; }
@media (prefers-color-scheme: dark) { :root { --bg: #111418; --fg: #e5e7eb; --line: #2a2f37; --muted: #9ca3af; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
header { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 12px 20px; border-bottom: 1px solid var(--line); }
h1 { font-size: 18px; margin: 0; }
h1 small { color: var(--muted); font-weight: normal; margin-left: 6px; }
#conn { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: var(--line); }
#conn.live { background: var(--run); color: #fff; }
.spacer { flex: 1; }
main { padding: 12px 20px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
tr.group td { background: color-mix(in srgb, var(--line) 45%, transparent); font-weight: 600; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
td.desc { color: var(--muted); max-width: 28em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.state { display: inline-block; min-width: 6.5em; text-align: center; padding: 1px 8px; border-radius: 4px; color: #fff; font-size: 12px; font-weight: 600; }
.s-RUNNING { background: var(--run); } .s-STARTING, .s-BACKOFF, .s-STOPPING { background: var(--start); }
.s-STOPPED { background: var(--stop); } .s-EXITED { background: var(--exit); } .s-FATAL { background: var(--fatal); }
.s-UNKNOWN { background: var(--unknown); }
.unhealthy { font-size: 11px; font-weight: 600; color: var(--fatal); }
button { font: inherit; font-size: 12px; padding: 2px 8px; margin: 0 2px; border: 1px solid var(--line); border-radius: 4px; background: transparent; color: inherit; cursor: pointer; }
button:hover { border-color: var(--muted); }
button:disabled { opacity: .4; cursor: default; }
svg.spark { width: 120px; height: 24px; display: block; }
svg.spark .cpu { stroke: var(--run); fill: none; stroke-width: 1.5; }
svg.spark .mem { stroke: var(--unknown); fill: none; stroke-width: 1; opacity: .8; }
#log { margin-top: 16px; border: 1px solid var(--line); border-radius: 6px; }
#log header { padding: 6px 12px; }
#log h2 { font-size: 14px; margin: 0; }
#log pre { margin: 0; padding: 8px 12px; height: 320px; overflow: auto; font: 12px/1.4 ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
#log pre .stderr { color: var(--fatal); }
#message { margin: 8px 0 0; padding: 0 20px; color: var(--fatal); }
#message:empty { display: none; }
`;
