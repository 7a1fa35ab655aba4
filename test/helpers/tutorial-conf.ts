/**
 * The three configurations supervisord tutorials teach (issue 13), as one supervisord.conf
 * text: a Node webhook server, a container image's Node app under `npm start`, and a first
 * test that goes FATAL because `ls` exits at once. Paths point at %(here)s (the file's own
 * directory) instead of /srv, /var/log/webhook and /home/intel; the commands can be replaced.
 */
export interface TutorialOptions {
  readonly webhookCommand?: string;
  readonly appCommand?: string;
  /** Extra `environment=` pairs of the app, after PATH. */
  readonly appEnvironment?: string;
  readonly nodeDir?: string;
  /** `user=` of test1 (the tutorial says pi); omitted when undefined. */
  readonly user?: string | undefined;
}

export function tutorialConf(o: TutorialOptions = {}): string {
  const path = `${o.nodeDir ? `${o.nodeDir}:` : ''}/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games:/opt/node/bin`;
  return `[program:webhook]
command=${o.webhookCommand ?? '/usr/bin/node %(here)s/http.js'}
directory=%(here)s
autostart=yes
autorestart=yes
startretries=3
stderr_logfile=%(here)s/webhook.err.log
stdout_logfile=%(here)s/webhook.log

[program:app]
command=${o.appCommand ?? '/opt/node/bin/npm start'}
environment=PATH="${path}"${o.appEnvironment ?? ''}
directory=%(here)s
autostart=true
autorestart=true
stdout_logfile=%(here)s/node.log
stdout_logfile_maxbytes=2MB
stdout_logfile_backups=5
redirect_stderr=true

[program:test1]
command=/bin/ls
directory=/var/log
autostart=false
autorestart=false
priority=50
${o.user === undefined ? '' : `user=${o.user}`}
`;
}
