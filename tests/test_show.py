"""Formatting numbers for the notebooks."""

import numpy as np
import pytest

import bpcourse as bp


def test_fmt_rounds_a_number_to_four_decimals():
    assert bp.fmt(6.0) == "6.0000" and bp.fmt(np.float64(1 / 3)) == "0.3333"


def test_fmt_prints_negative_zero_as_zero():
    assert bp.fmt(-0.0) == "0.0000"


def test_fmt_prints_a_tiny_negative_that_rounds_to_zero_without_its_sign():
    # -0.25 + 0.15 + 0.1 is 0 in exact arithmetic and -1.4e-17 or +2.8e-17 in floats
    assert bp.fmt(-1.4e-17) == bp.fmt(2.8e-17) == "0.0000"
    assert bp.fmt(-1e-20, ".1f") == "0.0" and bp.fmt(-0.00004, 4) == "0.0000"
    assert bp.fmt(-0.00005, 4) == "-0.0001" and bp.fmt(-3e-5, ".1e") == "-3.0e-05"


def test_fmt_prints_arrays_and_matrices_as_nested_lists():
    assert bp.fmt([1, -2.5], 1) == "[1.0, -2.5]"
    assert bp.fmt(np.eye(2), 0) == "[[1, 0], [0, 1]]"


def test_fmt_takes_a_format_spec():
    assert bp.fmt(0.000123, ".1e") == "1.2e-04"


def test_table_aligns_columns_and_formats_numbers():
    text = bp.table([("w[0,0]", 0.5, 1e-9), ("b", -1.25, 0.0)], ["name", "value", "error"],
                    digits=[None, 2, ".1e"])
    assert text.splitlines() == [
        "  name  value    error",
        "------  -----  -------",
        "w[0,0]   0.50  1.0e-09",
        "     b  -1.25  0.0e+00",
    ]


def test_fmt_error_prints_an_error_above_the_rounding_floor_with_two_digits():
    assert bp.fmt_error(0.0283) == "2.8e-02" and bp.fmt_error(1e-8) == "1.0e-08"


def test_fmt_error_prints_only_a_bound_below_the_rounding_floor():
    assert bp.fmt_error(5.9e-10) == "< 1e-8" and bp.fmt_error(0.0) == "< 1e-8"


def test_fmt_error_prints_the_same_for_any_two_errors_below_the_floor():
    assert {bp.fmt_error(e) for e in (8.3e-12, 2.8e-10, 9.9e-9)} == {"< 1e-8"}


def test_fmt_error_takes_another_floor():
    assert bp.fmt_error(2.2e-8, floor=1e-7) == "< 1e-7"
    assert bp.fmt_error(2.2e-8, floor=5e-7) == "< 5e-7"


def test_fmt_error_refuses_what_is_not_a_relative_error():
    for bad in (-1e-3, float("nan"), "1e-9"):
        with pytest.raises(ValueError, match="expected a relative error"):
            bp.fmt_error(bad)


def test_table_formats_a_column_with_a_function():
    text = bp.table([("w", 2.8e-2), ("u", 1.3e-10)], ["name", "error"], [None, bp.fmt_error])
    assert text.splitlines()[2:] == ["   w  2.8e-02", "   u   < 1e-8"]
