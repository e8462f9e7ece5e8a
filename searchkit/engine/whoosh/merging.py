"""Which segments a commit merges: groups of similar-sized segments, and those mostly deleted.

Every commit writes a new segment, and a search pays a setup cost for each one
(about 4–5 ms per segment on a 24,000-article index), so an archive kept up to
date by many small syncs (``--watch``, a cron job) would get slower to search.
Merging everything at each commit would rewrite the whole index every time.
This policy keeps the count logarithmic at a logarithmic cost per article:
segments are grouped in tiers by their live articles (all below ``FLOOR`` in one
tier, then a factor of ``FACTOR`` per tier) and a tier holding ``PER_TIER``
segments is merged into one, which joins the next tier; an article is rewritten
about once per tier. A tier merge that would produce more than ``MAX_MERGED``
articles is left to ``Index.optimize`` so that no ordinary commit stalls for
long (Whoosh merges about 600 articles a second here).

An edited or deleted article is only marked deleted in its segment, whose space
comes back when the segment is rewritten. So, as Lucene's merge policy does
with its allowed share of deletes: a segment whose every article is deleted is
dropped at the next commit without being read, and one with more than
``MAX_DELETED_SHARE`` of its articles deleted is rewritten (whatever its size),
keeping its live articles only. After any commit no segment is more than that
share deleted, so the index holds at most 1 / (1 - MAX_DELETED_SHARE) stored
articles per live one (1.5 with a third).
"""

from __future__ import annotations

import math
from collections import defaultdict

from whoosh.reading import SegmentReader

FLOOR = 256
FACTOR = 4
PER_TIER = 4
MAX_MERGED = 10_000
MAX_DELETED_SHARE = 1 / 3


def tier(documents: int) -> int:
    """0 for segments below FLOOR documents, then one tier per factor of FACTOR."""
    if documents < FLOOR:
        return 0
    return 1 + int(math.log(documents / FLOOR, FACTOR))


def mostly_deleted(segment) -> bool:
    """Whether more than MAX_DELETED_SHARE of the segment's documents are deleted."""
    return segment.deleted_count() > MAX_DELETED_SHARE * segment.doc_count_all()


def merge_tiers(writer, segments) -> list:
    """A Whoosh merge policy (``writer.commit(mergetype=...)``): returns the segments kept as they are.

    The segments it does not return are gone from the new commit: the wholly
    deleted ones dropped, the others' live documents added to the writer's new segment.
    """
    live = [segment for segment in segments if segment.doc_count() > 0]
    merging = [segment for segment in live if mostly_deleted(segment)]
    tiers: dict[int, list] = defaultdict(list)
    for segment in live:
        if segment not in merging:
            tiers[tier(segment.doc_count())].append(segment)
    for group in tiers.values():
        if len(group) >= PER_TIER and sum(s.doc_count() for s in group) <= MAX_MERGED:
            merging.extend(group)
    for segment in merging:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in live if segment not in merging]
