#!/usr/bin/env python3
"""The project's Temporal Fusion Transformer (jobs/inference/.../tft) rebuilt in PyTorch with the
same structure and sizes, timed at the batch sizes bench-inference uses, for a like-for-like
speed comparison with the DJL build. Prints one JSON object per batch size.

Usage: bench_tft_torch.py --hidden 32 --context 60 --calls 20 --observed 33 --known 5
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class GRN(nn.Module):
    """Gated residual network: LayerNorm(a + GLU(W1 ELU(W2 a + W3 c)))."""

    def __init__(self, i, h, o, context=False, p=0.1):
        super().__init__()
        self.fc1 = nn.Linear(i, h)
        self.context = nn.Linear(h, h, bias=False) if context else None
        self.fc2 = nn.Linear(h, h)
        self.drop = nn.Dropout(p)
        self.gate = nn.Linear(h, 2 * o)
        self.skip = nn.Linear(i, o) if i != o else None
        self.norm = nn.LayerNorm(o)

    def forward(self, x, c=None):
        a = self.skip(x) if self.skip is not None else x
        h = self.fc1(x)
        if self.context is not None:
            h = h + self.context(c)
        h = self.drop(self.fc2(F.elu(h)))
        g, v = self.gate(h).chunk(2, dim=-1)
        return self.norm(a + torch.sigmoid(g) * v)


class VariableSelection(nn.Module):
    """Per-variable embeddings and GRNs (batched over variables) mixed by softmax weights."""

    def __init__(self, n, d, p=0.1):
        super().__init__()
        self.n, self.d = n, d
        self.embed_w = nn.Parameter(torch.randn(n, d) * 0.1)
        self.embed_b = nn.Parameter(torch.zeros(n, d))
        self.w1 = nn.Parameter(torch.randn(n, d, d) / math.sqrt(d))
        self.b1 = nn.Parameter(torch.zeros(n, d))
        self.w2 = nn.Parameter(torch.randn(n, d, d) / math.sqrt(d))
        self.b2 = nn.Parameter(torch.zeros(n, d))
        self.wg = nn.Parameter(torch.randn(n, d, 2 * d) / math.sqrt(d))
        self.bg = nn.Parameter(torch.zeros(n, 2 * d))
        self.gamma = nn.Parameter(torch.ones(n, d))
        self.beta = nn.Parameter(torch.zeros(n, d))
        self.drop = nn.Dropout(p)
        self.selection = GRN(n * d, d, n, context=True, p=p)

    def forward(self, x, c):
        b, t, n = x.shape
        xi = x.unsqueeze(-1) * self.embed_w + self.embed_b  # (B, T, V, d)
        weights = torch.softmax(self.selection(xi.reshape(b, t, n * self.d), c), dim=-1)
        v = xi.permute(2, 0, 1, 3).reshape(n, b * t, self.d)  # (V, B*T, d)
        h = F.elu(torch.bmm(v, self.w1) + self.b1.unsqueeze(1))
        h = self.drop(torch.bmm(h, self.w2) + self.b2.unsqueeze(1))
        g, gv = (torch.bmm(h, self.wg) + self.bg.unsqueeze(1)).chunk(2, dim=-1)
        y = v + torch.sigmoid(g) * gv
        y = F.layer_norm(y, (self.d,)) * self.gamma.unsqueeze(1) + self.beta.unsqueeze(1)
        y = y.reshape(n, b, t, self.d).permute(1, 2, 0, 3)
        return (weights.unsqueeze(-1) * y).sum(2), weights


class TFT(nn.Module):
    def __init__(self, symbols, observed, known, horizons, quantiles, d, heads, p=0.1):
        super().__init__()
        self.d, self.heads, self.hs = d, heads, d // heads
        self.embedding = nn.Linear(symbols, d, bias=False)
        self.static = GRN(d, d, d, p=p)
        self.c_select, self.c_enrich, self.c_cell, self.c_hidden = (GRN(d, d, d, p=p) for _ in range(4))
        self.enc_vsn = VariableSelection(observed + known, d, p)
        self.dec_vsn = VariableSelection(known, d, p)
        self.encoder = nn.LSTM(d, d, batch_first=True)
        self.decoder = nn.LSTM(d, d, batch_first=True)
        self.lstm_gate = nn.Linear(d, 2 * d)
        self.norm1, self.norm2, self.norm3 = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.enrichment = GRN(d, d, d, context=True, p=p)
        self.query, self.key = nn.Linear(d, d), nn.Linear(d, d)
        self.value = nn.Linear(d, self.hs)
        self.attention_out = nn.Linear(self.hs, d)
        self.attention_drop = nn.Dropout(p)
        self.attention_gate = nn.Linear(d, 2 * d)
        self.positionwise = GRN(d, d, d, p=p)
        self.output_gate = nn.Linear(d, 2 * d)
        self.output = nn.Linear(d, quantiles)

    @staticmethod
    def gated(gate, x, residual, norm):
        g, v = gate(x).chunk(2, dim=-1)
        return norm(residual + torch.sigmoid(g) * v)

    def forward(self, symbols, past, future):
        b, l, _ = past.shape
        h = future.shape[1]
        t = l + h
        s = self.static(self.embedding(symbols).unsqueeze(1))
        cs, ce = self.c_select(s), self.c_enrich(s)
        cc, ch = self.c_cell(s).squeeze(1), self.c_hidden(s).squeeze(1)
        enc, enc_w = self.enc_vsn(past, cs)
        dec, dec_w = self.dec_vsn(future, cs)
        enc_out, state = self.encoder(enc, (ch.unsqueeze(0), cc.unsqueeze(0)))
        dec_out, _ = self.decoder(dec, state)
        lstm = torch.cat([enc_out, dec_out], 1)
        phi = self.gated(self.lstm_gate, lstm, torch.cat([enc, dec], 1), self.norm1)
        theta = self.enrichment(phi, ce)
        q = self.query(theta).reshape(b, t, self.heads, self.hs).transpose(1, 2)
        k = self.key(theta).reshape(b, t, self.heads, self.hs).permute(0, 2, 3, 1)
        v = self.value(theta)
        mask = torch.triu(torch.full((t, t), -1e9), diagonal=1)
        a = torch.softmax(q @ k / math.sqrt(self.hs) + mask, dim=-1).mean(1)
        attended = self.attention_drop(self.attention_out(a @ v))
        delta = self.gated(self.attention_gate, attended, theta, self.norm2)
        out = self.gated(self.output_gate, self.positionwise(delta), phi, self.norm3)
        return self.output(out[:, l:, :]), enc_w, dec_w, a[:, l:, :]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--context", type=int, default=60)
    ap.add_argument("--calls", type=int, default=20)
    ap.add_argument("--observed", type=int, default=33)
    ap.add_argument("--known", type=int, default=5)
    ap.add_argument("--symbols", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = TFT(args.symbols, args.observed, args.known, 3, 3, args.hidden, 4).eval()
    for batch in (1, 32, 256):
        sym = torch.zeros(batch, args.symbols)
        sym[:, 0] = 1
        past = torch.randn(batch, args.context, args.observed + args.known) * 0.5
        fut = torch.randn(batch, 3, args.known) * 0.5
        times = []
        with torch.no_grad():
            model(sym[:1], past[:1], fut[:1])
            for _ in range(args.calls):
                start = time.perf_counter()
                model(sym, past, fut)
                times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(json.dumps({
            "path": "python torch %s (%d threads)" % (torch.__version__, torch.get_num_threads()),
            "batch": batch,
            "predictions_per_second": batch * args.calls / (sum(times) / 1000),
            "p50_ms": times[len(times) // 2],
            "p99_ms": times[min(len(times) - 1, math.ceil(len(times) * 0.99) - 1)],
        }))


if __name__ == "__main__":
    main()
