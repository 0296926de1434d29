#!/usr/bin/python3
"""Regenerates the tiny TorchScript sentiment classifier the plug-in path is tested with.

jobs/inference/src/test/resources/sentiment/tiny/{model.pt,tokenizer.json}: a word-level
tokenizer over a 16-word vocabulary and a model whose logits are the mean of per-word class
scores, in FinBERT's class order (positive, negative, neutral). Needs Debian's python3-torch
(scripts/native-deps.sh --torch). Deterministic: the weights are set, not trained.
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "jobs", "inference", "src", "test",
                   "resources", "sentiment", "tiny")
POSITIVE = ["great", "gains", "bullish", "moon", "beat"]
NEGATIVE = ["terrible", "crash", "bearish", "loss", "miss"]
NEUTRAL = ["the", "stock", "today", "is"]
VOCAB = ["[PAD]", "[UNK]"] + POSITIVE + NEGATIVE + NEUTRAL


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.scores = torch.nn.Embedding(len(VOCAB), 3)  # positive, negative, neutral

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        mask = attention_mask.unsqueeze(-1).to(torch.float32)
        total = (self.scores(input_ids) * mask).sum(1)
        return total / mask.sum(1).clamp(min=1.0)


def main():
    model = Tiny()
    with torch.no_grad():
        model.scores.weight.zero_()
        for i, word in enumerate(VOCAB):
            if word in POSITIVE:
                model.scores.weight[i] = torch.tensor([4.0, 0.0, 0.0])
            elif word in NEGATIVE:
                model.scores.weight[i] = torch.tensor([0.0, 4.0, 0.0])
            elif word in NEUTRAL or word == "[UNK]":
                model.scores.weight[i] = torch.tensor([0.0, 0.0, 1.0])
    model.eval()
    os.makedirs(OUT, exist_ok=True)
    torch.jit.script(model).save(os.path.join(OUT, "model.pt"))
    special = [{"id": i, "content": w, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": False, "special": True} for i, w in enumerate(VOCAB[:2])]
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": special,
        "normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": None, "decoder": None,
        "model": {"type": "WordLevel", "vocab": {w: i for i, w in enumerate(VOCAB)},
                  "unk_token": "[UNK]"},
    }
    with open(os.path.join(OUT, "tokenizer.json"), "w") as f:
        json.dump(tokenizer, f, indent=1)


if __name__ == "__main__":
    main()
