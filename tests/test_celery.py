import time

import pytest
from django.core import mail

from kern.tasks import mail_zustellen
from masterplan.celery import app


def test_broker_is_embedded_filesystem_without_redis_url(settings):
    if settings.REDIS_URL:
        assert app.conf.broker_url == settings.REDIS_URL
    else:
        assert app.conf.broker_url == "filesystem://"
        assert app.conf.broker_transport_options["data_folder_in"].endswith("queue")


def test_mail_task_sends_text_and_html(celery_eager):
    mail_zustellen.delay(["a@example.org"], "Betreff", "Text", "<p>HTML</p>")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].alternatives[0].content == "<p>HTML</p>"


@pytest.mark.integration
def test_real_worker_delivers_mail_through_redis(celery_worker_real, settings):
    assert settings.REDIS_URL, "Integrationstests laufen gegen Redis"
    assert app.conf.broker_url.startswith("redis://")
    mail_zustellen.delay(["worker@example.org"], "Vom Worker", "Text", "<p>HTML</p>")
    deadline = time.monotonic() + 30
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.subject for m in mail.outbox] == ["Vom Worker"]


def test_a_fresh_worker_process_registers_all_tasks():
    """A worker started by `celery -A masterplan worker` imports the task modules itself
    (the in-process test worker would hide a missing import)."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "from masterplan.celery import app; import django; django.setup(); "
        "app.loader.import_default_modules(); print('\\n'.join(sorted(app.tasks)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "masterplan.tasks.mail_zustellen" in result.stdout.split()
