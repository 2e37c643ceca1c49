from __future__ import annotations

import re

import pytest

from nettool.extract import numbers as n


@pytest.mark.parametrize("surface,value", [("3,412", 3412), ("11.5", 11.5), ("11\u00b75", 11.5), (".064", 0.064), ("0.9", 0.9)])
def test_parse_num(surface, value):
    assert n.parse_num(surface) == value


@pytest.mark.parametrize("words,value", [
    ("Sixty-six", 66), ("nineteen", 19), ("One hundred and forty-two", 142), ("ten", 10), ("seventy four", 74),
])
def test_word_to_int(words, value):
    assert n.word_to_int(words) == value


@pytest.mark.parametrize("text,value", [
    ("p = 0.002", 0.002), ("P=.064", 0.064), ("p<0.001", 0.001), ("P < 0.00001", 1e-05), ("log-rank P < .001", 0.001),
    ("P = 1.2 x 10-5", 1.2e-05), ("p > 0.05", None),
])
def test_p_values(text, value):
    m = n.P_VALUE.search(text)
    assert m is not None
    got = n.p_value_of(m)
    assert (got is None and value is None) or abs(got - value) < 1e-12


@pytest.mark.parametrize("surface,bound", [
    ("≥", ">="), (">=", ">="), ("at least", ">="), ("more than", ">"), ("<", "<"), ("less than", "<"), ("≤", "<="), (None, "="),
])
def test_bounds(surface, bound):
    assert n.bound_of(surface) == bound


def test_not_significant():
    assert n.NS.search("(NS)") and not n.NS.search("NSAID")


def test_fractions():
    assert n.fraction_value("two-thirds") == 67 and n.fraction_value("three-quarters") == 75
    assert re.fullmatch(n.FRACTION, "three-quarters")
