"""The validation protocols of the technique model (issue 24): source and period folds, and
the calibration of predicted label counts."""
from __future__ import annotations

import pytest

from presslens.evaluate.semeval import (
    calibration,
    fold_groups,
    paragraph_scores,
    period_folds,
    source_folds,
    source_key,
)
from presslens.techniques.corpus import Article


def _article(article_id: str, title: str, body: str) -> Article:
    return Article(article_id, f"{title}\n\n{body}\n")


def test_a_sign_off_names_the_outlet_whatever_the_typography():
    sign_off = "Article posted with permission from"
    reposted = _article("701939679", "Muslim gets 20 years", f"He said ‘yes’.\n\n{sign_off} Robert Spencer")
    plain = _article("761546223", "homeschooling protects children", f'He said "no".\n\n{sign_off} Ron Paul')
    essay = _article("757700000", "Why it matters", "A long essay.\n\nThe Best of Eric Margolis")
    assert source_key(reposted) == source_key(plain) == "freedomoutpost"
    assert source_key(essay) == "lewrockwell"


def test_an_unsigned_article_is_keyed_by_its_batch_and_typography():
    blog = _article("724095467", "Police Failed To Catalog The Victims", "“Why?” he asked — nobody knew.")
    wire = _article("111111112", "US bloggers banned from entering UK", "The letters said 'no' - twice.")
    assert source_key(blog) == "batch-69x-79x:title-case:curly:em-dash"
    assert source_key(wire) == "batch-111:sentence-case:straight:hyphen"
    # the sign-off is looked for at the end only: a quoted outlet name in the story is no source
    cited = _article("724095468", "Police Failed To Catalog The Victims",
                     "Article posted with permission from nobody, he wrote.\n\n“Why?”\n\nOne.\n\nTwo.\n\nThree.")
    assert source_key(cited) != "freedomoutpost"


def test_source_folds_hold_out_whole_sources():
    outlets = ["Article posted with permission from X", "The Best of Y", "Reuters contributed. Our Standards: "
               "The Thomson Reuters Trust Principles.", "Copyright VDARE", "Beila Rabinowitz, Militant Islam Monitor"]
    articles = [_article(f"7000000{i:02d}", "A title", f"Body {i}.\n\n{outlets[i % 5]}") for i in range(20)]
    articles += [_article(f"7000001{i:02d}", "Another Long Title Here", f"“Body” {i} — more.") for i in range(4)]
    folds = source_folds(articles, 3)
    assert sorted(i for f in folds for i in f) == sorted(a.id for a in articles)
    for article in articles:
        home = [f for f in folds if article.id in f]
        peers = {a.id for a in articles if source_key(a) == source_key(article)}
        assert len(home) == 1 and peers <= home[0]
    with pytest.raises(ValueError, match="cannot make 9 source folds"):
        source_folds(articles, 9)


def test_period_folds_are_runs_of_consecutive_ids():
    articles = [_article(f"7{i:08d}", "T", "B") for i in (5, 1, 9, 3, 7, 2, 8)]
    folds = period_folds(articles, 3)
    ordered = sorted(a.id for a in articles)
    assert [sorted(f) for f in folds] == [ordered[:3], ordered[3:5], ordered[5:]]


def test_unknown_grouping_is_refused():
    with pytest.raises(ValueError, match="unknown fold grouping 'outlet'"):
        fold_groups([], 5, "outlet", 13)


def test_calibration_compares_predicted_and_gold_counts():
    pairs = [({"Loaded_Language"}, {"Loaded_Language", "Doubt"}), ({"Doubt"}, set()), ({"Doubt"}, set()),
             ({"Flag_Waving"}, set())]
    report = paragraph_scores(pairs)["calibration"]
    assert (report["predicted"], report["gold"], report["ratio"]) == (2, 4, 0.5)
    assert report["per_technique"] == {"Loaded_Language": 1.0, "Doubt": 0.5, "Flag_Waving": 0.0}
    # factors off, counts plus one half: 1, 2.5 / 1.5 and 1.5 / 0.5 for the technique never predicted
    assert report["typical_factor_off"] == pytest.approx((2.5 / 1.5 * 3) ** (1 / 3), abs=1e-3)
    assert calibration({}) == {"predicted": 0, "gold": 0, "ratio": 0.0, "typical_factor_off": 1.0, "per_technique": {}}


def test_each_protocol_draws_its_own_folds():
    sign_offs = ["Article posted with permission from X", "The Best of Y", "Copyright VDARE", "No sign-off."]
    articles = [_article(f"7000000{i:02d}", "A title", f"Body {i}.\n\n{sign_offs[i % 4]}") for i in range(12)]
    assert fold_groups(articles, 3, "source", 13) == source_folds(articles, 3)
    assert fold_groups(articles, 3, "period", 13) == period_folds(articles, 3)
    random_folds = fold_groups(articles, 3, "random", 13)
    assert sorted(i for f in random_folds for i in f) == sorted(a.id for a in articles)
    assert random_folds != period_folds(articles, 3)
