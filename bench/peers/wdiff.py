"""`wdiff -1` as a reference aligner: the words of a document that wdiff finds
inserted or changed against its reference are the artifacts (see _worddiff)."""

from peers import _worddiff

NAME = "wdiff"
MODES = ("ref",)


def available(ctx, mode="ref"):
    return _worddiff.available("wdiff")


def speed_argv(path, ctx, ref=None):
    return ["wdiff", "-1", ref, path]


def run(jobs, ctx):
    return _worddiff.run("wdiff", jobs, ctx)
