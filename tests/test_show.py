"""Formatting numbers for the notebooks."""

import numpy as np

import bpcourse as bp


def test_fmt_rounds_a_number_to_four_decimals():
    assert bp.fmt(6.0) == "6.0000" and bp.fmt(np.float64(1 / 3)) == "0.3333"


def test_fmt_prints_negative_zero_as_zero():
    assert bp.fmt(-0.0) == "0.0000"


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
