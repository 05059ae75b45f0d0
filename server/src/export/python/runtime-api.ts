// Python text of the exported module: what its users call. `Reward` (online, one step at a
// time), `evaluate` (a list of records, as a file), the command line (what `reward eval
// --format json` prints) and `RewardWrapper` (Gymnasium, only when it imports).

/** The containers the generated spec tables are made of; they come before the tables. */
export const PY_TYPES = String.raw`
class _Machine(object):
    """A reward machine: its state names, initial state and terminal states. Its transitions are
    code in the step function of each reward block."""

    def __init__(self, name, states, initial, terminal):
        self.name = name
        self.states = states
        self.initial = initial
        self.terminal = terminal


class _Ltl(object):
    """An ltl item as its minimal DFA: next[q * 2**len(atoms) + letter], bit k of a letter set
    when atom k holds; verdict[q] is 1 (every continuation accepted), -1 (none) or 0 (open)."""

    def __init__(self, name, atoms, initial, accepting, verdict, next):
        self.name = name
        self.atoms = atoms
        self.initial = initial
        self.accepting = accepting
        self.verdict = verdict
        self.next = next
        self.states = len(accepting)


class _Program(object):
    """One reward block: its component keys and its step function step(cur, next, terminated,
    runner), generated from the lowered program; task_machines and task_ltls are the indexes of
    the machines and formulas it pays (LANGUAGE.md section 13, task completion)."""

    def __init__(self, name, gamma, keys, step, task_machines, task_ltls):
        self.name = name
        self.gamma = gamma
        self.keys = keys
        self.step = step
        self.task_machines = task_machines
        self.task_ltls = task_ltls
`;

