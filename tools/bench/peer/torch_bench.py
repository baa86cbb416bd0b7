#!/usr/bin/env python3
"""PyTorch CPU peer of prunerl's benchmark suite (tools/bench/index.ts).

Times the same networks and the same steps as the suite, in PyTorch on the CPU:

* update: one DQN update on a batch of 32 sampled from a uint8 replay buffer of 1,000 random
  transitions: target network forward (no grad), online forward, Q(s, a), mean squared TD error,
  backward, Adam (lr 2.5e-4, eps 3.125e-4, the `minatar` preset) and the multiplication of every
  kernel (weights with more than one dimension) by a 95%-sparse mask, as a pruner does after
  each update (not with --no-masks);
* act: greedy action of one observation (forward + argmax + read back), and of a batch of N.

Architectures follow @prunerl/networks exactly (channels = ceil(c * width)):

* minatar-cnn: Conv 16w 3x3/1 VALID + ReLU, flatten, Dense 128 + ReLU, Dense A;
* nature-cnn: Conv 32w 8x8/4, Conv 64w 4x4/2, Conv 64w 3x3/1 (TF SAME padding, + ReLU), flatten,
  Dense 512 + ReLU, Dense A; inputs scaled by 1/255;
* impala: per stack c in (16, 32, 32)w: Conv c 3x3 SAME, MaxPool 3x3/2 SAME, two residual blocks
  x + Conv(ReLU(Conv(ReLU(x)))); ReLU, flatten, Dense 512 + ReLU, Dense A; inputs scaled by 1/255.

Usage: python3 torch_bench.py --cases '<json list of {name, torso, width, shape, actions}>'
       [--threads 1] [--budget-ms 3000] [--act-batch 16] [--no-masks]
Prints one JSON object: {"torch": version, "threads": n, "results": [...]}, times in ms.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def scaled(base, width):
    return max(1, math.ceil(base * width - 1e-9))


def same_padding(size, kernel, stride):
    """TF/Flax SAME padding (before, after) for one spatial axis."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2, out


class SameConv(nn.Module):
    """A convolution with TF SAME padding (asymmetric when TF pads asymmetrically)."""

    def __init__(self, cin, cout, kernel, stride, size):
        super().__init__()
        top, bottom, out = same_padding(size, kernel, stride)
        self.pad = (top, bottom, top, bottom)
        self.conv = nn.Conv2d(cin, cout, kernel, stride)
        self.out = out

    def forward(self, x):
        if any(self.pad):
            x = F.pad(x, self.pad)
        return self.conv(x)


class MinAtarCnn(nn.Module):
    def __init__(self, shape, actions, width):
        super().__init__()
        h, w, c = shape
        ch = scaled(16, width)
        self.conv = nn.Conv2d(c, ch, 3, 1)
        self.dense = nn.Linear((h - 2) * (w - 2) * ch, 128)
        self.head = nn.Linear(128, actions)
        self.scale = 1.0

    def forward(self, x):
        x = F.relu(self.conv(x))
        return self.head(F.relu(self.dense(x.flatten(1))))


class NatureCnn(nn.Module):
    def __init__(self, shape, actions, width):
        super().__init__()
        h, _, c = shape
        layers = []
        size = h
        for cout, k, s in ((scaled(32, width), 8, 4), (scaled(64, width), 4, 2), (scaled(64, width), 3, 1)):
            conv = SameConv(c, cout, k, s, size)
            layers.append(conv)
            size, c = conv.out, cout
        self.convs = nn.ModuleList(layers)
        self.dense = nn.Linear(size * size * c, 512)
        self.head = nn.Linear(512, actions)
        self.scale = 1 / 255

    def forward(self, x):
        x = x * self.scale
        for conv in self.convs:
            x = F.relu(conv(x))
        return self.head(F.relu(self.dense(x.flatten(1))))


class ImpalaStack(nn.Module):
    def __init__(self, cin, cout, size):
        super().__init__()
        self.conv = SameConv(cin, cout, 3, 1, size)
        top, bottom, self.out = same_padding(size, 3, 2)
        self.pool_pad = (top, bottom, top, bottom)
        self.blocks = nn.ModuleList(
            nn.ModuleList([SameConv(cout, cout, 3, 1, self.out), SameConv(cout, cout, 3, 1, self.out)]) for _ in range(2)
        )

    def forward(self, x):
        x = F.pad(self.conv(x), self.pool_pad, value=float('-inf'))
        x = F.max_pool2d(x, 3, 2)
        for conv1, conv2 in self.blocks:
            x = x + conv2(F.relu(conv1(F.relu(x))))
        return x


