from django.contrib.auth.models import AbstractUser
from django.db import models


class Member(AbstractUser):
    """A custom AUTH_USER_MODEL (table members_member) with one extra required column."""
    display_name = models.CharField(max_length=80, blank=True)


class MemberProfile(models.Model):
    """The one-to-one profile, with a link column that is not named after the model and many NOT NULL columns.

    Django 3.2 puts none of the Python defaults below into the database: each column is NOT NULL without a
    database default, so a tool creating rows must supply '' / 0 / false / {} / now itself.
    """
    owner = models.OneToOneField(Member, on_delete=models.CASCADE, db_column='owner_ref', related_name='profile')
    bio = models.TextField(blank=True)
    nickname = models.CharField(max_length=40, blank=True)
    newsletter = models.BooleanField(default=False)
    karma = models.IntegerField(default=0)
    preferences = models.JSONField(default=dict, blank=True)
    website = models.URLField(blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    birthday = models.DateField(null=True, blank=True)


class Post(models.Model):
    """A plain many-to-one foreign key to the user table: never the profile link."""
    author = models.ForeignKey(Member, on_delete=models.CASCADE)
    title = models.CharField(max_length=100)
