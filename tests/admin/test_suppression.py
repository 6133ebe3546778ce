"""Small counts: hidden as "fewer than 10", with secondary suppression so no total gives one away."""

from __future__ import annotations

import random

from survey_app.exports.suppression import PRIMARY, SECONDARY, SHOWN, protect


def states(protected) -> list[str]:
    return [cell.state for cell in protected.cells]


def possible_values_of_a_small_cell(protected) -> set[int]:
    """What a reader could work out for one small count, knowing everything on the page and the rules."""
    hidden = protected.total.value - sum(c.value for c in protected.cells if c.shown)
    small = sum(c.state == PRIMARY for c in protected.cells)
    secondary = sum(c.state == SECONDARY for c in protected.cells)
    possible = set()
    for value in range(1, 10):
        rest = hidden - value
        at_least = (small - 1) + 10 * secondary
        at_most = 9 * (small - 1) if secondary == 0 else rest
        if at_least <= rest <= at_most:
            possible.add(value)
    return possible


def test_counts_from_one_to_nine_are_hidden_and_zero_is_shown():
    protected = protect([("a", 0), ("b", 9), ("c", 10), ("d", 40)], partition=False)
    assert states(protected) == [SHOWN, PRIMARY, SHOWN, SHOWN]


def test_one_small_count_hides_another_so_the_total_does_not_give_it_away():
    protected = protect([("a", 50), ("b", 3), ("c", 25)])
    assert states(protected) == [SHOWN, PRIMARY, SECONDARY]
    assert protected.total.shown


def test_when_no_other_count_can_be_hidden_the_total_is_hidden():
    protected = protect([("a", 12), ("b", 3)])
    assert states(protected) == [SECONDARY, PRIMARY]
    assert not protected.total.shown


def test_a_total_under_ten_hides_everything():
    protected = protect([("a", 0), ("b", 7)])
    assert states(protected) == [PRIMARY, PRIMARY] and protected.total.state == PRIMARY


def test_no_small_count_can_be_narrowed_down_in_many_random_tables():
    rng = random.Random(4)
    for _ in range(2000):
        rows = [
            (str(n), rng.choice([0, rng.randint(1, 9), rng.randint(10, 40)]))
            for n in range(rng.randint(2, 7))
        ]
        protected = protect(rows)
        if protected.total.shown and PRIMARY in states(protected):
            assert possible_values_of_a_small_cell(protected) == set(range(1, 10)), rows
