"""The model reads the diagnosis in one small structured call; what its quotes do not back is dropped."""

from __future__ import annotations

from assistant.diagnosis import Diagnosis, Goal, ProblemReading
from assistant.llm.chain import PlanChain
from assistant.llm.diagnose import read_diagnosis
from tests.helpers import make_profile

CHALLENGE = "Stores and e-commerce fight over who gets credit for a sale, and marketing never shares its plans."
GOAL = "raise repeat purchases from 20% to 26% by March"


def test_the_model_reading_keeps_only_what_the_clients_words_back(fake_openai, llm_settings):
    fake_openai.queue(
        {
            "problems": [
                {"key": "attribution", "quote": "fight over who gets credit for a sale"},
                {"key": "no_shared_data", "quote": "the CRM is a mess"},  # not in the text
                {"key": "made_up", "quote": "marketing never shares its plans"},  # not in the catalogue
            ],
            "involved": ["marketing", "the board"],
            "goal": {
                "quote": "repeat purchases from 20% to 26%",
                "metric": "repeat purchases",
                "baseline": 20,
                "target": 30,
                "unit": "%",
            },
        }
    )
    profile = make_profile(challenge=CHALLENGE, quarterly_goal=GOAL, team_size=8)
    diagnosis = read_diagnosis(PlanChain(llm_settings), profile)
    assert diagnosis == Diagnosis(
        problems=[ProblemReading(key="attribution", confidence=0.9, evidence="fight over who gets credit for a sale")],
        involved=["marketing"],
        goal=Goal(text="repeat purchases from 20% to 26%", metric="repeat purchases", baseline=20, unit="%"),
        reader="model",
    )


def test_the_diagnose_request_is_small_and_carries_the_catalogue(fake_openai, llm_settings):
    read_diagnosis(PlanChain(llm_settings), make_profile(challenge=CHALLENGE))
    [body] = fake_openai.chat_requests()
    assert (body["max_tokens"], body["response_format"]["json_schema"]["name"]) == (600, "ModelReading")
