"""The entry point every recipe shares: arguments, config, the metrics logger, the final result,
the smoke marker and the mapping of failures to exit codes (0 ok, 1 failed, 2 usage/config)."""

import json
import os
import sys
import traceback

from . import config as configs
from . import preflight, protocol


def main(recipe, description, train, argv=None, stream=None):
    """Parses ``argv``, resolves the config and calls ``train(config, logger) -> (metrics, artifacts)``."""
    parser = configs.build_parser(recipe, description)
    args = parser.parse_args(argv)
    out = stream if stream is not None else sys.stdout
    if args.print_defaults:
        out.write(json.dumps(configs.DEFAULTS[recipe], indent=2, sort_keys=True) + "\n")
        return 0
    try:
        config = configs.resolve(recipe, args)
    except (OSError, ValueError) as exc:
        sys.stderr.write("%s: %s\n" % (recipe, exc))
        return 2
    problems = configs.validate(recipe, config)
    if args.dry_run:
        out.write(
            json.dumps(
                {"config": configs.public(config), "problems": problems}, indent=2, sort_keys=True
            )
            + "\n"
        )
        return 2 if problems else 0
    logger = protocol.MetricsLogger(config["output_dir"], stream=out, enabled=_is_main_process())
    if problems:
        for p in problems:
            sys.stderr.write("%s: %s\n" % (recipe, p))
        logger.result("error", error={"kind": "config", "message": "; ".join(problems)})
        logger.close()
        return 2
    try:
        with open(os.path.join(config["output_dir"], "config.json"), "w", encoding="utf-8") as f:
            json.dump(configs.public(config), f, indent=2, sort_keys=True)
        metrics, artifacts = train(config, logger)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a result the agent can read
        traceback.print_exc(file=sys.stderr)
        kind = protocol.error_kind(exc)
        if config.get("smoke"):
            preflight.write_smoke_marker(config, recipe, 0, status="error", error=str(exc)[:500])
        logger.result("error", error={"kind": kind, "message": str(exc)[:2000]})
        logger.close()
        return 1
    if config.get("smoke"):
        preflight.write_smoke_marker(config, recipe, metrics.get("steps", 0))
    logger.result("ok", metrics=metrics, artifacts=_relative(artifacts, config["output_dir"]))
    logger.close()
    return 0


def _relative(artifacts, root):
    return {
        k: os.path.relpath(v, root) if os.path.isabs(v) or os.path.exists(v) else v
        for k, v in (artifacts or {}).items()
    }


def _is_main_process():
    return os.environ.get("RANK", "0") == "0" and os.environ.get("LOCAL_RANK", "0") == "0"
