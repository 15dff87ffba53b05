import pino from 'pino';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createDeps } from './deps.js';
import { loadDotEnv } from './env.js';
import { seedDemoWidget } from './modules/chat/demo-page.js';
import { startChatJobs } from './modules/chat/jobs.js';
import { createEmailPoller } from './modules/helpdesk/email-imap.js';
import { startSlaJob } from './modules/helpdesk/sla-job.js';
import { seedDemo } from './seed.js';

loadDotEnv();
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
const log = pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] });
const deps = await createDeps(config, log);
if (config.seedDemo) {
  const logins = await seedDemo(deps.db, config.demoPassword);
  if (logins) {
    const lines = logins.map((l) => `  ${l.role.padEnd(13)} ${l.email}`).join('\n');
    await seedDemoWidget(deps.db);
    console.log(`\nSeeded the demo tenant "demo". Logins (password: ${config.demoPassword}):\n${lines}\n`);
    console.log(`Try the live chat as a visitor on ${config.publicUrl}/chat-demo (answer as agent@demo.local: Live chat → Chat desk → Online).\n`);
  }
}
const app = await buildApp(deps, { loggerInstance: log });
deps.mailer.start();
// Chat: stale agent presence, offer and transfer timeouts, and a safety-net re-route (safe on every node).
const chatJobs = startChatJobs(deps, log);
// SLA warnings, breaches and escalations (runs once per tenant across nodes; catches up after a restart).
const slaJob = startSlaJob(deps, { intervalMs: config.slaSweepSeconds * 1000, log });
// Helpdesk email channels: read each enabled IMAP mailbox (one node per mailbox at a time).
const emailPoller = createEmailPoller(deps, log, { intervalMs: config.emailPollSeconds * 1000 });
emailPoller.start();
void deps.mailer.flush().catch((err) => log.error({ err }, 'outbox flush failed'));

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  try {
    await app.close(); // stops accepting, lets in-flight requests finish
    await chatJobs.stop();
    await slaJob.stop();
    await emailPoller.stop();
    await deps.close();
    process.exit(0);
  } catch (err) {
    log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await app.listen({ host: config.host, port: config.port });
console.log(`Switchboard is running on ${config.publicUrl} (API docs: ${config.publicUrl}/docs)`);
