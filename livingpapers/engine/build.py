"""Execute the chapters (papermill, in parallel, cached) and build the book (Jupyter Book).

``python -m livingpapers build`` runs, for every registered chapter:
Jupytext source -> papermill with the chapter's parameters -> ``book/chapters/<slug>.ipynb``.
A chapter whose cache key (see :mod:`livingpapers.engine.cache`) matches the key recorded in its
executed notebook is not re-executed. A chapter's tables and figures are written to a
staging folder and moved into place only when the chapter succeeds. A failing chapter gives
one message naming the chapter, the cell and the error; its page in the book then says that
it failed, without a traceback. Finally ``jupyter-book build`` runs with execution off and
warnings as errors, after the reproducibility report, the claims dashboard and the generated parts of
the Methods page are written. The book builds incrementally into the existing ``_build/html``:
Sphinx re-reads and re-renders only the pages whose sources changed, and the site extension
(:mod:`livingpapers.engine.site`) removes what no longer belongs (pages, downloads and outputs of
chapters that were removed or no longer produce them). Build products of a chapter no longer in
``chapters.yml`` are removed before the book is built. A failed book build forgets Sphinx's
environment, so the next build reads every page again and reports the same warnings.

A build or run holds a lock on the checkout (``_build/.livingpapers.lock``), so two of them
never write the same files; the second is refused with the first one's process id. Staging
left by a killed process is removed when the next one starts. SIGTERM and SIGINT (Ctrl-C)
stop the worker processes and their kernels, remove staging, and keep the last good outputs.
A cache hit is verified: the outputs folder and the notebook must hash to the values stamped
when the chapter was executed.
"""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from tqdm import tqdm

from livingpapers.engine import cache
from livingpapers.engine.methods_page import write_methods_page
from livingpapers.engine.readers import prepare_for_readers
from livingpapers.engine.registry import Chapter, load_registry, write_toc
from livingpapers.toolkit.claims import SUMMARY_KEY, empty_summary
from livingpapers.toolkit.paths import project_root
from livingpapers.toolkit.render import fence_for, literal_block, markdown_text, write_text_atomic

CELL_TIMEOUT_SECONDS = 1800
EMPTY_CLAIMS = empty_summary()


class BuildError(RuntimeError):
    """The build failed; the message says which chapter, which cell and what error."""


class Interrupted(BaseException):
    """SIGTERM or SIGINT arrived; ``str()`` is the signal's name."""


@dataclass
class ChapterOutcome:
    """What happened to one chapter in one build; one entry of ``report.json``."""

    slug: str
    status: str
    wall_seconds: float
    cache: str
    data_mode: str
    parameters: dict
    inputs: dict
    claims: dict = field(default_factory=lambda: dict(EMPTY_CLAIMS))
    error: str | None = None


def executed_path(slug: str, root: Path) -> Path:
    return root / "book" / "chapters" / f"{slug}.ipynb"


def outputs_path(slug: str, root: Path) -> Path:
    return root / "book" / "_static" / "outputs" / slug


def read_executed(path: Path):
    """The executed notebook at ``path``, or None if it is missing or unreadable."""
    if not path.is_file():
        return None
    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return None


def stamp_of(path: Path) -> dict:
    """The build stamp recorded in an executed notebook's metadata (empty if none)."""
    nb = read_executed(path)
    return nb.metadata.get("livingpapers", {}) if nb is not None else {}


def serves_what_was_built(nb, outputs: Path) -> bool:
    """True if the notebook and the outputs folder are those the stamp was made for (nothing edited, added or lost)."""
    stamp = nb.metadata.get("livingpapers", {})
    return (
        stamp.get("outputs_sha256") is not None
        and stamp.get("outputs_sha256") == cache.tree_digest(outputs)
        and stamp.get("notebook_sha256") == cache.notebook_digest(nb)
    )


def claims_summary(nb) -> dict:
    """The claims summary the ledger emitted into the notebook's outputs."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {})
            if SUMMARY_KEY in meta:
                return dict(meta[SUMMARY_KEY])
    return dict(EMPTY_CLAIMS)


def describe_failure(slug: str, err: Exception) -> str:
    """One line naming chapter, cell and error (no traceback)."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(err, PapermillExecutionError):
        first = next((line for line in err.source.splitlines() if line.strip()), "")
        return (
            f"chapter {slug!r} failed in cell {err.cell_index} (execution count {err.exec_count}, "
            f"starting {first.strip()[:60]!r}): {err.ename}: {err.evalue}"
        )
    return f"chapter {slug!r} failed before or outside its cells: {type(err).__name__}: {err}"


