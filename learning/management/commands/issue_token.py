from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token

INTEGRATIONS_GROUP = "Integrations"


class Command(BaseCommand):
    help = (
        "Print the API token of USERNAME (creating the token if needed). "
        "Use it as 'Authorization: Token <token>'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--service",
            action="store_true",
            help="Create the user if missing and let it post events for any user (integration).",
        )
        parser.add_argument("--rotate", action="store_true", help="Replace an existing token.")

    def handle(self, *args: object, username: str, service: bool, rotate: bool, **options: object):
        user_model = get_user_model()
        if service:
            user, _ = user_model.objects.get_or_create(username=username)
            if not user.has_usable_password():
                user.set_unusable_password()
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=INTEGRATIONS_GROUP))
        else:
            try:
                user = user_model.objects.get(username=username)
            except user_model.DoesNotExist:
                raise CommandError(
                    f"no user named {username!r}; pass --service to create an integration user"
                ) from None
        if rotate:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
