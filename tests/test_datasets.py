"""The seeded datasets: the same points every run, one-hot targets."""

import numpy as np
import pytest

from bpcourse.datasets import one_hot, spiral, two_classes


def test_one_hot_puts_a_single_one_in_the_label_column():
    assert one_hot(np.array([2, 0, 1]), 3).tolist() == [
        [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]


def test_one_hot_rejects_a_label_outside_the_classes():
    with pytest.raises(ValueError, match="labels from 0 to 1"):
        one_hot(np.array([0, 2]), 2)


def test_two_classes_is_seeded_with_one_hot_targets():
    x, t = two_classes(n=60, seed=3)
    x2, t2 = two_classes(n=60, seed=3)
    assert x.shape == (60, 2) and t.shape == (60, 2)
    assert np.array_equal(x, x2) and np.array_equal(t, t2)
    assert np.all(t.sum(axis=1) == 1.0) and t.sum(axis=0).tolist() == [30.0, 30.0]
    assert not np.array_equal(x, two_classes(n=60, seed=4)[0])


def test_two_classes_puts_a_disc_inside_a_ring():
    x, t = two_classes()
    r = np.linalg.norm(x, axis=1)
    assert r[t[:, 0] == 1].max() < 1.0 and r[t[:, 1] == 1].min() > 1.5


def test_spiral_is_seeded_with_one_hot_targets():
    x, t = spiral(n_per_class=50, classes=4, seed=1)
    assert x.shape == (200, 2) and t.shape == (200, 4)
    assert np.array_equal(x, spiral(n_per_class=50, classes=4, seed=1)[0])
    assert np.all(t.sum(axis=1) == 1.0) and t.sum(axis=0).tolist() == [50.0] * 4
