"""The recipes run for real on CPU: a tiny random Qwen3-style model, its character tokenizer built
locally, transformers, peft and TRL from the LLM job environment. Each test checks what a user of the
recipe would look at: the loss falls, the saved adapter gives the same model back, the preference
margin grows, the reward climbs, and bad GRPO settings are named by diagnose.py."""

import json
import os
import subprocess
import sys

import pytest
from metric_series import RECIPES, mean, series

pytestmark = pytest.mark.hf

# fp32 and no compile: the CPU settings; short rows keep each step a few milliseconds
CPU = dict(precision="fp32", compile=False, max_seq_len=128, warmup_ratio=0.0, log_every=1)


def write_rows(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return str(path)


def chat_data(tmp_path):
    import synthetic

    return write_rows(tmp_path / "chat.jsonl", synthetic.chat_rows(48))


def test_full_sft_lowers_the_loss_and_saves_a_model(tiny_model, run_recipe, tmp_path):
    code, result, records, out = run_recipe(
        "sft",
        model=str(tiny_model),
        dataset=chat_data(tmp_path),
        learning_rate=3e-3,
        micro_batch_size=4,
        max_steps=20,
        **CPU,
    )
    assert code == 0 and result["status"] == "ok", result
    loss = series(records, "loss")
    assert len(loss) == 20
    assert mean(loss[-5:]) < 0.75 * mean(loss[:5]), loss
    assert (out / "final" / "config.json").exists() and result["artifacts"]["model"] == "final"
    assert result["metrics"]["trainable_params"] == result["metrics"]["params"]


def test_lora_adapter_reloads_and_merges_to_the_same_logits(tiny_model, run_recipe, tmp_path):
    import peft
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    code, result, records, out = run_recipe(
        "sft",
        model=str(tiny_model),
        dataset=chat_data(tmp_path),
        use_peft=True,
        lora_r=8,
        lora_alpha=16,
        lora_dropout=0.0,
        merge_lora=True,
        learning_rate=2e-2,
        micro_batch_size=4,
        max_steps=15,
        **CPU,
    )
    assert code == 0 and result["status"] == "ok", result
    loss = series(records, "loss")
    assert mean(loss[-4:]) < mean(loss[:4]) - 0.2, loss
    assert result["metrics"]["trainable_params"] < result["metrics"]["params"] / 4
    assert result["artifacts"] == {
        "adapter": "final",
        "merged_model": os.path.join("final", "merged"),
    }

    tokenizer = AutoTokenizer.from_pretrained(str(out / "final"))
    ids = torch.tensor([tokenizer("Ada likes red. Add 2 and 3.")["input_ids"]])

    def logits(model):
        model.eval()
        with torch.no_grad():
            return model(input_ids=ids).logits

    base = logits(AutoModelForCausalLM.from_pretrained(str(tiny_model)))
    adapted_model = peft.PeftModel.from_pretrained(
        AutoModelForCausalLM.from_pretrained(str(tiny_model)), str(out / "final")
    )
    adapted = logits(adapted_model)
    merged_in_memory = logits(adapted_model.merge_and_unload())
    merged_on_disk = logits(AutoModelForCausalLM.from_pretrained(str(out / "final" / "merged")))

    assert (adapted - base).abs().max() > 0.1  # the adapter learned something
    assert torch.allclose(merged_in_memory, adapted, atol=1e-4)
    assert torch.allclose(merged_on_disk, adapted, atol=1e-4)


def test_dpo_widens_the_chosen_rejected_margin(tiny_model, run_recipe, tmp_path):
    rows = [
        {"prompt": "%d+%d=" % (a, b), "chosen": str(a + b), "rejected": "no idea"}
        for a in range(6)
        for b in range(6)
    ]
    code, result, records, _ = run_recipe(
        "dpo",
        model=str(tiny_model),
        dataset=write_rows(tmp_path / "pairs.jsonl", rows),
        learning_rate=2e-3,
        beta=0.1,
        micro_batch_size=4,
        max_steps=12,
        **CPU,
    )
    assert code == 0 and result["status"] == "ok", result
    margin = series(records, "rewards/margin")
    assert abs(margin[0]) < 1e-4  # the policy is its own reference before the first update
    assert mean(margin[-3:]) > mean(margin[:3]) + 0.5, margin
    assert mean(series(records, "rewards/accuracy")[-3:]) > 0.9
    assert series(records, "loss")[-1] < 0.69  # below ln 2, the loss of an untrained policy


def grpo(tiny_model, run_recipe, tmp_path, name, **settings):
    import synthetic

    config = dict(
        CPU,
        model=str(tiny_model),
        dataset=write_rows(tmp_path / "prompts.jsonl", synthetic.arithmetic_rows(32)),
        rewards=["toy_rewards:digit_share"],
        use_chat_template=False,
        num_generations=8,
        prompts_per_step=2,
        max_new_tokens=6,
        micro_batch_size=16,
        temperature=1.0,
    )
    config.update(settings)
    code, result, records, out = run_recipe("grpo", name=name, **config)
    assert code == 0 and result["status"] == "ok", result
    return records, out


def diagnose(out):
    proc = subprocess.run(
        [sys.executable, os.path.join(RECIPES, "diagnose.py"), str(out / "metrics.jsonl")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_grpo_raises_a_verifiable_reward_and_stays_healthy(tiny_model, run_recipe, tmp_path):
    records, out = grpo(
        tiny_model, run_recipe, tmp_path, "good", learning_rate=5e-3, beta=0.1, max_steps=16
    )
    reward = series(records, "reward_mean")
    assert mean(reward[-4:]) > mean(reward[:4]) + 0.1, reward
    for signal in ("reward_std", "frac_zero_std_groups", "kl", "entropy", "clip_fraction"):
        assert len(series(records, signal)) == 16, signal
    kinds = {f["kind"] for f in diagnose(out)["findings"]}
    assert not kinds & {"reward_collapse", "kl_blowup", "divergence"}, kinds


def test_grpo_forced_bad_settings_are_diagnosed(tiny_model, run_recipe, tmp_path):
    # a learning rate 50x too high with almost no KL anchor: the policy runs away from the reference
    # and turns deterministic, so every completion of a prompt earns the same reward
    records, out = grpo(
        tiny_model, run_recipe, tmp_path, "bad", learning_rate=0.5, beta=0.001, max_steps=16
    )
    report = diagnose(out)
    found = {f["kind"]: f for f in report["findings"]}
    assert report["status"] == "problems"
    assert "reward_collapse" in found and "kl_blowup" in found, report
    assert found["kl_blowup"]["next"][0]["change"]["beta"] > 0.001
    assert any("temperature" in p["change"] for p in found["reward_collapse"]["next"])


def test_evaluate_exact_match_sees_what_sft_taught(tiny_model, run_recipe, tmp_path):
    questions = ["Say the word %d." % i for i in range(16)]
    chats = [
        {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": "blue"}]}
        for q in questions
    ]
    code, result, _, trained = run_recipe(
        "sft",
        name="sft",
        model=str(tiny_model),
        dataset=write_rows(tmp_path / "chats.jsonl", chats),
        learning_rate=1e-2,
        micro_batch_size=4,
        max_steps=25,
        **CPU,
    )
    assert code == 0, result
    items = write_rows(
        tmp_path / "items.jsonl", [{"prompt": q, "answer": "blue"} for q in questions]
    )
    code, result, records, out = run_recipe(
        "evaluate",
        name="eval",
        model=str(tiny_model),
        candidate_model=str(trained / "final"),
        dataset=items,
        task="generation",
        match="exact",
        max_new_tokens=8,
        **CPU,
    )
    assert code == 0 and result["status"] == "ok", result
    metrics = result["metrics"]
    assert metrics["baseline_accuracy"] == 0.0 and metrics["candidate_accuracy"] == 1.0, metrics
    assert metrics["candidate_wins"] == 16 and metrics["sign_test_p"] < 0.001
    assert series(records, "delta/accuracy", split="eval") == [1.0]
    predictions = [
        json.loads(line) for line in (out / "predictions.jsonl").read_text().splitlines()
    ]
    assert [p["candidate"]["output"] for p in predictions] == ["blue"] * 16


def forward_logps(model_dir, texts):
    """Per text, the log-probability of each token after the first, computed plainly."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModelForCausalLM.from_pretrained(str(model_dir)).eval()
    out = []
    for text in texts:
        ids = torch.tensor([tokenizer(text, add_special_tokens=False)["input_ids"]])
        with torch.no_grad():
            logps = torch.log_softmax(model(input_ids=ids).logits[0, :-1].float(), -1)
        out.append(logps.gather(1, ids[0, 1:, None])[:, 0])
    return out


def test_evaluate_multiple_choice_scores_each_choice_by_its_log_likelihood(
    tiny_model, run_recipe, tmp_path
):
    rows = [
        {"prompt": "Which is a color?", "choices": ["red", "dog", "seven"], "label": 0},
        {"prompt": "Which is a number?", "choices": ["cat", "blue", "seven"], "label": "C"},
    ]
    code, result, _, out = run_recipe(
        "evaluate",
        model=str(tiny_model),
        dataset=write_rows(tmp_path / "mc.jsonl", rows),
        task="multiple_choice",
        **CPU,
    )
    assert code == 0 and result["status"] == "ok", result
    predictions = [
        json.loads(line)["baseline"]
        for line in (out / "predictions.jsonl").read_text().splitlines()
    ]
    assert [p["gold"] for p in predictions] == [0, 2]
    for row, prediction in zip(rows, predictions):
        context = "Question: %s\nAnswer:" % row["prompt"]
        whole = forward_logps(tiny_model, [context + " " + c for c in row["choices"]])
        expected = [float(lp[len(context) - 1 :].sum()) for lp in whole]  # one token per character
        assert prediction["logprobs"] == pytest.approx(expected, abs=1e-4)
        assert prediction["pred"] == max(range(3), key=expected.__getitem__)
    accuracy = sum(p["pred"] == p["gold"] for p in predictions) / 2
    assert result["metrics"]["baseline_accuracy"] == accuracy


def test_evaluate_perplexity_is_the_exponential_of_the_mean_token_loss(
    tiny_model, run_recipe, tmp_path
):
    import math

    texts = ["Ada likes red.", "Add 2 and 3: 5."]
    code, result, _, _ = run_recipe(
        "evaluate",
        model=str(tiny_model),
        dataset=write_rows(tmp_path / "texts.jsonl", [{"text": t} for t in texts]),
        task="perplexity",
        **CPU,
    )
    assert code == 0 and result["status"] == "ok", result
    logps = forward_logps(tiny_model, texts)
    expected = math.exp(-sum(float(lp.sum()) for lp in logps) / sum(len(lp) for lp in logps))
    assert result["metrics"]["baseline_perplexity"] == pytest.approx(expected, rel=1e-4)
    assert 50 < expected < 200  # a random model over ~100 characters is close to uniform
