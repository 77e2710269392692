"""Chat formatting, completion-only label masks, sequence packing and collation. Pure Python + torch.

Tokenizers are injected as two callables so this module never imports transformers:
``render(messages, add_generation_prompt) -> str`` (a chat template) and
``encode(text) -> list[int]`` (no special tokens added). ``hf.py`` builds both from a tokenizer.
Labels are NOT shifted: position t holds the token the model should produce at t; the losses shift.
"""

import bisect

import torch

IGNORE_INDEX = -100


def chatml_render(messages, add_generation_prompt=False):
    """The ChatML template (Qwen's), used when a tokenizer ships no chat template."""
    out = []
    for m in messages:
        out.append("<|im_start|>%s\n%s<|im_end|>\n" % (m["role"], m["content"]))
    if add_generation_prompt:
        out.append("<|im_start|>assistant\n")
    return "".join(out)


def as_messages(prompt, system_prompt=None, role="user"):
    """A prompt given as text or as a message list, as a message list."""
    if isinstance(prompt, list):
        msgs = list(prompt)
    else:
        msgs = [{"role": role, "content": str(prompt)}]
    if system_prompt and not (msgs and msgs[0].get("role") == "system"):
        msgs = [{"role": "system", "content": system_prompt}] + msgs
    return msgs


def _pieces_from_renders(messages, render, trainable_from=0):
    """Splits a conversation's rendering into (text, trainable) pieces along assistant turns.

    Works when each rendering is a string prefix of the next (true of ChatML, Llama 3, Mistral).
    Returns None when the template rewrites earlier turns (e.g. Qwen3 dropping old reasoning).
    """
    pieces = []
    cursor = ""
    for i, message in enumerate(messages):
        if message.get("role") != "assistant" or i < trainable_from:
            continue
        before = render(messages[:i], True)
        after = render(messages[: i + 1], False)
        if not before.startswith(cursor) or not after.startswith(before):
            return None
        pieces.append((before[len(cursor) :], False))
        pieces.append((after[len(before) :], True))
        cursor = after
    full = render(messages, False)
    if not full.startswith(cursor):
        return None
    pieces.append((full[len(cursor) :], False))
    return pieces


def tokenize_messages(messages, render, encode, completion_only=True, trainable_from=0):
    """(input_ids, labels) for a conversation; with ``completion_only`` only assistant turns at
    index ≥ ``trainable_from`` carry loss. Falls back to training on the last turn only when the
    template is not prefix-consistent. Raises ValueError when there is no assistant turn to learn."""
    if not any(m.get("role") == "assistant" for m in messages[trainable_from:]):
        raise ValueError("conversation has no assistant message to train on")
    if not completion_only:
        ids = list(encode(render(messages, False)))
        return ids, list(ids)
    pieces = _pieces_from_renders(messages, render, trainable_from)
    if pieces is None:
        last = max(i for i, m in enumerate(messages) if m.get("role") == "assistant")
        before = render(messages[:last], True)
        full = render(messages, False)
        if not full.startswith(before):
            raise ValueError(
                "chat template output for the prompt is not a prefix of the conversation"
            )
        pieces = [(before, False), (full[len(before) :], True)]
    ids, labels = [], []
    for text, trainable in pieces:
        if not text:
            continue
        tokens = list(encode(text))
        ids.extend(tokens)
        labels.extend(tokens if trainable else [IGNORE_INDEX] * len(tokens))
    return ids, labels


def tokenize_prompt_completion(
    prompt, completion, encode, render=None, eos_id=None, system_prompt=None
):
    """(input_ids, labels) with loss on the completion only. With a chat ``render`` the prompt is a
    user turn (or a message list) and the completion an assistant turn; without one the texts are
    concatenated and ``eos_id`` appended."""
    if render is not None:
        prompt_msgs = as_messages(prompt, system_prompt)
        completion_msgs = as_messages(completion, role="assistant")
        return tokenize_messages(
            prompt_msgs + completion_msgs, render, encode, True, len(prompt_msgs)
        )
    p = list(encode(str(prompt)))
    c = list(encode(str(completion)))
    if eos_id is not None:
        c.append(eos_id)
    return p + c, [IGNORE_INDEX] * len(p) + c


def truncate(ids, labels, max_len):
    """Right-truncates to ``max_len``; returns None when no trainable label survives."""
    ids, labels = ids[:max_len], labels[:max_len]
    if all(x == IGNORE_INDEX for x in labels[1:]):
        return None
    return ids, labels


