from fastapi import FastAPI, Request
from starlette.testclient import TestClient

from musiccorp.chassis.conditional import cacheable, etag_of


def _app(body: bytes) -> TestClient:
    app = FastAPI()

    @app.get("/doc")
    async def doc(request: Request):
        return cacheable(request, body, media_type="application/json", max_age=30)

    return TestClient(app)


def test_representation_carries_etag_and_cache_control():
    """A cacheable answer has a strong ETag and a max-age."""
    response = _app(b'{"a":1}').get("/doc")
    assert response.headers["etag"] == etag_of(b'{"a":1}')
    assert response.headers["cache-control"] == "public, max-age=30, stale-if-error=300"


def test_current_etag_gets_304_without_a_body():
    """If-None-Match with the current ETag answers 304 and no body."""
    client = _app(b'{"a":1}')
    etag = client.get("/doc").headers["etag"]
    response = client.get("/doc", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag


def test_old_etag_gets_the_new_representation():
    """A changed representation has a new ETag, so an old one gets 200."""
    response = _app(b'{"a":2}').get("/doc", headers={"If-None-Match": etag_of(b'{"a":1}')})
    assert response.status_code == 200
    assert response.json() == {"a": 2}
