// The reference of the streaming benchmark: the least any JSONL reader in Node does, reading
// the file line by line and parsing each line with JSON.parse. Prints the number of records.
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');

async function main() {
  let records = 0;
  let checksum = 0;
  for await (const line of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) {
    if (line.length === 0) continue;
    const r = JSON.parse(line);
    checksum += r.obs[0];
    records++;
  }
  process.stdout.write(JSON.stringify({ records, checksum }) + '\n');
}
main();