def pack(examples, max_len, isolation=True, pad_id=0):
    """Best-fit-decreasing packing of (ids, labels) examples into sequences of exactly ``max_len``.

    Each packed row gets ``position_ids`` that restart at 0 at every example when ``isolation`` is
    on (transformers then builds a block-diagonal mask, or flash-attention uses varlen kernels), and
    the first label of each example is set to -100 so no loss crosses an example boundary. Rows are
    padded to ``max_len`` (labels -100), so every batch has one static shape (good for compile).
    Examples longer than ``max_len`` are truncated. Returns a list of dicts of lists.
    """
    items = sorted(
        ((ids[:max_len], labels[:max_len]) for ids, labels in examples if ids),
        key=lambda e: len(e[0]),
        reverse=True,
    )
    bins = []  # list of lists of examples
    free = []  # sorted list of (remaining, bin index)
    for ex in items:
        n = len(ex[0])
        k = bisect.bisect_left(free, (n, -1))
        if k < len(free):
            remaining, index = free.pop(k)
            bins[index].append(ex)
            remaining -= n
        else:
            index = len(bins)
            bins.append([ex])
            remaining = max_len - n
        if remaining > 0:
            bisect.insort(free, (remaining, index))
    rows = []
    for members in bins:
        ids, labels, positions, lengths = [], [], [], []
        for ex_ids, ex_labels in members:
            ids.extend(ex_ids)
            labels.append(IGNORE_INDEX)
            labels.extend(ex_labels[1:])
            start = 0 if isolation else len(positions)
            positions.extend(range(start, start + len(ex_ids)))
            lengths.append(len(ex_ids))
        pad = max_len - len(ids)
        if pad:
            ids.extend([pad_id] * pad)
            labels.extend([IGNORE_INDEX] * pad)
            start = 0 if isolation else len(positions)
            positions.extend(range(start, start + pad))
        rows.append(
            {"input_ids": ids, "labels": labels, "position_ids": positions, "lengths": lengths}
        )
    return rows


def collate(rows, pad_id=0, pad_to=None, left=False, pad_multiple=None):
    """Pads a list of dicts (``input_ids``, optional ``labels`` / ``position_ids``) to tensors.

    Rows without ``position_ids`` get an ``attention_mask`` (1 = real token); packed rows carry
    ``position_ids`` and no mask. ``left=True`` pads on the left (for generation prompts).
    ``pad_multiple`` rounds the length up (tensor cores like multiples of 8 or 64).
    """
    length = max(len(r["input_ids"]) for r in rows)
    if pad_to:
        length = max(length, pad_to)
    if pad_multiple:
        length = -(-length // pad_multiple) * pad_multiple
    packed = all("position_ids" in r for r in rows)
    batch = {"input_ids": [], "labels": [], "attention_mask": [], "position_ids": []}
    for r in rows:
        n = len(r["input_ids"])
        pad = length - n
        labels = r.get("labels", r["input_ids"])

        def place(values, fill):
            return [fill] * pad + list(values) if left else list(values) + [fill] * pad

        batch["input_ids"].append(place(r["input_ids"], pad_id))
        batch["labels"].append(place(labels, IGNORE_INDEX))
        batch["attention_mask"].append(place([1] * n, 0))
        if packed:
            batch["position_ids"].append(place(r["position_ids"], 0))
    out = {k: torch.tensor(v, dtype=torch.long) for k, v in batch.items() if v}
    if packed:
        del out["attention_mask"]
        if all("lengths" in r for r in rows):
            out["num_tokens"] = sum(sum(r["lengths"]) for r in rows)
    return out


def count_tokens(batch):
    """(tokens processed, tokens with loss) in a collated batch."""
    if "num_tokens" in batch:
        seen = int(batch["num_tokens"])
    elif "attention_mask" in batch:
        seen = int(batch["attention_mask"].sum())
    else:
        seen = int(batch["input_ids"].numel())
    return seen, int((batch["labels"][:, 1:] != IGNORE_INDEX).sum())


def batches(rows, batch_size, drop_last=False):
    """Consecutive slices of ``rows`` of ``batch_size``."""
    for start in range(0, len(rows), batch_size):
        chunk = rows[start : start + batch_size]
        if drop_last and len(chunk) < batch_size:
            return
        yield chunk
