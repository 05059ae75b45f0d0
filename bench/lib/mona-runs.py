# Runs MONA as ltlf2dfa does (`mona -q -u -w FILE`) on each file, RUNS times, and prints JSON:
# per file the wall and CPU milliseconds of every run (CPU from the children's rusage) and the
# output of the first run; a run over TIMEOUT seconds is stopped and the file marked "timeout"
# (no further runs of it). Usage: python3 mona-runs.py RUNS TIMEOUT FILE...
import json, resource, subprocess, sys, time

def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r.ru_utime + r.ru_stime) * 1000

runs = int(sys.argv[1])
timeout = float(sys.argv[2])
out = []
for path in sys.argv[3:]:
    wall, cpu_ms, text = [], [], None
    for i in range(runs):
        c, t = cpu(), time.perf_counter()
        try:
            p = subprocess.run(["mona", "-q", "-u", "-w", path], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            out.append({"file": path, "timeout": True, "wallMs": [timeout * 1000], "cpuMs": [], "output": None})
            break
        wall.append((time.perf_counter() - t) * 1000)
        cpu_ms.append(cpu() - c)
        if p.returncode != 0:
            sys.stderr.write("mona failed on %s: %s\n" % (path, p.stderr or p.stdout))
            sys.exit(1)
        if text is None:
            text = p.stdout
    else:
        out.append({"file": path, "timeout": False, "wallMs": wall, "cpuMs": cpu_ms, "output": text})
print(json.dumps(out))
