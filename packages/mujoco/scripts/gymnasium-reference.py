"""Records reference steps of Gymnasium's v5 MuJoCo environments for @prunerl/mujoco's tests.

Run with Gymnasium (1.3+) and the `mujoco` Python package installed:

    python3 packages/mujoco/scripts/gymnasium-reference.py > packages/mujoco/src/envs/gymnasium-reference.fixture.json

First it steps this package's MJCF models and Gymnasium's XML files side by side (200 steps with
the same controls) and stops unless they agree bit for bit. Then, for each environment: `reset(seed=0)`, then `set_state` to a fixed state, then a fixed sequence of
actions (some beyond the action bounds), recording the observation after `set_state` and, per step,
the observation, reward, terminated flag and the reward terms of `info`. The TypeScript test starts
from the same state, takes the same actions and compares. Hopper and Walker2d run into their
documented terminations (Hopper's torso angle, Walker2d's height); Ant lands on the floor, so
contact forces enter its observation and reward. `contacts` is MuJoCo's contact count after each
step.
"""

import json
import math
import os
import re
import sys

import gymnasium as gym
import mujoco
import numpy as np


def action(t, n, bound):
    a = np.array([0.9 * bound * math.sin(0.7 * t + 1.3 * i) for i in range(n)], dtype=np.float32)
    if t == 3:
        a[0] = np.float32(1.5 * bound)  # beyond the box: MuJoCo clamps ctrl, the cost sees it raw
    return a


CASES = {
    # (id, steps, qpos offsets from init_qpos, qvel)
    "Hopper-v5": (40, {2: 0.15}, {2: 1.0}),  # torso tilting forward: the angle bound ends it
    "Walker2d-v5": (40, {1: -0.3}, {}),  # dropped low: the height bound ends it
    "HalfCheetah-v5": (25, {2: 0.1}, {0: 1.0}),  # moving forward: reward_forward = dx/dt
    "Ant-v5": (25, {}, {0: 0.5}),  # drops onto its legs while drifting forward: contact forces and their cost
    "Humanoid-v5": (12, {2: 0.3}, {0: 0.5}),  # lifted to z 1.7, falling freely while it moves its limbs
}


def rounded(values):
    return [float(f"{float(v):.12g}") for v in np.asarray(values).ravel()]


MODELS = {  # prunerl's MJCF (a TypeScript string constant) and Gymnasium's asset, frame skip
    "Hopper-v5": ("hopper-model.ts", "hopper.xml", 4),
    "Walker2d-v5": ("walker2d-model.ts", "walker2d_v5.xml", 4),
    "HalfCheetah-v5": ("half-cheetah-model.ts", "half_cheetah.xml", 5),
    "Ant-v5": ("ant-model.ts", "ant.xml", 5),
    "Humanoid-v5": ("humanoid-model.ts", "humanoid.xml", 5),
}


def check_models():
    """Steps prunerl's MJCF and Gymnasium's XML side by side under this MuJoCo: they must agree bit for bit."""
    here = os.path.dirname(os.path.abspath(__file__))
    assets = os.path.join(os.path.dirname(gym.__file__), "envs", "mujoco", "assets")
    for env_id, (ts_file, xml_file, skip) in MODELS.items():
        text = open(os.path.join(here, "..", "src", "models", ts_file)).read()
        ours = mujoco.MjModel.from_xml_string(re.search(r"`(.*)`", text, re.S).group(1))
        theirs = mujoco.MjModel.from_xml_path(os.path.join(assets, xml_file))
        datas = [mujoco.MjData(m) for m in (ours, theirs)]
        for model, data in zip((ours, theirs), datas):
            data.qvel[0] = 0.5
            mujoco.mj_forward(model, data)
        for t in range(200):
            for model, data in zip((ours, theirs), datas):
                data.ctrl[:] = action(t, model.nu, 1.0)
                mujoco.mj_step(model, data, nstep=skip)
            if not (np.array_equal(datas[0].qpos, datas[1].qpos) and np.array_equal(datas[0].qvel, datas[1].qvel)):
                sys.exit(f"{env_id}: prunerl's MJCF and Gymnasium's {xml_file} differ at step {t}")
        print(f"{env_id}: prunerl's MJCF and Gymnasium's {xml_file} step identically for 200 steps", file=sys.stderr)


check_models()
out = {"gymnasium": gym.__version__, "mujoco": mujoco.__version__, "envs": {}}
for env_id, (steps, qpos_offsets, qvel_values) in CASES.items():
    env = gym.make(env_id).unwrapped
    env.reset(seed=0)
    qpos = env.init_qpos.copy()
    qvel = env.init_qvel.copy()
    for i, v in qpos_offsets.items():
        qpos[i] += v
    for i, v in qvel_values.items():
        qvel[i] = v
    env.set_state(qpos, qvel)
    bound = float(env.action_space.high[0])
    record = {"qpos": rounded(qpos), "qvel": rounded(qvel), "bound": bound, "observation": rounded(env._get_obs()), "steps": []}
    for t in range(steps):
        a = action(t, env.action_space.shape[0], bound)
        obs, reward, terminated, truncated, info = env.step(a)
        terms = {k: float(v) for k, v in info.items() if k.startswith("reward_") or k in ("x_velocity", "x_position")}
        record["steps"].append({"action": rounded(a), "observation": rounded(obs), "reward": float(reward), "terminated": bool(terminated), "info": terms, "contacts": int(env.data.ncon)})
        if terminated:
            break
    out["envs"][env_id] = record
    env.close()

print(json.dumps(out))
