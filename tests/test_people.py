"""purgelib.people: names found by any alias, case, accent or transliteration."""

from __future__ import annotations

import pandas as pd
import pytest

import purgelib
from purgelib.people import PeopleIndex, find_people, fold_name, person_ids_matching, person_names

# The spellings the readings and the scholarship actually use for the same person.
VARIANTS = [
    ("Ezhov", "Yezhov", "ezhov"),
    ("Tukhachevskii", "Tukhachevsky", "tukhachevsky"),
    ("Riutin", "Ryutin", "riutin"),
    ("Khrushchev", "Kruschev", "khrushchev"),
    ("Iagoda", "Yagoda", "yagoda"),
    ("Piatakov", "Pyatakov", "piatakov"),
]


def make_people(with_aliases: bool = False) -> pd.DataFrame:
    """A few people written in Library of Congress style, as people.csv writes them."""
    rows = [
        ("ezhov", "Nikolai Ivanovich Ezhov", ["Yezhov"]),
        ("tukhachevsky", "Mikhail Nikolaevich Tukhachevskii", ["Tukhachevsky"]),
        ("riutin", "Martemian Nikitich Riutin", ["Ryutin"]),
        ("khrushchev", "Nikita Sergeevich Khrushchev", ["Kruschev"]),
        ("yagoda", "Genrikh Grigorevich Iagoda", ["Yagoda"]),
        ("piatakov", "Georgii Leonidovich Piatakov", ["Pyatakov"]),
        ("zinoviev", "Grigorii Evseevich Zinoviev", ["Apfelbaum"]),
        ("bliukher", "Vasilii Konstantinovich Bliukher", ["Blücher"]),
        ("kirov", "Sergei Mironovich Kirov", []),
        ("kork", "Avgust Ivanovich Kork", []),
        ("smirnov-ivan", "Ivan Nikitich Smirnov", []),
        ("smirnov-aleksandr", "Aleksandr Petrovich Smirnov", []),
    ]
    return pd.DataFrame(
        {
            "person_id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "aliases": pd.Series([r[2] if with_aliases else [] for r in rows], dtype=object),
        }
    )


@pytest.mark.parametrize("first, second, person_id", VARIANTS)
def test_transliteration_variants_fold_to_the_same_text(first, second, person_id):
    assert fold_name(first) == fold_name(second)


@pytest.mark.parametrize("first, second, person_id", VARIANTS)
def test_folding_alone_finds_every_variant_when_no_alias_lists_it(first, second, person_id):
    people = make_people(with_aliases=False)
    for spelling in (first, second, first.upper(), second.lower()):
        assert person_ids_matching(spelling, people) == {person_id}, spelling


@pytest.mark.parametrize("first, second, person_id", VARIANTS)
def test_the_course_people_table_finds_both_spellings(first, second, person_id):
    people = purgelib.load("people")
    for spelling in (first, second):
        assert person_ids_matching(spelling, people) == {person_id}, spelling


def test_folding_rules_one_by_one():
    assert fold_name("Ежов") == fold_name("Ezhov")  # Cyrillic, LoC romanisation
    assert fold_name("Тухачевский") == fold_name("Tukhachevsky")
    assert fold_name("Zinov'ev") == fold_name("Zinoviev") == fold_name("Zinovyev")  # soft sign before a vowel
    assert fold_name("Andreyev") == fold_name("Andreev")  # "ye" after a vowel
    assert fold_name("Grigorii") == fold_name("Grigory") == fold_name("Grigoriy")  # -ii / -y / -iy
    assert fold_name("Alexander") == fold_name("Aleksander")
    assert fold_name("  Blücher,  Vasily ") == "blucher vasili"


def test_folding_keeps_different_names_apart():
    people = make_people()
    assert person_ids_matching("Kirov", people) == {"kirov"}
    assert person_ids_matching("Kork", people) == {"kork"}
    assert person_ids_matching("Ezhov", people) == {"ezhov"}
    assert fold_name("Yakir") != fold_name("Iagoda")


def test_aliases_accents_and_case():
    people = make_people(with_aliases=True)
    assert person_ids_matching("BLUCHER", people) == {"bliukher"}
    assert person_ids_matching("blücher", people) == {"bliukher"}
    assert person_ids_matching("apfelbaum", people) == {"zinoviev"}


def test_every_word_must_match_and_ids_are_searched_too():
    people = make_people()
    assert person_ids_matching("Smirnov", people) == {"smirnov-ivan", "smirnov-aleksandr"}
    assert person_ids_matching("Ivan Smirnov", people) == {"smirnov-ivan"}
    assert person_ids_matching("Nikolai Yezhov", people) == {"ezhov"}
    assert person_ids_matching("smirnov-aleksandr", people) == {"smirnov-aleksandr"}


def test_find_people_ranks_listed_spellings_before_folded_ones_and_says_what_matched():
    people = pd.DataFrame(
        {
            "person_id": ["egorov", "yegorov-other"],
            "name": ["Aleksandr Ilich Egorov", "Ivan Yegorov"],
            "aliases": pd.Series([["Yegorov"], []], dtype=object),
        }
    )
    found = find_people("Yegorov", people)
    # Both are found (one by alias, one by name); whole-word matches come first, then by name.
    assert found["person_id"].tolist() == ["egorov", "yegorov-other"]
    assert found["matched"].tolist() == ["Yegorov", "Ivan Yegorov"]
    assert list(found.columns) == ["person_id", "name", "aliases", "matched"]
    folded_only = find_people("Jegorov Ivan", people)
    assert folded_only.empty  # German "J" is left to the aliases, by design
    partial = find_people("yegor", people)
    assert partial["person_id"].tolist() == ["egorov", "yegorov-other"]


def test_find_people_on_course_data_returns_rows_of_people_csv():
    found = find_people("Yezhov")
    assert found.loc[0, "person_id"] == "ezhov"
    assert found.loc[0, "matched"] == "Yezhov"
    assert set(purgelib.load("people").columns) <= set(found.columns)


def test_empty_query_finds_nobody_and_bad_input_is_explained():
    people = make_people()
    assert find_people("", people).empty
    assert find_people("   ", people).empty
    assert person_ids_matching("zzzz", people) == set()
    with pytest.raises(TypeError, match="query must be text"):
        find_people(42, people)
    with pytest.raises(TypeError, match="query must be text"):
        person_ids_matching(None, people)
    with pytest.raises(ValueError, match="missing the column\\(s\\) aliases"):
        find_people("Ezhov", people.drop(columns="aliases"))
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        PeopleIndex(["ezhov"])


def test_an_index_is_reused_and_gives_the_same_answers():
    people = make_people(with_aliases=True)
    index = PeopleIndex(people)
    assert index.ids_matching("Yezhov") == person_ids_matching("Yezhov", people) == {"ezhov"}
    assert find_people("Yezhov", index)["person_id"].tolist() == ["ezhov"]
    # Asked again (as a search box does when another control changes), same answer.
    assert index.ids_matching("Yezhov") == {"ezhov"}


def test_aliases_may_be_semicolon_text_from_a_learner_frame():
    people = make_people().assign(aliases=["Yezhov;Ejov"] + [None] * 11)
    assert person_ids_matching("Ejov", people) == {"ezhov"}


def test_person_names_keeps_unknown_ids():
    assert person_names(["kirov", "nobody"], make_people()) == ["Sergei Mironovich Kirov", "nobody"]
