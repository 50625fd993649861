from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.choices import TokenScope
from motcua.accounts.models import ApiToken, User, normalise_phone


class Command(BaseCommand):
    help = "Issue a personal API token for a user (by email or phone); prints the secret once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("login", help="email or phone of the user")
        parser.add_argument("--name", default="integration")
        parser.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)

    def handle(self, *args: object, **options: str) -> None:
        login = options["login"]
        user = (
            User.objects.filter(email__iexact=login).first()
            if "@" in login
            else User.objects.filter(phone=normalise_phone(login)).first()
        )
        if user is None:
            raise CommandError(f"No user signs in as {login!r}")
        token, secret = ApiToken.issue(user, options["name"], options["scope"])
        self.stdout.write(f"Token {token.prefix} ({token.scope}) for {user}: {secret}")
