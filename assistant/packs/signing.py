"""The installation's Ed25519 key pair (``cryptography``): made once, private key 0600.

The private key signs exported packs; the public key travels inside each pack and its
fingerprint (SHA-256 of the raw public key) is shown, so a receiving municipality can check it
with the sender by phone or mail before it trusts a pack.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from assistant.core.private_files import FILE_MODE, private_dir, write_private
from assistant.packs.errors import PackError

ALGORITHM = "Ed25519"
KEY_FOLDER = "sleutels"
PRIVATE_KEY_FILE = "pakket-ed25519.pem"


def fingerprint(public_key: bytes) -> str:
    """SHA-256 of the raw public key, as 16 groups of four hex digits."""
    digest = hashlib.sha256(public_key).hexdigest()
    return " ".join(digest[i:i + 4] for i in range(0, 64, 4))


@dataclass(frozen=True)
class SigningKey:
    """A private key with its raw public key."""

    private: Ed25519PrivateKey

    @property
    def public_bytes(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_bytes).decode("ascii")

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_bytes)

    def sign(self, data: bytes) -> str:
        return base64.b64encode(self.private.sign(data)).decode("ascii")


def key_path(data_dir: Path) -> Path:
    return data_dir / KEY_FOLDER / PRIVATE_KEY_FILE


def load_or_create_key(data_dir: Path) -> tuple[SigningKey, bool]:
    """The installation's key (created on first use, 0600); True when it was just made."""
    path = key_path(data_dir)
    if path.is_file():
        if path.stat().st_mode & 0o077:
            os.chmod(path, FILE_MODE)
        try:
            loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError) as exc:
            raise PackError(f"De pakketsleutel in {path} is onleesbaar of beschadigd.") from exc
        if not isinstance(loaded, Ed25519PrivateKey):
            raise PackError(f"De pakketsleutel in {path} is geen Ed25519-sleutel.")
        return SigningKey(loaded), False
    private_dir(path.parent)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    write_private(path, pem)
    return SigningKey(key), True


def verify(public_b64: str, signature_b64: str, data: bytes) -> bool:
    """Whether ``signature_b64`` is a valid Ed25519 signature of ``data`` by ``public_b64``."""
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))
        public.verify(base64.b64decode(signature_b64, validate=True), data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def public_bytes(public_b64: str) -> bytes:
    """The raw public key from its base64 form (empty when it is not valid base64)."""
    try:
        return base64.b64decode(public_b64, validate=True)
    except (ValueError, TypeError):
        return b""
