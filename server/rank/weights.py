"""The match decision's fitted constants (see ``decision.py``), apart so that settings can
read the default threshold without importing the engine.

Fitted by ``tools/fit_decision.py`` on the CLEF 2021 CheckThat! task 2B train transcripts
(debate sentences against 19,250 PolitiFact claims), with the pairs people judged
(``benchmarks/judged/``) over the data set's links; checked on the dev transcripts.
Figures and the command: benchmarks/README.md.
"""

#: Claims in the collection the models were fitted on (see ``decision.collection_prior``)...
FITTED_COLLECTION = 19_250
#: ...and how strongly a collection's size moves the odds (log-odds per log of the size
#: ratio). It cannot be fitted on one collection. The one small collection with labelled
#: sentences, the demo's 18 claims (../shared/eval cases and the look-alikes of
#: tests/test_demo_matching.py), puts the likelihood's optimum at 0.59; proportional growth
#: (1.0) lets look-alikes through. Half: the odds grow with the square root of the size.
COLLECTION_STRENGTH = 0.5
SCREEN_WEIGHTS = {"cover_sentence": 0.041, "cover_claim": 3.523, "fuzzy": 7.142, "noun": 3.199,
                  "value": -1.19, "agrees": 1.846, "words": 5.1, "similarity": 9.401,
                  "said": 1.848, "content": -0.306, "question": -1.04}
SCREEN_BIAS = -22.705
DECISION_WEIGHTS = {"cover_sentence": 0.15, "cover_claim": 3.107, "fuzzy": 5.351, "noun": 0.704,
                    "value": -0.742, "agrees": 0.847, "words": 5.826, "similarity": -1.147,
                    "said": 0.56, "content": 0.089, "question": -0.636, "meaning": 16.159,
                    "title_meaning": -0.098, "checkworthy": 0.427}
DECISION_BIAS = -22.034
#: Screen probability under which a pair is not worth the transformer (the screen passes
#: 97% of the train pairs the decision highlights).
SCREEN_KEEP = 0.035
#: Probability at which a pair is highlighted: the train sentences above it are 80% right
#: (a pair judged "partly" counting half)...
HIGHLIGHT = 0.264
#: ...and at which it is offered as possibly related (never highlighted): 50% right.
SUGGEST = 0.074
