"""Input the schema calls invalid is refused with 400, not ignored or coerced."""

import pytest

from crew.models import Person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "/scenes/?omitted=null",
        "/scenes/?omitted=",
        "/scenes/?element=1.5",
        "/scenes/?int_ext=",
        "/scenes/?omitted=true&omitted=false",
        "/crew/?key_contact=null",
        "/elements/?category=",
        "/auditions/?date=",
        "/auditions/?role=1.5",
    ],
)
def test_a_list_filter_of_the_wrong_type_is_refused(producer, query):
    response = client_for(producer).get(f"/api/v1/productions/long-night{query}")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]


def test_the_scripts_format_filter_is_a_filter_not_a_renderer(producer):
    response = client_for(producer).get("/api/v1/productions/long-night/scripts/?format=fdx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("field,value", [("manager_phone", 0), ("phone_private", 0)])
def test_a_person_field_of_the_wrong_type_is_refused(producer, field, value):
    body = {"name": "Strict", field: value}
    response = client_for(producer).post("/api/v1/people/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Person.objects.filter(name="Strict").exists()
