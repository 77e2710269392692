"""Starts an mlintern job inside a remote container (HF Jobs) and keeps what it makes.

Run as ``python3 -c <this file> COMMAND...``. In order: unpacks the job bundle (inline in
``MLINTERN_BUNDLE``, or downloaded from ``MLINTERN_BUNDLE_URL`` and checked against
``MLINTERN_BUNDLE_SHA256``) into ``./mlintern/work``; installs ``MLINTERN_DEPENDENCIES`` with uv
(pip when uv is missing); runs COMMAND there with ``MLINTERN_OUTPUT`` and ``MLINTERN_CONFIG`` set;
then, whatever happened, commits the output folder to the Hub repo ``MLINTERN_OUTPUT_REPO`` under
``MLINTERN_OUTPUT_PREFIX`` with the token in ``MLINTERN_HUB_TOKEN``, which the command never
sees (a failed upload is reported and does not change the exit status).
Only the standard library is used, so any image with Python 3.8+ can run it.
"""

import base64
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import urllib.parse
import urllib.request

CHUNK = 1 << 20
SAMPLE = 512
PREUPLOAD_BATCH = 100


def say(message):
    print("mlintern: " + message, flush=True)


class SameHostAuth(urllib.request.HTTPRedirectHandler):
    """Follows redirects, keeping the token only while the host stays the same."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if (
            new is not None
            and urllib.parse.urlsplit(newurl).netloc != urllib.parse.urlsplit(req.full_url).netloc
        ):
            new.remove_header("Authorization")
        return new


OPENER = urllib.request.build_opener(SameHostAuth)


def request(method, url, token=None, body=None, headers=None, timeout=300):
    req = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with OPENER.open(req, timeout=timeout) as response:
        return response.read()


def fetch_bundle(work):
    inline = os.environ.get("MLINTERN_BUNDLE")
    url = os.environ.get("MLINTERN_BUNDLE_URL")
    if inline:
        data = base64.b64decode(inline)
    elif url:
        say("downloading the job bundle from " + url)
        data = request("GET", url, os.environ.get("MLINTERN_HUB_TOKEN"))
        expected = os.environ.get("MLINTERN_BUNDLE_SHA256", "")
        actual = hashlib.sha256(data).hexdigest()
        if expected and actual != expected:
            raise RuntimeError("the job bundle's checksum is %s, expected %s" % (actual, expected))
    else:
        return
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            target = os.path.realpath(os.path.join(work, member.name))
            if not target.startswith(os.path.realpath(work) + os.sep) or not member.isfile():
                raise RuntimeError("the job bundle holds an unsafe entry: " + member.name)
        archive.extractall(work)


def install(dependencies):
    if not dependencies:
        return
    if shutil.which("uv"):
        command = [
            "uv",
            "pip",
            "install",
            "--python",
            sys.executable,
            "--break-system-packages",
        ]
    else:
        command = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-input",
            "--disable-pip-version-check",
        ]
    say("installing " + ", ".join(dependencies))
    code = subprocess.call(command + dependencies)
    if code != 0:
        raise RuntimeError(
            "installing dependencies failed (exit %d): %s" % (code, " ".join(dependencies))
        )


def run(command, work, output):
    if command and command[0] in ("python", "python3"):
        command = [sys.executable] + command[1:]
    env = dict(os.environ)
    for name in ("MLINTERN_BUNDLE", "MLINTERN_DEPENDENCIES", "MLINTERN_HUB_TOKEN"):
        env.pop(name, None)
    env["MLINTERN_OUTPUT"] = output
    config = os.path.join(work, ".mlintern", "config.json")
    if os.path.isfile(config):
        env["MLINTERN_CONFIG"] = config
    child = subprocess.Popen(command, cwd=work, env=env)
    signal.signal(signal.SIGTERM, lambda signum, frame: child.send_signal(signum))
    return child.wait()


def files_under(folder):
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            found.append((os.path.relpath(path, folder).replace(os.sep, "/"), path))
    return found


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def upload_lfs(endpoint, repo, token, path, oid, size):
    batch = {
        "operation": "upload",
        "transfers": ["basic"],
        "hash_algo": "sha256",
        "objects": [{"oid": oid, "size": size}],
    }
    lfs_headers = {
        "Accept": "application/vnd.git-lfs+json",
        "Content-Type": "application/vnd.git-lfs+json",
    }
    answer = json.loads(
        request(
            "POST",
            "%s/%s.git/info/lfs/objects/batch" % (endpoint, repo),
            token,
            json.dumps(batch).encode(),
            lfs_headers,
        )
    )
    entry = answer["objects"][0]
    if "error" in entry:
        raise RuntimeError("LFS refused %s: %s" % (path, entry["error"]))
    actions = entry.get("actions") or {}
    if "upload" in actions:
        upload = actions["upload"]
        with open(path, "rb") as f:
            headers = dict(upload.get("header") or {})
            headers["Content-Length"] = str(size)
            same_host = (
                urllib.parse.urlsplit(upload["href"]).netloc
                == urllib.parse.urlsplit(endpoint).netloc
            )
            request("PUT", upload["href"], token if same_host else None, f, headers, timeout=3600)
    if "verify" in actions:
        verify = actions["verify"]
        headers = dict(verify.get("header") or {})
        headers["Content-Type"] = "application/vnd.git-lfs+json"
        request(
            "POST", verify["href"], token, json.dumps({"oid": oid, "size": size}).encode(), headers
        )


def upload_outputs(output, job_id):
    repo = os.environ.get("MLINTERN_OUTPUT_REPO")
    token = os.environ.get("MLINTERN_HUB_TOKEN")
    if not repo or not token:
        return
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")
    prefix = os.environ.get("MLINTERN_OUTPUT_PREFIX", "outputs/" + job_id)
    files = files_under(output)
    if not files:
        say("no outputs to upload")
        return
    api = "%s/api/models/%s" % (endpoint, repo)
    lines = [{"key": "header", "value": {"summary": "outputs of job " + job_id, "description": ""}}]
    for start in range(0, len(files), PREUPLOAD_BATCH):
        batch = files[start : start + PREUPLOAD_BATCH]
        asked = []
        for rel, path in batch:
            with open(path, "rb") as f:
                sample = f.read(SAMPLE)
            size = os.path.getsize(path)
            asked.append(
                {
                    "path": prefix + "/" + rel,
                    "size": size,
                    "sample": base64.b64encode(sample).decode(),
                }
            )
        modes = json.loads(
            request(
                "POST",
                api + "/preupload/main",
                token,
                json.dumps({"files": asked}).encode(),
                {"Content-Type": "application/json"},
            )
        )
        mode_of = {m["path"]: m for m in modes.get("files", [])}
        for rel, path in batch:
            target = prefix + "/" + rel
            mode = mode_of.get(target, {})
            if mode.get("shouldIgnore"):
                continue
            if mode.get("uploadMode") == "lfs":
                size = os.path.getsize(path)
                oid = sha256_of(path)
                upload_lfs(endpoint, repo, token, path, oid, size)
                lines.append(
                    {
                        "key": "lfsFile",
                        "value": {"path": target, "algo": "sha256", "oid": oid, "size": size},
                    }
                )
            else:
                with open(path, "rb") as f:
                    content = base64.b64encode(f.read()).decode()
                lines.append(
                    {
                        "key": "file",
                        "value": {"path": target, "content": content, "encoding": "base64"},
                    }
                )
    body = "".join(json.dumps(line) + "\n" for line in lines).encode()
    request("POST", api + "/commit/main", token, body, {"Content-Type": "application/x-ndjson"})
    say("outputs uploaded to hf://%s/%s (%d files)" % (repo, prefix, len(files)))


def main():
    base = os.getcwd()
    work = os.path.join(base, "mlintern", "work")
    output = os.path.join(base, "mlintern", "output")
    os.makedirs(work, exist_ok=True)
    os.makedirs(output, exist_ok=True)
    job_id = os.environ.get("MLINTERN_JOB_ID", "job")
    code = 1
    try:
        fetch_bundle(work)
        install(json.loads(os.environ.get("MLINTERN_DEPENDENCIES") or "[]"))
        code = run(sys.argv[1:], work, output)
    except Exception as e:  # noqa: BLE001 - any failure before the command is the job's failure
        say(str(e))
    try:
        upload_outputs(output, job_id)
    except Exception as e:  # noqa: BLE001 - a failed upload must not change the exit status
        say("uploading outputs failed: %s" % e)
    sys.exit(code if code >= 0 else 128 - code)


main()