export const PY_API = String.raw`
class RecordError(ValueError):
    """A record that cannot be used (missing field, wrong type, NaN, bad labels...).
    problems: (file, line, field, message) tuples, as the evaluator reports them."""

    def __init__(self, problems):
        ValueError.__init__(self, "; ".join(_problem_text(p) for p in problems))
        self.problems = problems


def _problem_text(p):
    return "%s:%d: %s%s" % (p[0], p[1], (p[2] + ": ") if p[2] else "", p[3])


def _program(reward):
    if reward is None:
        reward = DEFAULT_REWARD
        if reward is None:
            raise ValueError("the spec declares no reward")
    if reward not in REWARDS:
        raise ValueError("the spec has no reward named '%s' (it has: %s)" % (reward, ", ".join(REWARDS) or "none"))
    return REWARDS[reward]


class Reward(object):
    """The spec's reward, online. A step t is the transition (s_t, a_t, s_{t+1}); a record is
    what one line of a trajectory file holds: the state's fields, the action taken from it
    (absent on the last state), labels, and 'terminated' / 'truncated' on the last one.

    Two ways to feed it:
      step(record)  one record at a time, in order: returns the (reward, components) of the
                    step that this record completes, or None for the first record of an episode
                    (s_0 completes no step). A record with 'terminated' or 'truncated' ends the
                    episode; the next record starts a new one. This is the evaluator's pairing
                    of s_t with s_{t+1}, one record behind.
      transition(record, next_record, terminated=False, truncated=False)
                    one step from its two records, when both are at hand (a Gymnasium loop).

    A record that cannot be read raises RecordError and is skipped: the episode goes on from
    the last good record (as the evaluator joins the steps around a skipped record). Unlike a
    file, the online API cannot end an episode retroactively: a lost last record, or an
    'episode' id that changes, does not end the episode; call reset() at every new episode.
    Out-of-range values are kept and listed in 'warnings'.

    Attributes after each step: reward, components (dict by item), machines (state names),
    machine_states (state indexes), ltl (verdicts), formula_states (DFA states), props (labels
    L_t), t (steps taken), episode_return, discounted_return, done (the task is over: every
    task machine in a terminal state and every task ltl item decided; False while the reward
    has no machine or ltl item)."""

    def __init__(self, reward=None):
        self.program = _program(reward)
        self.name = self.program.name
        self._runner = _Runner(self.program)
        self._decoder = _Decoder("jsonl")
        self._held = None
        self._ended = False
        self.warnings = []
        self.reset()

    def reset(self):
        self._runner.reset()
        self._held = None
        self._ended = False
        self.components = dict((k, 0.0) for k in self.program.keys)

    def _value(self, record, line):
        value = _plain(record)
        if not isinstance(value, dict):
            raise RecordError([("<record>", line, "", "expected a record (a JSON object), got " + _describe(value))])
        return value

    def _decode(self, value, line, need_actions):
        problems = []
        values = self._decoder.decode("<record>", line, value, need_actions, problems.append)
        if values is None:
            raise RecordError(problems)
        self.warnings.extend(problems)
        return values

    def _end_of(self, value, line):
        flags = _read_flags("<record>", line, value)
        if isinstance(flags, tuple):
            raise RecordError([flags])
        return flags

    def step(self, record):
        if self._ended:
            self.reset()
        # Problems name the record by its ordinal in the episode (1 for s_0).
        line = self._runner.t + (1 if self._held is None else 2)
        value = self._value(record, line)
        end = self._end_of(value, line)
        values = self._decode(value, line, end is None)
        held, self._held = self._held, values
        if end is not None:
            self._ended = True
        if held is None:
            return None
        return self._step(held, values, end)

    def transition(self, record, next_record, terminated=False, truncated=False):
        if self._ended:
            self.reset()
        end = "terminated" if terminated else "truncated" if truncated else None
        line = self._runner.t + 1
        cur = self._decode(self._value(record, line), line, True)
        # The next state's action is not known yet, and step t never reads it.
        nxt = self._decode(self._value(next_record, line + 1), line + 1, False)
        self._held = nxt
        if end is not None:
            self._ended = True
        return self._step(cur, nxt, end)

    def _step(self, cur, nxt, end):
        r = self._runner
        r.step(cur, nxt, end)
        self.components = dict(zip(self.program.keys, r.components))
        return r.reward, dict(self.components)

    @property
    def reward(self):
        return self._runner.reward

    @property
    def t(self):
        return self._runner.t

    @property
    def episode_return(self):
        return self._runner.episode_return

    @property
    def discounted_return(self):
        return self._runner.discounted_return

    @property
    def machines(self):
        return self._runner.machines()

    @property
    def machine_states(self):
        return dict((m.name, self._runner.machine_state[i]) for i, m in enumerate(MACHINES))

    @property
    def ltl(self):
        return self._runner.verdicts()

    @property
    def formula_states(self):
        return dict((l.name, self._runner.ltl_state[i]) for i, l in enumerate(LTLS))

    @property
    def props(self):
        return dict((name, self._runner.props[i]) for i, name in enumerate(PROPS))

    @property
    def done(self):
        return self._runner.done()

    def _snapshot(self):
        return self._runner.snapshot(), self._held, self._ended

    def _restore(self, snapshot):
        state, self._held, self._ended = snapshot
        self._runner.restore(state)


def _record_items(records, file):
    n = 0
    for n, record in enumerate(records, 1):
        value = _plain(record)
        if isinstance(value, dict):
            yield ("record", file, n, value, None)
        else:
            yield _problem(file, n, "", "expected a record (a JSON object), got " + _describe(value), True)
    if n == 0:
        yield _empty_trajectory(file)


_PROBLEMS_KEPT = 1000
_MAX_GROUPS = 1000
_QUOTED = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'""")
_PROBLEM_NUMBER = re.compile(r"-?\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b|-?Infinity|NaN", re.IGNORECASE | re.ASCII)


class _ProblemLog(object):
    """Problems with bounded memory (data/problem-log.ts): the first 1,000 kept whole, in order;
    the others counted exactly by file, field and kind (the message without its values)."""

    def __init__(self):
        self.kept = []
        self.groups = {}
        self.omitted = 0

    def append(self, p):
        if len(self.kept) < _PROBLEMS_KEPT:
            self.kept.append(p)
            return
        self.omitted += 1
        kind = _PROBLEM_NUMBER.sub("N", _QUOTED.sub("...", p[3]))
        key = (p[0], p[2], kind)
        group = self.groups.get(key)
        if group is None and len(self.groups) >= _MAX_GROUPS:
            key = None
            group = self.groups.get(key)
            if group is None:
                group = {"file": "", "field": "", "kind": "other problems (too many kinds to count apart)", "count": 0, "first_line": p[1]}
                self.groups[key] = group
        if group is None:
            group = {"file": p[0], "field": p[2], "kind": kind, "count": 0, "first_line": p[1]}
            self.groups[key] = group
        group["count"] += 1


def _result(program, evaluation, steps, episodes, problems):
    out = {"reward": program.name, "steps": steps, "episodes": episodes, "skipped": evaluation.skipped,
           "problems": [{"file": p[0], "line": p[1], "field": p[2], "message": p[3]} for p in problems.kept]}
    if problems.omitted:
        out["more_problems"] = [dict(g) for g in problems.groups.values()]
    return out


def evaluate(records, reward=None, file="<records>"):
    """Evaluates a list of records (one trajectory, as a JSONL file holds it, record n on
    'line' n) and returns what 'reward eval --format json' prints, as a dict."""
    program = _program(reward)
    steps, episodes, problems = [], [], _ProblemLog()
    ev = _Evaluation(program, lambda e, r, _rec: steps.append(r.step_object(e)), episodes.append, problems.append)
    ev.items(_record_items(records, file), "jsonl")
    return _result(program, ev, steps, episodes, problems)


def evaluate_files(files, reward=None):
    """Evaluates trajectory files (.jsonl, .json, .csv); returns the dict of evaluate()."""
    program = _program(reward)
    steps, episodes, problems = [], [], _ProblemLog()
    ev = _Evaluation(program, lambda e, r, _rec: steps.append(r.step_object(e)), episodes.append, problems.append)
    for file in files:
        ev.items(_read_trajectory(file), _trajectory_format(file))
    return _result(program, ev, steps, episodes, problems)


_USAGE = """Usage: python3 %s TRAJ... [--reward NAME]

Evaluates the reward on trajectory files (.jsonl, .json, .csv) and prints one JSON object,
as 'reward eval SPEC TRAJ... --format json' does. Rewards: %s (default: %s).
"""


def _check_file(file):
    if not os.path.exists(file):
        return "cannot open %s: no such file" % file
    if os.path.isdir(file):
        return "cannot open %s: it is a folder" % file
    if not os.access(file, os.R_OK):
        return "cannot open %s: permission denied" % file
    if _trajectory_format(file) is None:
        return "cannot read %s: a trajectory file must end in .jsonl, .json or .csv" % file
    return None


def main(argv=None, out=None, err=None):
    """The command line: prints the evaluation as JSON; 0 when the files could be read, else 1."""
    argv = sys.argv[1:] if argv is None else list(argv)
    prog = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "module.py"
    err = err or sys.stderr
    try:
        return _main(argv, prog, out)
    except (_CannotRead, ValueError) as e:
        err.write("%s: %s\n" % (prog, str(e).split("\n")[0]))
        return 1


def _main(argv, prog, out):
    files, reward, i = [], None, 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            files.extend(argv[i + 1:])
            break
        if arg in ("--help", "-h"):
            _write(out, _USAGE % (prog, ", ".join(REWARDS) or "none", DEFAULT_REWARD))
            return 0
        if arg.startswith("-") and arg != "-":
            name, eq, value = arg.partition("=")
            if name not in ("--reward", "-reward"):
                raise ValueError("unknown option " + arg)
            if not eq:
                i += 1
                if i >= len(argv):
                    raise ValueError("option %s needs a value" % arg)
                value = argv[i]
            reward = value
        else:
            files.append(arg)
        i += 1
    if not files:
        raise ValueError("needs at least one trajectory file (try --help)")
    program = _program(reward)
    for file in files:
        problem = _check_file(file)
        if problem:
            raise _CannotRead(problem)
    episodes, problems = [], _ProblemLog()
    parts = ['{"reward":' + _json_string(program.name) + ',"steps":[']
    first = [True]

    def on_step(e, r, _record):
        parts.append(("" if first[0] else ",") + _dump(r.step_object(e)))
        first[0] = False
        if len(parts) > 4096:
            _write(out, "".join(parts))
            del parts[:]

    ev = _Evaluation(program, on_step, episodes.append, problems.append)
    for file in files:
        ev.items(_read_trajectory(file), _trajectory_format(file))
    result = _result(program, ev, [], episodes, problems)
    more = (',"more_problems":' + _dump(result["more_problems"])) if "more_problems" in result else ""
    parts.append('],"episodes":' + _dump(result["episodes"]) + ',"skipped":' + str(ev.skipped) + ',"problems":' + _dump(result["problems"]) + more + "}\n")
    _write(out, "".join(parts))
    return 0


def _write(out, text):
    if out is not None:
        out.write(text)
    else:
        sys.stdout.buffer.write(text.encode("utf-8", "surrogatepass"))
        sys.stdout.flush()


try:
    import gymnasium as _gymnasium
except Exception:
    _gymnasium = None


def _default_record(observation, info):
    record = {"obs": observation, "info": info}
    if isinstance(info, dict) and "labels" in info:
        record["labels"] = info["labels"]
    return record


if _gymnasium is not None:

    class RewardWrapper(_gymnasium.Wrapper, _gymnasium.utils.RecordConstructorArgs):
        """Replaces the environment's reward by the spec's and adds the machine and formula
        states to the observation (a non-Markovian reward is Markov in the pair).

        record(observation, info) -> dict builds the record of a state; the default is
        {"obs": observation, "info": info, "labels": info["labels"]} (labels when present), so
        source paths read obs[0], info.x, labels. The action taken is added as "action".
        observation="dict" (default): {"obs": ..., "machines": {NAME: state index},
        "ltl": {NAME: DFA state}, "prev": {NAME: float64 array}}; observation="flat": a 1-D
        float32 Box observation, the environment's observation flattened
        (gymnasium.spaces.flatten: a Discrete one becomes one-hot) with one one-hot block per
        machine and per formula appended, then the prev values. "prev" holds, for every name
        the spec reads with prev(NAME), its value on the step just taken (what prev(NAME) reads
        on the next step; after reset its default or zeros), as an array of its length (1 for
        a scalar): a reward that reads the previous step is Markov with it (LANGUAGE.md
        section 13).
        terminate_on_task_end=True ends the episode (terminated) at the step after which the
        task is over (Reward.done); that step is then paid as a terminating one (potentials of
        the reached state count 0). Off by default: the environment decides alone.
        info gains "reward_components", "env_reward" and "task_done". A record that cannot be
        read raises RecordError.

        It follows Gymnasium's conventions: it records its constructor arguments (env.spec can
        recreate it), passes gymnasium.utils.env_checker.check_env and pickles (AsyncVectorEnv),
        as long as the module is importable by its name and record is picklable."""

        def __init__(self, env, reward=None, record=None, observation="dict", terminate_on_task_end=False):
            _gymnasium.utils.RecordConstructorArgs.__init__(
                self, reward=reward, record=record, observation=observation, terminate_on_task_end=terminate_on_task_end)
            _gymnasium.Wrapper.__init__(self, env)
            if observation not in ("dict", "flat"):
                raise ValueError("observation must be 'dict' or 'flat'")
            self.spec_reward = Reward(reward)
            self.terminate_on_task_end = bool(terminate_on_task_end)
            self._record = record or _default_record
            self._mode = observation
            self._last = None
            spaces = _gymnasium.spaces
            self._sizes = [len(m.states) for m in MACHINES] + [l.states for l in LTLS]
            if observation == "dict":
                parts = {"obs": env.observation_space}
                if MACHINES:
                    parts["machines"] = spaces.Dict(dict((m.name, spaces.Discrete(len(m.states))) for m in MACHINES))
                if LTLS:
                    parts["ltl"] = spaces.Dict(dict((l.name, spaces.Discrete(l.states)) for l in LTLS))
                if PREV:
                    import numpy as np
                    parts["prev"] = spaces.Dict(dict((name, spaces.Box(-np.inf, np.inf, shape=(width,), dtype=np.float64)) for name, _slot, width in PREV))
                self.observation_space = spaces.Dict(parts)
            else:
                import numpy as np
                base = spaces.flatten_space(env.observation_space)
                extra = sum(self._sizes)
                prev = sum(width for _name, _slot, width in PREV)
                low = np.concatenate([np.asarray(base.low, dtype=np.float32).reshape(-1), np.zeros(extra, dtype=np.float32), np.full(prev, -np.inf, dtype=np.float32)])
                high = np.concatenate([np.asarray(base.high, dtype=np.float32).reshape(-1), np.ones(extra, dtype=np.float32), np.full(prev, np.inf, dtype=np.float32)])
                self.observation_space = spaces.Box(low=low, high=high, dtype=np.float32)

        def _observe(self, observation):
            r = self.spec_reward
            states = [int(r._runner.machine_state[i]) for i in range(len(MACHINES))] + [int(r._runner.ltl_state[i]) for i in range(len(LTLS))]
            if self._mode == "dict":
                out = {"obs": observation}
                if MACHINES:
                    out["machines"] = dict((m.name, states[i]) for i, m in enumerate(MACHINES))
                if LTLS:
                    out["ltl"] = dict((l.name, states[len(MACHINES) + i]) for i, l in enumerate(LTLS))
                if PREV:
                    import numpy as np
                    buffer = r._runner.prev
                    out["prev"] = dict((name, np.array(buffer[slot:slot + width], dtype=np.float64)) for name, slot, width in PREV)
                return out
            import numpy as np
            flat = _gymnasium.spaces.flatten(self.env.observation_space, observation)
            blocks = [np.asarray(flat, dtype=np.float32).reshape(-1)]
            for size, state in zip(self._sizes, states):
                block = np.zeros(size, dtype=np.float32)
                block[state] = 1.0
                blocks.append(block)
            buffer = r._runner.prev
            for _name, slot, width in PREV:
                blocks.append(np.array(buffer[slot:slot + width], dtype=np.float32))
            return np.concatenate(blocks)

        def reset(self, *, seed=None, options=None):
            observation, info = self.env.reset(seed=seed, options=options)
            self.spec_reward.reset()
            self._last = self._record(observation, info)
            info = dict(info)
            info["task_done"] = False
            return self._observe(observation), info

        def step(self, action):
            observation, env_reward, terminated, truncated, info = self.env.step(action)
            cur = dict(self._last)
            cur["action"] = action
            nxt = self._record(observation, info)
            r = self.spec_reward
            before = r._snapshot() if self.terminate_on_task_end and not terminated else None
            reward, components = r.transition(cur, nxt, bool(terminated), bool(truncated))
            if before is not None and r.done:
                # The task is over: this step ends the episode, and is paid as a terminating step.
                r._restore(before)
                reward, components = r.transition(cur, nxt, True, False)
                terminated, truncated = True, False
            self._last = nxt
            info = dict(info)
            info["reward_components"] = components
            info["env_reward"] = env_reward
            info["task_done"] = r.done
            return self._observe(observation), float(reward), terminated, truncated, info
`;
