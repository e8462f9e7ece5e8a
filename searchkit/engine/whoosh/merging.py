"""Which segments a commit merges: groups of similar-sized segments, never the big ones.

Every commit writes a new segment, and a search pays a setup cost for each one
(about 4–5 ms per segment on a 24,000-article index), so an archive kept up to
date by many small syncs (``--watch``, a cron job) would get slower to search.
Merging everything at each commit would rewrite the whole index every time.
This policy keeps the count logarithmic at a logarithmic cost per article:
segments are grouped in tiers by size (all below ``FLOOR`` documents in one
tier, then a factor of ``FACTOR`` per tier) and a tier holding ``PER_TIER``
segments is merged into one, which joins the next tier; an article is rewritten
about once per tier. A merge that would produce more than ``MAX_MERGED``
documents is left to ``Index.optimize`` so that no ordinary commit stalls
for long (Whoosh merges about 600 articles a second here).
"""

from __future__ import annotations

import math
from collections import defaultdict

from whoosh.reading import SegmentReader

FLOOR = 256
FACTOR = 4
PER_TIER = 4
MAX_MERGED = 10_000


def tier(documents: int) -> int:
    """0 for segments below FLOOR documents, then one tier per factor of FACTOR."""
    if documents < FLOOR:
        return 0
    return 1 + int(math.log(documents / FLOOR, FACTOR))


def merge_tiers(writer, segments) -> list:
    """A Whoosh merge policy (``writer.commit(mergetype=...)``): returns the segments kept as they are."""
    tiers: dict[int, list] = defaultdict(list)
    for segment in segments:
        tiers[tier(segment.doc_count_all())].append(segment)
    merging = []
    for group in tiers.values():
        if len(group) >= PER_TIER and sum(s.doc_count_all() for s in group) <= MAX_MERGED:
            merging.extend(group)
    for segment in merging:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in merging]
