"""Offline stand-ins for a pretrained model, its tokenizer and datasets, for the GPU validation
and the CPU dry run (no internet, no pretrained weights on the device machine).

* ``build_char_tokenizer`` writes a character-level ``PreTrainedTokenizerFast`` (ChatML special
  tokens, a ChatML chat template) to a folder, so the recipes load it like any Hub tokenizer.
* ``build_model`` writes a randomly initialised Qwen3-style model of a given shape to a folder.
* ``chat_rows`` / ``arithmetic_rows`` make learnable synthetic data.
"""

import json
import os
import random
import string

SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
CHARS = string.ascii_letters + string.digits + string.punctuation + " \n"
CHATML_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)

SHAPES = {
    # a Qwen3-0.6B-shaped model (the throughput benchmark)
    "qwen3-0.6b": dict(
        vocab_size=151936,
        hidden_size=1024,
        intermediate_size=3072,
        num_hidden_layers=28,
        num_attention_heads=16,
        num_key_value_heads=8,
        head_dim=128,
        tie_word_embeddings=True,
    ),
    # small models for the learning checks (real vocabulary size comes from the tokenizer)
    "small": dict(
        hidden_size=256,
        intermediate_size=768,
        num_hidden_layers=4,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=64,
        tie_word_embeddings=True,
    ),
    "tiny": dict(
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=16,
        tie_word_embeddings=True,
    ),
}


def build_char_tokenizer(path):
    """A char-level fast tokenizer saved to ``path``; returns it. Each printable ASCII character is
    one token, the ChatML markers are special tokens, and pad = eos = <|endoftext|>."""
    from tokenizers import Tokenizer, decoders, models
    from transformers import PreTrainedTokenizerFast

    vocab = {tok: i for i, tok in enumerate(SPECIALS)}
    for ch in CHARS:
        vocab.setdefault(ch, len(vocab))
    core = Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token=None, fuse_unk=False))
    core.decoder = decoders.Fuse()
    tok = PreTrainedTokenizerFast(
        tokenizer_object=core,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=SPECIALS[1:],
    )
    tok.chat_template = CHATML_TEMPLATE
    os.makedirs(path, exist_ok=True)
    tok.save_pretrained(path)
    sample = "12+30=42\n ok!"
    ids = tok(sample, add_special_tokens=False)["input_ids"]
    if len(ids) != len(sample) or tok.decode(ids) != sample:
        raise RuntimeError(
            "char tokenizer does not round-trip: %r -> %r -> %r" % (sample, ids, tok.decode(ids))
        )
    return tok


def build_model(path, shape="small", vocab_size=None, seed=0, max_positions=4096):
    """A randomly initialised Qwen3ForCausalLM saved to ``path``; returns its config dict."""
    import torch
    from transformers import Qwen3Config, Qwen3ForCausalLM

    torch.manual_seed(seed)
    kwargs = dict(SHAPES[shape])
    if vocab_size:
        kwargs["vocab_size"] = vocab_size
    cfg = Qwen3Config(max_position_embeddings=max_positions, rope_theta=10000.0, **kwargs)
    model = Qwen3ForCausalLM(cfg)
    model.save_pretrained(path)
    return cfg.to_dict()


NAMES = ["Ada", "Bob", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal"]
COLORS = ["red", "blue", "green", "gold", "pink", "gray"]


def chat_rows(n, seed=0):
    """Synthetic chats whose answers are a deterministic function of the question (learnable)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        name, color = rng.choice(NAMES), rng.choice(COLORS)
        a, b = rng.randint(0, 9), rng.randint(0, 9)
        rows.append(
            {
                "messages": [
                    {"role": "system", "content": "Be brief."},
                    {
                        "role": "user",
                        "content": "%s likes %s. Add %d and %d." % (name, color, a, b),
                    },
                    {"role": "assistant", "content": "%s: %s, %d." % (name, color, a + b)},
                ]
            }
        )
    return rows


def arithmetic_rows(n, seed=0, lo=0, hi=20, with_answer_text=False):
    """'a+b=' prompts with integer answers; with_answer_text adds a completion '\\boxed{a+b}'."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        a, b = rng.randint(lo, hi), rng.randint(lo, hi)
        row = {"prompt": "%d+%d=" % (a, b), "answer": str(a + b)}
        if with_answer_text:
            row["completion"] = "\\boxed{%d}" % (a + b)
        rows.append(row)
    return rows


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return path


def main(argv=None):
    """``python synthetic.py --shape small --out DIR``: a random model and its tokenizer in DIR."""
    import argparse

    parser = argparse.ArgumentParser(prog="synthetic.py", description=main.__doc__)
    parser.add_argument("--shape", default="small", choices=sorted(SHAPES))
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    tokenizer = build_char_tokenizer(args.out)
    build_model(args.out, args.shape, vocab_size=len(tokenizer), seed=args.seed)
    print(json.dumps({"model": args.out, "shape": args.shape, "vocab": len(tokenizer)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