def hide_injected_parameters(nb) -> None:
    """Papermill's injected-parameters cell must not show in the HTML."""
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")


def failure_notebook(chapter: Chapter, message: str, stamp: dict):
    """The page shown for a chapter that failed: what failed, without a traceback."""
    block = literal_block(message)  # the message quotes data values: shown verbatim, never parsed
    fence = fence_for(block, minimum=4)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            f"# {markdown_text(chapter.title)}\n\n{fence}{{error}}\nThis chapter failed to execute in this build.\n\n"
            f"{block}\n{fence}\n\nRerun it with `python -m livingpapers run {chapter.slug}` to see the full error."
        )
    ]
    nb.metadata["livingpapers"] = stamp
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def write_notebook_atomic(nb, path: Path) -> None:
    write_text_atomic(nbformat.writes(nb), path)


def swap_outputs(staging: Path, target: Path) -> None:
    """Replace the published outputs folder with the staging one in two renames."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    if old.exists():
        shutil.rmtree(old)


# --------------------------------------------------------------------------- one build at a time
def lock_path(root: Path) -> Path:
    return root / "_build" / ".livingpapers.lock"


@contextlib.contextmanager
def project_lock(root: Path):
    """Hold the checkout's build lock (released by the kernel even if this process is killed)."""
    path = lock_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise BuildError(
                f"another build is running (pid {holder}) on this checkout ({root}); "
                "wait for it to finish or stop it, then try again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing releases the lock


STAGING_PLACES = ("book/chapters", "book/_static/outputs", "book/generated")


def remove_stale_staging(root: Path) -> list[Path]:
    """Remove what an interrupted build left: staging folders and half-written files (hidden names).

    Only called while holding the lock, so nothing hidden in these build-product folders can
    belong to a running build. Also removes the atomic writers' temporary files in ``_build``
    and the checkout's root (``_toc.yml``).
    """
    stale = []
    for place in STAGING_PLACES:
        folder = root / place
        if folder.is_dir():
            stale += [p for p in folder.iterdir() if p.name.startswith(".")]
    for folder in (root / "_build", root):
        if folder.is_dir():
            stale += [p for p in folder.glob(".*.tmp") if p.is_file()]
    for path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return stale


# --------------------------------------------------------------------------- signals
def _raise_interrupted(signum, _frame):
    raise Interrupted(signal.Signals(signum).name)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def interrupts_as_exceptions():
    """SIGTERM and SIGINT raise :class:`Interrupted` in the main thread, so cleanup code runs."""
    if not _in_main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _raise_interrupted) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def signals_ignored():
    """Ignore SIGTERM and SIGINT while cleaning up after one (a second signal must not cut the cleanup)."""
    if not _in_main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def stop_descendants(timeout: float = 3.0) -> int:
    """Stop every process this one started (workers, kernels, their children); return how many.

    The whole tree is frozen first (SIGSTOP), so no worker starts a new kernel and no kernel is
    orphaned out of reach, then terminated (SIGTERM), and killed if still alive after ``timeout``
    (multiprocessing's resource tracker ignores SIGTERM).
    """
    import psutil

    me, frozen = psutil.Process(), {}
    while fresh := [p for p in me.children(recursive=True) if p.pid not in frozen]:
        for process in fresh:
            frozen[process.pid] = process
            with contextlib.suppress(psutil.Error):
                process.suspend()
    for process in frozen.values():
        with contextlib.suppress(psutil.Error):
            process.terminate()
            process.resume()
    _, alive = psutil.wait_procs(list(frozen.values()), timeout=timeout)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    return len(frozen)


@contextlib.contextmanager
def exclusive(root: Path):
    """Hold the lock, clear stale staging, and on SIGTERM/SIGINT stop all workers and clear staging again."""
    with project_lock(root):
        remove_stale_staging(root)
        try:
            yield
        except (Interrupted, KeyboardInterrupt):
            with signals_ignored():
                stop_descendants()
                remove_stale_staging(root)
            raise


