"""Detectors compared by the benchmark, one module per peer, one signature.

Every module defines
    NAME       short name used in tables
    MODES      ("intrinsic",) and/or ("ref",)
    available(ctx, mode) -> None when usable, else a one-line reason it is skipped
    run(jobs, ctx) -> {file: result}
where jobs is a list of (file, ref) pairs (ref is None in intrinsic mode,
the path of the reference document in ref mode), ctx a dict of settings
("unspun": binary, "fingerprints": TSV, "jobs": worker count, "tmp": dir),
and each result is
    {"score": float (higher = more likely spun),
     "flag": bool (the detector's own default verdict),
     "artifacts": [(start, end), ...] (byte offsets into the file),
     "error": None or a message}.
"""

import os

ALL = ("unspun", "pps_grep", "hunspell", "wdiff", "dwdiff")


def load(name):
    import importlib
    return importlib.import_module(f"peers.{name}")


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def ok(score, flag, artifacts):
    return {"score": float(score), "flag": bool(flag), "artifacts": list(artifacts),
            "error": None}


def failed(msg):
    return {"score": 0.0, "flag": False, "artifacts": [], "error": msg}


def nproc():
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
