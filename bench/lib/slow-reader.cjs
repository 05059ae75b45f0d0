// A slow consumer of a pipe (`reward eval ... | node slow-reader.cjs`): it reads stdin in
// bursts, resting 50 ms after every 4 MB, and reads nothing for its first second, so that the
// writer finds the pipe full again and again. Prints the byte count.
let bytes = 0;
let sinceRest = 0;
process.stdin.pause();
setTimeout(() => process.stdin.resume(), 1000);
process.stdin.on('data', (b) => {
  bytes += b.length;
  sinceRest += b.length;
  if (sinceRest >= 4 << 20) {
    sinceRest = 0;
    process.stdin.pause();
    setTimeout(() => process.stdin.resume(), 50);
  }
});
process.stdin.on('end', () => process.stderr.write(`${bytes} bytes\n`));