def ignore_sigint() -> None:
    """Worker initialiser: Ctrl-C reaches the whole terminal process group; only the parent handles it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def stderr_to(log: Path):
    """Send this process's (and its kernel's) stderr to ``log`` for the duration.

    The kernel inherits file descriptor 2; its start-up and shutdown chatter belongs in the
    chapter's log (``_build/logs/<slug>.log``), not in the build's console output.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log, "w", encoding="utf-8") as handle:
        os.dup2(handle.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


@contextlib.contextmanager
def environment(values: dict[str, str]):
    """Set environment variables for the kernel papermill starts, and restore them afterwards.

    The kernel inherits this process's environment (papermill offers no other way to pass
    it one); restoring it means an in-process build leaves ``os.environ`` as it found it.
    """
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_papermill(chapter: Chapter, parameters: dict, root: Path, staging: Path, output: Path):
    """Execute the chapter's source with papermill; outputs go to ``staging``."""
    import jupytext
    import papermill

    source = jupytext.read(root / chapter.notebook)
    source.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source_ipynb = output.with_suffix(".source.ipynb")
    nbformat.write(source, source_ipynb)
    kernel_env = {
        "LIVINGPAPERS_ROOT": str(root),
        "LIVINGPAPERS_OUTPUT_DIR": str(staging),
        "PYTHONHASHSEED": "0",
        "MPLBACKEND": "Agg",
    }
    with environment(kernel_env), stderr_to(root / "_build" / "logs" / f"{chapter.slug}.log"):
        papermill.execute_notebook(
            str(source_ipynb),
            str(output),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(root / chapter.notebook.parent),
            execution_timeout=CELL_TIMEOUT_SECONDS,
        )
    return nbformat.read(output, as_version=4)


def execute_chapter(
    chapter: Chapter, parameters: dict, root: Path, force: bool = False, failure_page: bool = True
) -> ChapterOutcome:
    """Execute one chapter unless its cache is valid; never leaves half-written files behind.

    On failure the executed notebook becomes a failure page (for the book) if ``failure_page``;
    otherwise the last good executed notebook and outputs stay as they were.
    """
    started = time.perf_counter()
    key = cache.cache_key(chapter, parameters, root)
    target = executed_path(chapter.slug, root)
    outcome = ChapterOutcome(
        chapter.slug,
        "ok",
        0.0,
        "hit",
        parameters.get("data_mode", "standin"),
        parameters,
        cache.inputs_for_report(chapter, parameters, root),
    )
    executed = read_executed(target)
    stamp = executed.metadata.get("livingpapers", {}) if executed is not None else {}
    if (
        not force
        and stamp.get("cache_key") == key
        and stamp.get("status") == "ok"
        and serves_what_was_built(executed, outputs_path(chapter.slug, root))
    ):
        outcome.claims = stamp.get("claims", dict(EMPTY_CLAIMS))
        outcome.wall_seconds = time.perf_counter() - started
        return outcome
    outcome.cache = "miss"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{chapter.slug}.", dir=target.parent) as work:
        staging = Path(work) / "outputs"
        staging.mkdir()
        try:
            nb = run_papermill(chapter, parameters, root, staging, Path(work) / f"{chapter.slug}.ipynb")
        except Exception as err:
            outcome.status, outcome.error = "failed", describe_failure(chapter.slug, err)
            if failure_page:
                stamp = {"cache_key": None, "status": "failed", "parameters": parameters, "error": outcome.error}
                write_notebook_atomic(failure_notebook(chapter, outcome.error, stamp), target)
        else:
            hide_injected_parameters(nb)
            prepare_for_readers(nb, chapter.slug, chapter.title, chapter.notebook.as_posix(), root)
            outcome.claims = claims_summary(nb)
            nb.metadata["livingpapers"] = {
                "cache_key": key,
                "status": "ok",
                "parameters": parameters,
                "claims": outcome.claims,
                "outputs_sha256": cache.tree_digest(staging),
                "notebook_sha256": cache.notebook_digest(nb),
            }
            swap_outputs(staging, outputs_path(chapter.slug, root))
            write_notebook_atomic(nb, target)
    outcome.wall_seconds = round(time.perf_counter() - started, 3)
    return outcome


def execute_all(plan: list[tuple[Chapter, dict]], root: Path, jobs: int, force: bool) -> list[ChapterOutcome]:
    """Execute chapters in parallel worker processes, with a progress bar."""
    if jobs <= 1 or len(plan) <= 1:
        return [execute_chapter(c, p, root, force) for c, p in tqdm(plan, desc="chapters", unit="chapter")]
    context = multiprocessing.get_context("spawn")
    outcomes = {}
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=ignore_sigint)
    try:
        futures = {pool.submit(execute_chapter, c, p, root, force): c.slug for c, p in plan}
        for future in tqdm(as_completed(futures), total=len(futures), desc="chapters", unit="chapter"):
            outcomes[futures[future]] = future.result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # the caller stops the workers (see exclusive)
        raise
    pool.shutdown()
    return [outcomes[c.slug] for c, _ in plan]


def sphinx_environment(root: Path) -> Path:
    return root / "_build" / ".doctrees" / "environment.pickle"


