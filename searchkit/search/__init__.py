"""Search semantics that do not depend on an engine: the options a search may ask for."""
