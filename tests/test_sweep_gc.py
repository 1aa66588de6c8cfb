"""A sweep pauses the garbage collector only while it runs, even when it fails."""

from __future__ import annotations

import pytest

from tests.factories import vn


def test_a_sweep_pauses_the_garbage_collector_only_while_it_runs_even_when_it_fails(seeded):
    import gc

    from tests.factories import cfg
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import gc_paused, prepare

    assert gc.isenabled()
    prepare(seeded, vn(2025, 10, 7), cfg(), Delivery())
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