def build_book(root: Path) -> Path:
    """Run ``jupyter-book build`` incrementally into ``_build/html`` (execution off, warnings as errors); return index.html.

    Sphinx keeps its environment and doctrees (``_build/.doctrees``), so unchanged pages are neither
    read nor written again; the site extension removes what no longer belongs in ``_build/html``.
    If the build fails, the environment is dropped: Sphinx would otherwise take the pages it read
    as up to date, and the next build would pass without reporting their warnings again.
    """
    executable = Path(sys.executable).with_name("jupyter-book")
    command = [str(executable), "build", str(root), "--warningiserror", "--keep-going", "--quiet"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        sphinx_environment(root).unlink(missing_ok=True)
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-25:])
        raise BuildError(f"jupyter-book build failed:\n{tail}")
    return root / "_build" / "html" / "index.html"


def remove_unregistered_products(root: Path, registry: dict) -> list[Path]:
    """Remove the executed notebooks and outputs of chapters no longer in ``chapters.yml``; return them.

    They are build products; left in place, a removed chapter's outputs would still be copied into the site.
    """
    notebooks = (root / "book" / "chapters").glob("*.ipynb")
    outputs = (root / "book" / "_static" / "outputs").glob("*")
    removed = [p for p in notebooks if p.stem not in registry and not p.name.startswith(".")]
    removed += [p for p in outputs if p.is_dir() and p.name not in registry and not p.name.startswith(".")]
    for path in removed:
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return removed


def build(
    profile: str = "full",
    jobs: int | None = None,
    force: bool = False,
    keep_going: bool = False,
    book: bool = True,
    root: Path | None = None,
) -> dict:
    """Execute every chapter, write the report, build the HTML.

    Raises :class:`BuildError` naming every failed chapter, its cell and its error, after the
    other chapters were executed (with ``keep_going`` the book is built first, failures shown).
    """
    from livingpapers.engine.report import make_report, write_report

    root = Path(root or project_root()).resolve()
    registry = load_registry(root)
    plan = [(c, c.profile_parameters(profile)) for c in registry.values()]
    with exclusive(root):
        outcomes = execute_all(plan, root, jobs or os.cpu_count() or 1, force)
        failures = [o.error for o in outcomes if o.status == "failed"]
        report = make_report(root, registry, {o.slug: asdict(o) for o in outcomes}, profile)
        write_report(report, root)
        keep_history(report, plan, outcomes, root)
        write_methods_page(root)
        if failures and not keep_going:
            raise BuildError("\n".join(failures))
        if book:
            remove_unregistered_products(root, registry)
            write_toc(root)
            report["index"] = str(build_book(root))
            weigh_pages(report, root)
    if failures:
        raise BuildError("\n".join(failures))
    return report


def weigh_pages(report: dict, root: Path) -> None:
    """Add each page's weight to ``report.json``; fail naming every page heavier than the limit and its heaviest files."""
    from livingpapers.engine.report import write_report_json
    from livingpapers.engine.weight import MAX_PAGE_BYTES, page_weights, weight_problems, weights_for_report

    weights = page_weights(root / "_build" / "html")
    report["pages"] = weights_for_report(weights)
    write_report_json(report, root)
    problems = weight_problems(weights)
    if problems:
        raise BuildError(f"pages heavier than {MAX_PAGE_BYTES / 1e6:.1f} MB transferred:\n" + "\n".join(problems))


def keep_history(report: dict, plan: list[tuple[Chapter, dict]], outcomes: list[ChapterOutcome], root: Path) -> None:
    """Snapshot this build under ``_build/history/`` and write the What changed fragment."""
    from livingpapers.engine.history import record_history

    inputs = {c.slug: cache.dependencies(c, p, root) for c, p in plan}
    ledgers = {o.slug: outputs_path(o.slug, root) / "claims_ledger.csv" for o in outcomes if o.status == "ok"}
    record_history(report, inputs, ledgers, root)


def run_chapter(
    slug: str, overrides: dict | None = None, profile: str = "full", root: Path | None = None
) -> ChapterOutcome:
    """Execute one chapter with other parameters (always re-executes); no report, no book."""
    root = Path(root or project_root()).resolve()
    registry = load_registry(root)
    if slug not in registry:
        raise BuildError(f"unknown chapter {slug!r}; registered: {', '.join(registry)}")
    chapter = registry[slug]
    parameters = chapter.profile_parameters(profile, overrides)
    with exclusive(root):
        outcome = execute_chapter(chapter, parameters, root, force=True, failure_page=False)
    if outcome.status == "failed":
        raise BuildError(outcome.error)
    return outcome
