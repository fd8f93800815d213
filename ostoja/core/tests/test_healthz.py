from django.test import Client


def test_healthz_answers_ok_without_login_or_database(client: Client) -> None:
    # No `db` fixture: any database access would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_is_get_only(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