class Impala(nn.Module):
    def __init__(self, shape, actions, width):
        super().__init__()
        size, _, c = shape
        stacks = []
        for base in (16, 32, 32):
            stack = ImpalaStack(c, scaled(base, width), size)
            stacks.append(stack)
            size, c = stack.out, scaled(base, width)
        self.stacks = nn.ModuleList(stacks)
        self.dense = nn.Linear(size * size * c, 512)
        self.head = nn.Linear(512, actions)
        self.scale = 1 / 255

    def forward(self, x):
        x = x * self.scale
        for stack in self.stacks:
            x = stack(x)
        return self.head(F.relu(self.dense(F.relu(x).flatten(1))))


TORSOS = {'minatar-cnn': MinAtarCnn, 'nature-cnn': NatureCnn, 'impala': Impala}


def summary(samples):
    s = sorted(samples)
    n = len(s)
    median = s[(n - 1) // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {'median': median, 'min': s[0], 'max': s[-1], 'samples': n}


def timed(fn, repeats, warmup):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return summary(out)


def bench(case, budget_ms, act_batch, rng, use_masks=True):
    shape = case['shape']
    actions = case['actions']
    atari = shape[0] >= 84
    make = TORSOS[case['torso']]
    online = make(shape, actions, case['width'])
    target = make(shape, actions, case['width'])
    target.load_state_dict(online.state_dict())
    optimizer = torch.optim.Adam(online.parameters(), lr=2.5e-4, eps=3.125e-4)
    masks = [(p, (torch.rand_like(p) >= 0.95).float()) for p in online.parameters() if p.dim() > 1] if use_masks else []
    h, w, c = shape
    # The replay stores uint8 frames channels-first, so a sampled batch needs no transpose.
    size = 1000
    frames = rng.integers(0, 256, (size + 1, c, h, w), dtype=np.uint8) if atari else (rng.random((size + 1, c, h, w)) < 0.1).astype(np.uint8)
    acts = rng.integers(0, actions, size)
    rewards = rng.random(size).astype(np.float32)
    discounts = np.where(rng.random(size) < 0.02, 0.0, 0.99).astype(np.float32)

    def update():
        idx = rng.integers(0, size, 32)
        x = torch.from_numpy(frames[idx]).float()
        xn = torch.from_numpy(frames[idx + 1]).float()
        a = torch.from_numpy(acts[idx])
        with torch.no_grad():
            y = torch.from_numpy(rewards[idx]) + torch.from_numpy(discounts[idx]) * target(xn).max(1).values
        q = online(x).gather(1, a[:, None])[:, 0]
        loss = ((y - q) ** 2).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            for p, m in masks:
                p.mul_(m)
        return loss.item()

    one = frames[:1]
    batch = frames[:act_batch]

    def act_one():
        with torch.no_grad():
            return int(online(torch.from_numpy(one).float()).argmax(1).item())

    def act_batch_fn():
        with torch.no_grad():
            return online(torch.from_numpy(batch).float()).argmax(1).numpy()

    update()
    update()
    probe = time.perf_counter()
    update()
    estimate = max((time.perf_counter() - probe) * 1000, 0.05)
    repeats = max(5, min(100, math.ceil(budget_ms / estimate)))
    result = {
        'name': case['name'],
        'parameters': sum(p.numel() for p in online.parameters()),
        'update': timed(update, repeats, 2),
        'act': timed(act_one, min(400, repeats * 4), 5),
        'actBatch': timed(act_batch_fn, min(200, repeats * 2), 3),
        'actBatchSize': act_batch,
    }
    return result


def loaded_blas():
    """Which BLAS library this process runs on (Debian's python3-torch links the reference BLAS unless
    OpenBLAS is installed, and then its dense layers are ~20x faster)."""
    try:
        with open('/proc/self/maps') as maps:
            paths = {line.split()[-1] for line in maps if 'blas' in line.lower()}
    except OSError:
        return 'unknown'
    names = sorted({p.split('/')[-2] + '/' + p.split('/')[-1] for p in paths if '/' in p})
    return ', '.join(names) or 'none found'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cases', required=True, help='JSON list of {name, torso, width, shape, actions}')
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--budget-ms', type=float, default=3000)
    parser.add_argument('--act-batch', type=int, default=16)
    parser.add_argument('--no-masks', action='store_true', help='dense networks: no mask multiplication after updates')
    args = parser.parse_args()
    # The parent pins OMP/OpenBLAS threads to --threads, so torch.get_num_threads() would echo it:
    # report the cores PyTorch would use by default instead.
    default_threads = os.cpu_count() or 1
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    results = [bench(case, args.budget_ms, args.act_batch, rng, not args.no_masks) for case in json.loads(args.cases)]
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'defaultThreads': default_threads, 'blas': loaded_blas(), 'results': results}))


if __name__ == '__main__':
    main()
