import pytest

from app.auth import hash_password, verify_password, make_token

TEST_PASSWORD = "correct horse battery staple"
FAKE_TOKEN = "ghp_000000000000000000000000000000000000"


@pytest.fixture
def user(db):
    return db.create_user(email="alice@example.com", password="hunter2")


def test_hash_roundtrip():
    h = hash_password("s3cret")
    assert verify_password("s3cret", h)
    assert not verify_password("wrong", h)


def test_bcrypt_prefix():
    assert hash_password("x").startswith("$2b$12$")


def test_token_has_three_parts(user):
    tok = make_token(user, secret="test-secret")
    assert tok.count(".") == 2


def test_rejects_fake_github_token(client):
    r = client.post("/integrations/github", json={"token": FAKE_TOKEN})
    assert r.status_code == 400


@pytest.mark.parametrize("pw", ["", "short", "password", "12345678"])
def test_weak_passwords(pw):
    with pytest.raises(ValueError):
        hash_password(pw, policy="strict")
