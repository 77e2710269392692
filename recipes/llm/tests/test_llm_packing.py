import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import pytest
import torch
from llmkit import packing

IGN = packing.IGNORE_INDEX


def encode(text):
    return [ord(c) for c in text]


def decode_labels(ids, labels):
    return "".join(chr(i) for i, label in zip(ids, labels) if label != IGN)


CHAT = [
    {"role": "system", "content": "S"},
    {"role": "user", "content": "hi"},
    {"role": "assistant", "content": "yo"},
    {"role": "user", "content": "more"},
    {"role": "assistant", "content": "ok"},
]


def test_chatml_render():
    text = packing.chatml_render(CHAT[1:3])
    assert text == "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nyo<|im_end|>\n"
    assert packing.chatml_render(CHAT[1:2], True).endswith("<|im_start|>assistant\n")


def test_completion_only_labels_cover_every_assistant_turn_and_its_end_marker():
    ids, labels = packing.tokenize_messages(CHAT, packing.chatml_render, encode)
    assert "".join(map(chr, ids)) == packing.chatml_render(CHAT)
    assert decode_labels(ids, labels) == "yo<|im_end|>\nok<|im_end|>\n"


def test_full_sequence_loss_when_completion_only_is_off():
    ids, labels = packing.tokenize_messages(
        CHAT, packing.chatml_render, encode, completion_only=False
    )
    assert labels == ids


def test_template_that_rewrites_history_falls_back_to_last_turn():
    import re

    def rewriting(messages, add_generation_prompt=False):
        # like Qwen3: reasoning is dropped from assistant turns before the last user message
        last_user = max(i for i, m in enumerate(messages) if m["role"] == "user")
        kept = [
            dict(m, content=re.sub(r"<think>.*?</think>", "", m["content"]))
            if m["role"] == "assistant" and i < last_user
            else m
            for i, m in enumerate(messages)
        ]
        return packing.chatml_render(kept, add_generation_prompt)

    chat = [dict(m) for m in CHAT]
    chat[2]["content"] = "<think>a</think>yo"
    chat[4]["content"] = "<think>b</think>ok"
    ids, labels = packing.tokenize_messages(chat, rewriting, encode)
    assert "".join(map(chr, ids)) == rewriting(chat)
    assert decode_labels(ids, labels) == "<think>b</think>ok<|im_end|>\n"


def test_conversation_without_assistant_is_rejected():
    with pytest.raises(ValueError, match="no assistant"):
        packing.tokenize_messages(CHAT[:2], packing.chatml_render, encode)


def test_prompt_completion_with_and_without_template():
    ids, labels = packing.tokenize_prompt_completion("2+2=", "4", encode, eos_id=0)
    assert ids == encode("2+2=4") + [0]
    assert labels == [IGN] * 4 + encode("4") + [0]
    ids, labels = packing.tokenize_prompt_completion(
        "2+2=", "4", encode, render=packing.chatml_render, system_prompt="S"
    )
    assert decode_labels(ids, labels) == "4<|im_end|>\n"
    assert "".join(map(chr, ids)).startswith("<|im_start|>system\nS")


def test_prompt_given_as_messages_with_assistant_turns_trains_only_the_completion():
    prompt = CHAT[:4]
    ids, labels = packing.tokenize_prompt_completion(
        prompt, "ok", encode, render=packing.chatml_render
    )
    assert decode_labels(ids, labels) == "ok<|im_end|>\n"


def test_truncate_drops_examples_left_without_labels():
    assert packing.truncate([1, 2, 3, 4], [IGN, IGN, 3, 4], 3) == ([1, 2, 3], [IGN, IGN, 3])
    assert packing.truncate([1, 2, 3, 4], [IGN, IGN, 3, 4], 2) is None


def test_pack_best_fit_isolates_examples_and_pads_to_fixed_length():
    examples = [([1] * 6, [1] * 6), ([2] * 3, [2] * 3), ([3] * 4, [3] * 4), ([4] * 2, [4] * 2)]
    rows = packing.pack(examples, 8, isolation=True, pad_id=0)
    assert len(rows) == 2
    assert all(
        len(r["input_ids"]) == 8 and len(r["labels"]) == 8 and len(r["position_ids"]) == 8
        for r in rows
    )
    assert sorted(sum(r["lengths"]) for r in rows) == [7, 8]
    first = rows[0]  # the 6-token example, then the 2-token one fills the row
    assert first["input_ids"] == [1] * 6 + [4] * 2
    assert first["position_ids"] == [0, 1, 2, 3, 4, 5, 0, 1]
    assert first["labels"] == [IGN] + [1] * 5 + [IGN, 4]
    second = rows[1]
    assert second["input_ids"][-1] == 0 and second["labels"][-1] == IGN


def test_pack_without_isolation_keeps_positions_running():
    rows = packing.pack([([1, 1], [1, 1]), ([2, 2], [2, 2])], 4, isolation=False)
    assert rows[0]["position_ids"] == [0, 1, 2, 3]


def test_pack_truncates_long_examples():
    rows = packing.pack([([5] * 10, [5] * 10)], 4)
    assert rows[0]["input_ids"] == [5] * 4


def test_collate_right_and_left_padding_with_masks():
    rows = [{"input_ids": [1, 2, 3], "labels": [IGN, 2, 3]}, {"input_ids": [4], "labels": [4]}]
    right = packing.collate(rows, pad_id=9)
    assert right["input_ids"].tolist() == [[1, 2, 3], [4, 9, 9]]
    assert right["labels"].tolist() == [[IGN, 2, 3], [4, IGN, IGN]]
    assert right["attention_mask"].tolist() == [[1, 1, 1], [1, 0, 0]]
    left = packing.collate(rows, pad_id=9, left=True, pad_multiple=4)
    assert left["input_ids"].tolist() == [[9, 1, 2, 3], [9, 9, 9, 4]]
    assert packing.count_tokens(right) == (4, 2)


def test_collate_packed_rows_carries_positions_and_real_token_count():
    rows = packing.pack([([1, 1, 1], [1, 1, 1]), ([2, 2], [2, 2])], 4)
    batch = packing.collate(rows)
    assert "attention_mask" not in batch and batch["position_ids"].shape == batch["input_ids"].shape
    assert packing.count_tokens(batch)[0] == 5
    assert batch["input_ids"].dtype == torch.long


def test_batches_slices_and_drops_last_on_request():
    assert [len(b) for b in packing.batches(list(range(5)), 2)] == [2, 2, 1]
    assert [len(b) for b in packing.batches(list(range(5)), 2, drop_last=True)] == [2, 2]
