"""The match decision's fitted constants (see ``decision.py``), apart so that settings can
read the default threshold without importing the engine.

Fitted by ``tools/fit_decision.py`` on the CLEF 2021 CheckThat! task 2B train transcripts
(debate sentences against 19,250 PolitiFact claims) the transformer was not tuned on (half
of them, ``fit_decision.tuning_debates``), with the pairs people judged
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
SCREEN_WEIGHTS = {"cover_sentence": -0.513, "cover_claim": 3.273, "fuzzy": 6.802, "noun": 2.336,
                  "value": -0.777, "agrees": 1.614, "words": 5.445, "similarity": 9.778,
                  "said": 2.317, "content": -0.656, "question": -0.57}
SCREEN_BIAS = -22.647
DECISION_WEIGHTS = {"cover_sentence": -0.782, "cover_claim": 3.013, "fuzzy": 4.544, "noun": 0.518,
                    "value": -0.2, "agrees": 0.416, "words": 5.743, "similarity": -0.52,
                    "said": 1.132, "content": -0.236, "question": -0.274, "meaning": 17.866,
                    "title_meaning": 0.499, "checkworthy": 0.357}
DECISION_BIAS = -23.176
#: Screen probability under which a pair is not worth the transformer (the screen passes
#: 97% of the train pairs the decision highlights).
SCREEN_KEEP = 0.0494
#: Probability at which a pair is highlighted: the train sentences above it are 85% right
#: (a pair judged "partly" counting half)...
HIGHLIGHT = 0.345
#: ...and at which it is offered as possibly related (never highlighted): 50% right.
SUGGEST = 0.070
#: A claim without a title is weighed as a titled one of the fitted collection would be: a
#: title adds to the words a sentence may restate, so a sentence covers less of a titled
#: claim (``cover_claim`` of the text and title, about this share of the cover of the text
#: alone)...
UNTITLED_COVER = 0.638
#: ...and the transformer's cosine with a title is, on average, this function of that with
#: the claim's text (intercept, slope), where an untitled claim's would be the text's own.
#: Both fitted on the train pairs the decision gives at least 0.01, for fact checks that
#: quote no title (``decision.untitled``; ``tools/fit_decision.py`` prints them).
UNTITLED_MEANING = (0.160, 0.588)
