"""llmkit: the pieces the LLM post-training recipes share.

Pure modules (import with torch alone, unit-tested on the CPU machines' torch 1.13):
protocol, config, losses, rewards, packing, flops, speed, loop, data, preflight, diagnose, evalmath, runner.
``hf`` holds the transformers/peft glue and imports those libraries only when called.
"""
