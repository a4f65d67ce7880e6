"""Literature views: record and commentary pages (``pages``), publication search and exports (``search``)."""
