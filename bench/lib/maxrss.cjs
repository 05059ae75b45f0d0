// Preloaded (`node -r`) into a measured process: at exit it writes its peak resident set size
// (kilobytes) and its CPU time (microseconds, user + system) as JSON to BENCH_MAXRSS_FILE.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const file = process.env.BENCH_MAXRSS_FILE;
  if (!file) return;
  const u = process.resourceUsage();
  writeFileSync(file, JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
});
