import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from parindex.web.cycles.models import ApiToken


class Command(BaseCommand):
    help = "Create a bearer token for the JSON API; it is printed once and only its SHA-256 is stored."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for, e.g. 'survey import script'")

    def handle(self, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        token = secrets.token_urlsafe(32)
        ApiToken.objects.create(user=user, name=name, key_hash=hashlib.sha256(token.encode()).hexdigest())
        self.stdout.write(token)
