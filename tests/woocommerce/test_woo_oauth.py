"""The shared OAuth 1.0a check agrees with the official client's signer (store-apis.md §2.1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from woocommerce.oauth import OAuth

from harness.platforms.http.oauth1 import OAuth1Error, OAuth1Verifier, rawurlencode, sign, signature_base_string

URL = "http://127.0.0.1:8080/wp-json/wc/v3/products"
SECRET = "cs_secret"

# what query values look like in practice: words, numbers, dates, emails, accents, commas, spaces
values = st.text(alphabet=st.characters(blacklist_characters="/", blacklist_categories=("Cs", "Cc")), max_size=12)
keys = st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True)


def client_signature(method: str, params: dict[str, str]) -> str:
    oauth = OAuth(URL, "ck_key", SECRET, version="wc/v3", method=method)
    return str(oauth.generate_oauth_signature(dict(params), URL))


@given(st.dictionaries(keys, values, max_size=6), st.sampled_from(["GET", "POST", "PUT", "DELETE"]))
def test_the_server_check_reproduces_the_python_clients_signature(params: dict[str, str], method: str) -> None:
    params = {
        **params,
        "oauth_consumer_key": "ck_key",
        "oauth_timestamp": "1700000000",
        "oauth_nonce": "abc",
        "oauth_signature_method": "HMAC-SHA256",
    }
    assert sign(method, URL, params, SECRET) == client_signature(method, params)


def test_a_slash_in_a_value_breaks_the_python_clients_signature_as_on_a_real_site() -> None:
    """PHP rawurlencodes "/" twice; the Python client leaves it bare, so the plugin rejects such requests."""
    params = {"search": "a/b", "oauth_consumer_key": "ck_key"}
    assert sign("GET", URL, params, SECRET) != client_signature("GET", params)


def test_php_rawurlencode_and_the_base_string() -> None:
    assert rawurlencode("a b/é~") == "a%20b%2F%C3%A9~"
    base = signature_base_string("get", "http://h/p", {"b": "2", "a": "x y"})
    assert base == "GET&http%3A%2F%2Fh%2Fp&a%3Dx%2520y%26b%3D2"


def test_the_verifier_checks_key_signature_window_and_nonce() -> None:
    now = [1_700_000_000.0]
    verifier = OAuth1Verifier({"ck_key": SECRET}, now=lambda: now[0])
    params = {
        "oauth_consumer_key": "ck_key",
        "oauth_timestamp": "1700000000",
        "oauth_nonce": "n1",
        "oauth_signature_method": "HMAC-SHA1",
        "page": "2",
    }
    signed = {**params, "oauth_signature": sign("GET", URL, params, SECRET, "HMAC-SHA1")}
    assert verifier.verify("GET", URL, signed) == "ck_key"
    with pytest.raises(OAuth1Error, match="nonce has already been used"):
        verifier.verify("GET", URL, signed)
    with pytest.raises(OAuth1Error, match="does not match"):
        verifier.verify("GET", URL, {**signed, "page": "3"})
    with pytest.raises(OAuth1Error, match="Consumer key is invalid"):
        verifier.verify("GET", URL, {**signed, "oauth_consumer_key": "ck_other"})
    later = {**params, "oauth_nonce": "n2"}
    now[0] += 16 * 60
    with pytest.raises(OAuth1Error, match="Invalid timestamp"):
        verifier.verify("GET", URL, {**later, "oauth_signature": sign("GET", URL, later, SECRET, "HMAC-SHA1")})
    with pytest.raises(OAuth1Error) as missing:
        verifier.verify("GET", URL, {"oauth_consumer_key": "ck_key"})
    assert missing.value.code == "woocommerce_rest_authentication_missing_parameter"
