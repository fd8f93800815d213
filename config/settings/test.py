"""Settings for the test suite: fast hashing, a database per run, no lockout noise."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_FAILURE_LIMIT = 3
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file in memory-backed storage, not ":memory:": an in-memory database is one connection
    # that the live server's thread shares with the test's, so a browser test reading the
    # database while the server answers a request breaks the server's transaction. With a file
    # each thread has its own connection, as in production.
    _memory = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108  (a private dir in it)
    _test_dir = tempfile.mkdtemp(prefix="ostoja-test-db-", dir=_memory)
    DATABASES["default"]["TEST"] = {"NAME": str(Path(_test_dir) / "ostoja.sqlite3")}  # noqa: F405
    # Django removes the database file at the end; the journal files of WAL mode go with the dir.
    atexit.register(shutil.rmtree, _test_dir, ignore_errors=True)
# The tests need no collectstatic: plain storage (production uses the hashed manifest).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Files the tests upload go to a directory of their own, removed at the end of the run.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ostoja-test-files-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# Tasks run at once, in the test's own thread and transaction.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
