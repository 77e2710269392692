import os
import sys

sys.path.insert(
    0, os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # recipes/llm, as the scripts see it
import math

import pytest
import torch
import torch.nn.functional as F
from llmkit import losses


def test_selective_log_softmax_matches_log_softmax_gather_across_chunks():
    torch.manual_seed(0)
    logits = torch.randn(3, 5, 11)
    index = torch.randint(0, 11, (3, 5))
    expected = torch.log_softmax(logits, -1).gather(-1, index.unsqueeze(-1)).squeeze(-1)
    got = losses.selective_log_softmax(logits, index, chunk_rows=4)
    assert torch.allclose(got, expected, atol=1e-6)


def test_entropy_of_uniform_distribution_is_log_vocab():
    ent = losses.token_entropy(torch.zeros(2, 3, 8))
    assert torch.allclose(ent, torch.full((2, 3), math.log(8)), atol=1e-6)


def test_cross_entropy_shifts_and_ignores_masked_labels():
    torch.manual_seed(1)
    logits = torch.randn(1, 4, 6)
    labels = torch.tensor([[-100, 2, -100, 5]])
    manual = -(torch.log_softmax(logits[0, 0], -1)[2] + torch.log_softmax(logits[0, 2], -1)[5]) / 2
    assert torch.allclose(losses.cross_entropy(logits, labels), manual, atol=1e-6)


@pytest.mark.parametrize("chunk", [1, 3, 64])
def test_chunked_linear_cross_entropy_equals_full_logits_loss_and_gradients(chunk):
    torch.manual_seed(2)
    hidden = torch.randn(2, 5, 4, requires_grad=True)
    weight = torch.randn(9, 4, requires_grad=True)
    labels = torch.randint(0, 9, (2, 5))
    labels[0, 2] = -100
    ref_loss = losses.cross_entropy(hidden @ weight.t(), labels)
    ref_loss.backward()
    ref_h, ref_w = hidden.grad.clone(), weight.grad.clone()
    hidden.grad, weight.grad = None, None
    loss = losses.chunked_linear_cross_entropy(hidden, weight, labels, chunk_size=chunk)
    (loss * 3).backward()
    assert torch.allclose(loss, ref_loss, atol=1e-5)
    assert torch.allclose(hidden.grad, 3 * ref_h, atol=1e-5)
    assert torch.allclose(weight.grad, 3 * ref_w, atol=1e-5)


def test_chunked_linear_cross_entropy_sum_reduction_counts_only_labelled_tokens():
    hidden = torch.zeros(1, 3, 2)
    weight = torch.zeros(4, 2)  # uniform logits: every token costs log 4
    labels = torch.tensor([[0, 1, -100]])
    total = losses.chunked_linear_cross_entropy(hidden, weight, labels, reduction="sum")
    assert total.item() == pytest.approx(math.log(4))


def test_sequence_logps_sums_completion_tokens():
    logits = torch.zeros(1, 3, 4)
    labels = torch.tensor([[-100, 1, 2]])
    assert losses.sequence_logps(logits, labels).item() == pytest.approx(2 * math.log(0.25))
    assert losses.sequence_logps(logits, labels, average=True).item() == pytest.approx(
        math.log(0.25)
    )


def test_dpo_sigmoid_loss_is_log2_when_policy_equals_reference():
    z = torch.zeros(3)
    loss, chosen, rejected = losses.dpo_loss(z, z, z, z, beta=0.1)
    assert torch.allclose(loss, torch.full((3,), math.log(2)))
    assert torch.all(chosen == 0) and torch.all(rejected == 0)


def test_dpo_sigmoid_known_answer_and_rewards():
    pc, pr = torch.tensor([-1.0]), torch.tensor([-3.0])
    rc, rr = torch.tensor([-2.0]), torch.tensor([-2.0])
    loss, chosen, rejected = losses.dpo_loss(pc, pr, rc, rr, beta=0.5)
    # h = (−1 − −3) − 0 = 2 → −log σ(1)
    assert loss.item() == pytest.approx(-math.log(1 / (1 + math.exp(-1))), rel=1e-6)
    assert chosen.item() == pytest.approx(0.5) and rejected.item() == pytest.approx(-0.5)


def test_dpo_label_smoothing_ipo_and_hinge_variants():
    pc, pr, rc, rr = (
        torch.tensor([0.0]),
        torch.tensor([-2.0]),
        torch.tensor([0.0]),
        torch.tensor([0.0]),
    )
    smooth, _, _ = losses.dpo_loss(pc, pr, rc, rr, beta=1.0, label_smoothing=0.1)
    expected = -0.9 * F.logsigmoid(torch.tensor(2.0)) - 0.1 * F.logsigmoid(torch.tensor(-2.0))
    assert smooth.item() == pytest.approx(expected.item(), rel=1e-6)
    ipo, _, _ = losses.dpo_loss(pc, pr, rc, rr, beta=0.25, loss_type="ipo")
    assert ipo.item() == pytest.approx((2 - 1 / 0.5) ** 2)
    hinge, _, _ = losses.dpo_loss(pc, pr, rc, rr, beta=0.25, loss_type="hinge")
    assert hinge.item() == pytest.approx(0.5)
    with pytest.raises(ValueError):
        losses.dpo_loss(pc, pr, rc, rr, loss_type="nope")


def test_group_advantages_known_answer():
    adv, std = losses.group_advantages(
        torch.tensor([1.0, 0.0, 0.0, 0.0, 2.0, 2.0, 2.0, 2.0]), 4, eps=0.0
    )
    # group 1: mean .25, unbiased std .5 → (.75/.5, −.25/.5 …); group 2: all equal → 0
    assert torch.allclose(adv[:4], torch.tensor([1.5, -0.5, -0.5, -0.5]))
    assert torch.all(adv[4:] == 0)
    assert std[0].item() == pytest.approx(0.5) and std[4].item() == 0


def test_group_advantages_without_scaling_only_centres():
    adv, _ = losses.group_advantages(torch.tensor([3.0, 1.0]), 2, scale=False)
    assert torch.allclose(adv, torch.tensor([1.0, -1.0]))


def test_kl_k3_is_zero_at_equal_policies_and_known_elsewhere():
    lp = torch.tensor([-1.0, -2.0])
    assert torch.allclose(losses.kl_k3(lp, lp), torch.zeros(2))
    d = 0.5
    assert losses.kl_k3(torch.tensor([0.0]), torch.tensor([d])).item() == pytest.approx(
        math.exp(d) - d - 1
    )


def test_grpo_loss_on_policy_is_minus_mean_advantage_over_tokens():
    logps = torch.zeros(2, 3)
    mask = torch.tensor([[1, 1, 1], [1, 0, 0]])
    adv = torch.tensor([1.0, -2.0])
    loss, stats = losses.grpo_loss(logps, logps, adv, mask)
    assert loss.item() == pytest.approx(-(3 * 1.0 + 1 * -2.0) / 4)
    seq, _ = losses.grpo_loss(logps, logps, adv, mask, aggregation="sequence")
    assert seq.item() == pytest.approx(-(1.0 + -2.0) / 2)
    assert stats["clip_fraction"] == 0 and stats["ratio_mean"] == pytest.approx(1.0)


def test_grpo_clipping_counts_only_tokens_that_the_clip_limits():
    old = torch.zeros(2, 1)
    new = torch.full((2, 1), math.log(1.5))  # ratio 1.5
    adv = torch.tensor([1.0, -1.0])
    loss, stats = losses.grpo_loss(new, old, adv, torch.ones(2, 1), epsilon=0.2)
    # positive advantage: clipped at 1.2 → −1.2; negative: min(−1.5, −1.2) = −1.5 → +1.5
    assert loss.item() == pytest.approx((-1.2 + 1.5) / 2, rel=1e-5)
    assert stats["clip_fraction"] == pytest.approx(0.5)
    _, high = losses.grpo_loss(new, old, adv, torch.ones(2, 1), epsilon=0.2, epsilon_high=0.6)
    assert high["clip_fraction"] == 0


def test_grpo_kl_penalty_adds_beta_times_kl():
    logps = torch.zeros(1, 2)
    ref = torch.full((1, 2), 0.5)
    kl = math.exp(0.5) - 0.5 - 1
    loss, stats = losses.grpo_loss(
        logps, logps, torch.zeros(1), torch.ones(1, 2), ref_logps=ref, beta=0.1
    )
    assert loss.item() == pytest.approx(0.1 * kl, rel=1e-5)
    assert stats["kl"] == pytest.approx(kl, rel=1e-5)


def test_grpo_gradient_pushes_up_positive_advantage_tokens():
    logits = torch.zeros(1, 1, 3, requires_grad=True)
    target = torch.tensor([[1]])
    logps = losses.selective_log_softmax(logits, target)
    loss, _ = losses.grpo_loss(logps, logps.detach(), torch.tensor([1.0]), torch.ones(1, 1))
    loss.backward()
    assert logits.grad[0, 0, 1] < 0  # descending the loss raises the sampled token's logit


def test_chunked_linear_cross_entropy_without_grad_gives_the_same_loss():
    torch.manual_seed(3)
    hidden, weight = torch.randn(2, 6, 4), torch.randn(7, 4)
    labels = torch.randint(0, 7, (2, 6))
    with torch.no_grad():
        got = losses.chunked_linear_cross_entropy(hidden, weight, labels, chunk_size=5)
    assert torch.allclose(got, losses.cross_entropy(hidden @ weight.t(), labels), atol=1e-5)
