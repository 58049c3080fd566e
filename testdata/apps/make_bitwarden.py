#!/usr/bin/env python3
"""Makes the synthetic Bitwarden password-protected exports in this folder.

Written from Bitwarden's own export code, independently of otpmigrate's Go
code, so that the Go reader is checked against a second implementation:
bitwarden/clients libs/tools/export/vault-export/vault-export-core/src/
services/base-vault-export.service.ts (buildPasswordExport),
libs/common/src/key-management/crypto/key-generation/
default-key-generation.service.ts (stretchKey: HKDF-Expand "enc"/"mac"),
bitwarden/sdk-internal crates/bitwarden-crypto/src/keys/kdf.rs (Argon2id
salt = SHA-256 of the salt text; memory in MiB).
Needs python3-cryptography >= 44 (Argon2id). Run from this folder.
"""
import base64, hashlib, hmac, json, os, uuid
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

PLAIN = {"encrypted": False, "folders": [], "items": [
    {"id": str(uuid.uuid4()), "organizationId": None, "folderId": None, "type": 1, "reprompt": 0,
     "name": "Deno", "notes": None, "favorite": False,
     "login": {"uris": [], "username": "Mason", "password": None,
               "totp": "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno&algorithm=SHA1&digits=6&period=30"},
     "collectionIds": None},
    {"id": str(uuid.uuid4()), "organizationId": None, "folderId": None, "type": 1, "reprompt": 0,
     "name": "SPDX", "notes": None, "favorite": False,
     "login": {"uris": [], "username": "James", "password": None,
               "totp": "otpauth://totp/SPDX:James?secret=5OM4WOOGPLQEF6UGN3CPEOOLWU&issuer=SPDX&algorithm=SHA256&digits=7&period=20"},
     "collectionIds": None},
    {"id": str(uuid.uuid4()), "organizationId": None, "folderId": None, "type": 1, "reprompt": 0,
     "name": "Boeing", "notes": None, "favorite": False,
     "login": {"uris": [], "username": "Sophia", "password": None, "totp": "steam://JRZCL47CMXVOQMNPZR2F7J4RGI"},
     "collectionIds": None},
]}


def stretch(master):
    enc = HKDFExpand(hashes.SHA256(), 32, b"enc").derive(master)
    mac = HKDFExpand(hashes.SHA256(), 32, b"mac").derive(master)
    return enc, mac


def encstring(enc, mac, plain):
    iv = os.urandom(16)
    p = padding.PKCS7(128).padder()
    data = p.update(plain) + p.finalize()
    e = Cipher(algorithms.AES(enc), modes.CBC(iv)).encryptor()
    ct = e.update(data) + e.finalize()
    tag = hmac.new(mac, iv + ct, hashlib.sha256).digest()
    b = lambda x: base64.b64encode(x).decode()
    return "2." + b(iv) + "|" + b(ct) + "|" + b(tag)


def make(path, password, kdf):
    salt = base64.b64encode(os.urandom(16)).decode()
    doc = {"encrypted": True, "passwordProtected": True, "salt": salt, "kdfType": kdf["type"],
           "kdfIterations": kdf["iterations"]}
    if kdf["type"] == 0:
        master = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), kdf["iterations"], 32)
    else:
        doc["kdfMemory"], doc["kdfParallelism"] = kdf["memory"], kdf["parallelism"]
        master = Argon2id(salt=hashlib.sha256(salt.encode()).digest(), length=32, iterations=kdf["iterations"],
                          lanes=kdf["parallelism"], memory_cost=kdf["memory"] * 1024).derive(password.encode())
    enc, mac = stretch(master)
    doc["encKeyValidation_DO_NOT_EDIT"] = encstring(enc, mac, str(uuid.uuid4()).encode())
    doc["data"] = encstring(enc, mac, json.dumps(PLAIN, indent=2).encode())
    with open(path, "w") as f:
        f.write(json.dumps(doc, indent=2) + "\n")


make("bitwarden_protected_pbkdf2.json", "test", {"type": 0, "iterations": 600000})
make("bitwarden_protected_argon2id.json", "test", {"type": 1, "iterations": 3, "memory": 64, "parallelism": 4})
