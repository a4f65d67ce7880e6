"""The file cache the workers of one machine share when there is no Redis (settings.CACHES).

Django's ``FileBasedCache`` lists its whole folder before every ``set`` to decide whether to cull,
and culls by deleting a random third of the entries. Both hurt a site whose page cache holds
thousands of pages: a write costs 3 ms at 2,000 entries and 12 ms at 5,000, and a cull may delete
the site-wide content version (portal/caching.py), which starts a new version and so empties the
whole cache at once (every page, every drug's aggregates) under full load.

Here the folder is listed once every ``CULL_EVERY`` writes of a process (the cache may overshoot
its size by that many entries per worker), and a cull never deletes the entries a site must keep:
the content version.
"""

from __future__ import annotations

import random

from django.core.cache.backends.filebased import FileBasedCache

from portal.caching import VERSION_KEY

CULL_EVERY = 100


class FolderCache(FileBasedCache):
    # Keys (as given to the cache) a cull never removes.
    keep = (VERSION_KEY,)

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes_since_cull_check = CULL_EVERY  # the first write of a process checks

    def _cull(self):
        self._writes_since_cull_check += 1
        if self._writes_since_cull_check < CULL_EVERY:
            return
        self._writes_since_cull_check = 0
        files = self._list_cache_files()
        if len(files) < self._max_entries:
            return
        kept = {self._key_to_file(key) for key in self.keep}
        candidates = [name for name in files if name not in kept]
        if self._cull_frequency == 0:
            doomed = candidates
        else:
            doomed = random.sample(candidates, min(len(candidates), len(files) // self._cull_frequency))
        for name in doomed:
            self._delete(name)
