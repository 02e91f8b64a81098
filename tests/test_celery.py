import time

import pytest
from django.core import mail

from masterplan.celery import app
from masterplan.tasks import mail_zustellen


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
