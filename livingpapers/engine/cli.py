"""Command line: ``python -m livingpapers build | run | bench | export-standin | contract-docs``.

- ``build``: execute every chapter (cached, parallel) and build ``_build/html``.
- ``run SLUG -p KEY VALUE ...``: re-execute one chapter with other parameters.
- ``bench``: time a cold build, a no-op rebuild and rebuilds after edits (medians of several runs).
- ``export-standin SLUG DIR``: write a chapter's stand-in in the real-data format (``data/raw/<slug>/``).
- ``contract-docs``: regenerate the column tables of every ``data/raw/<slug>/README.md`` from the contracts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from livingpapers.engine.registry import ParameterError, RegistryError


def parse_overrides(pairs: list[list[str]] | None) -> dict:
    """``-p seed 7 -p data_mode real`` -> {"seed": 7, "data_mode": "real"} (values read as YAML)."""
    return {key: yaml.safe_load(value) for key, value in (pairs or [])}


def data_files(args) -> int:
    """``export-standin`` and ``contract-docs``."""
    from livingpapers.engine import datafiles

    try:
        if args.command == "export-standin":
            for path in datafiles.export_standin(args.slug, args.directory, args.seed):
                print(path)
        else:
            changed = datafiles.update_readmes()
            print(f"updated: {', '.join(changed)}" if changed else "every data/raw README is up to date")
    except (datafiles.ExportError, RegistryError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m livingpapers", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="execute the chapters and build the book")
    b.add_argument("--profile", choices=["full", "fast"], default="full")
    b.add_argument("--jobs", type=int, default=None, help="parallel chapters (default: number of cores)")
    b.add_argument("--force", action="store_true", help="re-execute every chapter, ignoring the cache")
    b.add_argument("--keep-going", action="store_true", help="build the book even if a chapter fails")
    b.add_argument("--no-book", action="store_true", help="execute chapters only; skip jupyter-book")
    r = sub.add_parser("run", help="re-execute one chapter with other parameters")
    r.add_argument("slug")
    r.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("KEY", "VALUE"))
    r.add_argument("--profile", choices=["full", "fast"], default="full")
    m = sub.add_parser("bench", help="benchmark the build (medians of several runs)")
    m.add_argument("--runs", type=int, default=3)
    m.add_argument("--profile", choices=["full", "fast"], default="full")
    e = sub.add_parser("export-standin", help="write a chapter's stand-in in the real-data format")
    e.add_argument("slug")
    e.add_argument("directory", type=Path)
    e.add_argument("--seed", type=int, default=None, help="stand-in seed (default: the chapter's)")
    sub.add_parser("contract-docs", help="regenerate data/raw/<slug>/README.md tables from the contracts")
    args = parser.parse_args(argv)

    from livingpapers.engine import build as builder

    try:
        if args.command == "build":
            report = builder.build(args.profile, args.jobs, args.force, args.keep_going, book=not args.no_book)
            hits = sum(c["cache"] == "hit" for c in report["chapters"].values())
            print(f"{len(report['chapters'])} chapters ok ({hits} from cache)")
            if "index" in report:
                print(f"Book: {report['index']}")
        elif args.command == "run":
            outcome = builder.run_chapter(args.slug, parse_overrides(args.parameter), args.profile)
            print(f"{args.slug}: ok in {outcome.wall_seconds:.1f} s -> book/chapters/{args.slug}.ipynb")
        elif args.command in ("export-standin", "contract-docs"):
            return data_files(args)
        else:
            from livingpapers.engine.bench import run_benchmarks

            run_benchmarks(args.runs, args.profile)
    except (builder.BuildError, ParameterError, RegistryError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
