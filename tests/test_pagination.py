"""Every API list pages by number and refuses a page that is not one, in the error shape."""

import pytest

from tests.conftest import client_for


@pytest.mark.parametrize("page", ["", "abc", "0", "-1", "1.5"])
def test_a_page_that_is_not_a_whole_number_from_1_is_refused_in_words(owner, page):
    response = client_for(owner).get("/api/v1/productions/", {"page": page})

    assert response.status_code == 400
    assert response.json()["errors"] == {"page": ["A page is a whole number from 1."]}


def test_the_first_page_lists_and_a_page_past_the_last_is_not_found(owner):
    client = client_for(owner)

    first = client.get("/api/v1/productions/", {"page": "1"})
    past = client.get("/api/v1/productions/", {"page": "9"})

    assert first.status_code == 200
    assert [row["slug"] for row in first.json()["results"]] == ["long-night"]
    assert past.status_code == 404
    assert "message" in past.json()
