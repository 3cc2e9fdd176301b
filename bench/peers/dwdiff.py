"""`dwdiff -1` as a reference aligner: the words of a document that dwdiff finds
inserted or changed against its reference are the artifacts (see _worddiff)."""

from peers import _worddiff

NAME = "dwdiff"
MODES = ("ref",)


def available(ctx, mode="ref"):
    return _worddiff.available("dwdiff")


def speed_argv(path, ctx, ref=None):
    return ["dwdiff", "-1", ref, path]


def run(jobs, ctx):
    return _worddiff.run("dwdiff", jobs, ctx)
