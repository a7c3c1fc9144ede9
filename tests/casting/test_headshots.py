"""Headshots as uploads: PNG, JPEG or WebP by their bytes, under a limit, stored privately under
random names, and streamed only to those who may see the candidate."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from casting import services
from casting.models import Headshot
from core.exceptions import ApplicationError
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def image_bytes(fmt: str, size=(40, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 80)).save(out, format=fmt)
    return out.getvalue()


def _api_url(candidate) -> str:
    return (
        f"/api/v1/productions/long-night/roles/{candidate.role_id}/candidates/"
        f"{candidate.pk}/headshots/"
    )


def test_the_office_uploads_a_headshot_and_the_board_shows_it(
    candidate, casting_member, director, settings
):
    response = client_for(casting_member).post(
        _api_url(candidate),
        {"file": SimpleUploadedFile("../June.png", image_bytes("PNG"), "image/png")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["content_type"], data["width"], data["height"]) == ("image/png", 40, 60)
    photo = Headshot.objects.get()
    assert photo.file.name.startswith("casting/headshots/") and photo.file.name.endswith(".png")
    assert "June" not in photo.file.name
    assert (settings.MEDIA_ROOT / "private" / photo.file.name).exists()
    page = Client()
    page.force_login(director)
    board = page.get(f"/productions/long-night/casting/roles/{candidate.role_id}/")
    assert f'src="{data["url"]}"' in board.content.decode()
    listed = client_for(director).get(
        f"/api/v1/productions/long-night/roles/{candidate.role_id}/candidates/"
    )
    assert listed.json()["results"][0]["photos"][0]["url"] == data["url"]


def test_a_headshot_is_served_only_to_those_who_may_see_the_candidate(
    candidate, casting_member, director, crew_member, outsider
):
    photo = services.headshot_upload(
        candidate=candidate, upload=SimpleUploadedFile("h.jpg", image_bytes("JPEG"))
    )
    url = f"/productions/long-night/casting/headshots/{photo.pk}/"
    statuses = {}
    users = {
        "casting": casting_member, "director": director, "crew": crew_member,
        "outsider": outsider, "anonymous": None,
    }  # fmt: skip
    for name, user in users.items():
        client = Client()
        if user:
            client.force_login(user)
        statuses[name] = client.get(url).status_code
    assert statuses == {
        "casting": 200, "director": 200, "crew": 403, "outsider": 404, "anonymous": 302,
    }  # fmt: skip
    client = Client()
    client.force_login(director)
    response = client.get(url)
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == image_bytes("JPEG")
    # Crew cannot upload either.
    upload = {"file": SimpleUploadedFile("h.png", image_bytes("PNG"))}
    response = client_for(crew_member).post(_api_url(candidate), upload, format="multipart")
    assert response.status_code == 403


def test_the_type_comes_from_the_bytes(candidate):
    photo = services.headshot_upload(
        candidate=candidate, upload=SimpleUploadedFile("photo.png", image_bytes("WEBP"))
    )
    assert photo.content_type == "image/webp" and photo.file.name.endswith(".webp")


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("h.png", b"<script>alert(1)</script>", "must be a PNG, JPEG or WebP image"),
        ("h.gif", image_bytes("GIF"), "must be a PNG, JPEG or WebP image"),
        ("h.png", image_bytes("PNG")[:60], "must be a PNG, JPEG or WebP image"),
        ("h.png", b"", "The submitted file is empty"),
    ],
)
def test_anything_but_a_whole_image_is_refused_in_words(
    candidate, casting_member, name, content, words, settings
):
    response = client_for(casting_member).post(
        _api_url(candidate), {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )
    assert response.status_code == 400
    assert words in response.json()["message"] or words in str(response.json())
    assert not Headshot.objects.exists()
    assert not list((settings.MEDIA_ROOT / "private").rglob("*.*"))


def test_an_oversize_headshot_is_refused(candidate, settings):
    settings.STUDIO_HEADSHOT_MAX_BYTES = 100
    with pytest.raises(ApplicationError, match="larger than the limit"):
        services.headshot_upload(
            candidate=candidate, upload=SimpleUploadedFile("h.png", image_bytes("PNG"))
        )
    assert not Headshot.objects.exists()


def test_the_add_form_takes_a_headshot(role, casting_member):
    from tests.factories import PersonFactory

    person = PersonFactory(name="Kit Lowe", created_by=casting_member)
    page = Client()
    page.force_login(casting_member)
    response = page.post(
        f"/productions/long-night/casting/roles/{role.pk}/add/",
        {
            "person": person.pk,
            "source": "casting_pick",
            "headshot": SimpleUploadedFile("kit.jpg", image_bytes("JPEG")),
        },
    )
    assert response.status_code == 302
    assert Headshot.objects.get().candidate.person == person
    bad = page.post(
        f"/productions/long-night/casting/roles/{role.pk}/add/",
        {
            "person": PersonFactory(name="Bo", created_by=casting_member).pk,
            "source": "casting_pick",
            "headshot": SimpleUploadedFile("bo.jpg", b"not an image"),
        },
    )
    assert bad.status_code == 200 and "must be a PNG, JPEG or WebP" in bad.content.decode()
    assert Headshot.objects.count() == 1
    assert not role.candidates.filter(person__name="Bo").exists()  # nothing half-added


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_headshot_uploaded_on_a_phone_shows_on_the_board(
    browser, live_server, candidate, casting_member, screenshots, tmp_path
):
    from tests.conftest import has_horizontal_scroll, serious_accessibility_violations, sign_in

    photo = tmp_path / "june.jpg"
    photo.write_bytes(image_bytes("JPEG", size=(120, 160)))
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "casting1", "pw-for-tests-1")
        page.goto(f"{live_server.url}/productions/long-night/casting/roles/{candidate.role_id}/")
        page.get_by_label("Add a headshot of June Park").set_input_files(str(photo))
        page.locator(".headshot-form").get_by_role("button", name="Upload").click()
        page.wait_for_load_state("networkidle")
        assert "Headshot of June Park added." in page.locator(".messages").inner_text()
        image = page.get_by_alt_text("Headshot of June Park")
        # Loaded through the view that checks access: a real image, not a broken one.
        assert image.evaluate("img => img.complete && img.naturalWidth") == 120
        assert not has_horizontal_scroll(page)
        assert serious_accessibility_violations(page) == []
        page.screenshot(path=screenshots / "board-headshot-phone.png", full_page=True)
    finally:
        context.close()
