import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_unsubscribe_token():
    """A callable default: Django calls it per object, so it never reaches the database schema."""
    return secrets.token_hex(16)


class NotificationSettings(models.Model):
    """A third-party app's own one-to-one table per user, as apps such as django-notifications keep.

    Its defaults live in Python only (Django 3.2 writes none into the schema): a non-zero integer, a callable and
    a field with choices; save() fills what a caller left empty, as such apps often do.
    """
    DIGEST_CHOICES = [('daily', 'Daily'), ('weekly', 'Weekly'), ('never', 'Never')]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name='notification_settings')
    max_per_day = models.IntegerField(default=5)
    digest = models.CharField(max_length=10, choices=DIGEST_CHOICES, default='weekly')
    unsubscribe_token = models.CharField(max_length=32, default=new_unsubscribe_token)
    updated_at = models.DateTimeField(default=timezone.now)

    def save(self, *args, **kwargs):
        if not self.unsubscribe_token:
            self.unsubscribe_token = new_unsubscribe_token()
        if self.digest not in dict(self.DIGEST_CHOICES):
            self.digest = 'weekly'
        super().save(*args, **kwargs)
