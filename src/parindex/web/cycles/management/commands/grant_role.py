from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from parindex.web.audit.chain import record
from parindex.web.cycles.models import UNIT_ROLES, Cycle, Membership, Role, Unit


class Command(BaseCommand):
    help = "Give a person a role; editors, approvers and appraisers hold it for one unit (--unit, a unit id such as VN-31-2025)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=[r.value for r in Role])
        parser.add_argument("--unit", help="unit id (see `parindex units list`)")
        parser.add_argument("--cycle", help="cycle slug: the role holds for that cycle only (how appraisers are appointed)")
        parser.add_argument("--create", action="store_true", help="create the user if missing (no password: set one with changepassword)")

    def handle(self, username, role, unit=None, cycle=None, create=False, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None and not create:
            raise CommandError(f"no user {username!r} (add --create)")
        user = user or User.objects.create_user(username)
        if (role in UNIT_ROLES) != bool(unit):
            raise CommandError(f"role {role} {'needs' if role in UNIT_ROLES else 'takes no'} --unit")
        unit_obj = None
        if unit:
            unit_obj = Unit.objects.filter(uid=unit).first()
            if unit_obj is None:
                raise CommandError(f"no unit {unit!r}")
        cycle_obj = None
        if cycle:
            cycle_obj = Cycle.objects.filter(slug=cycle).first()
            if cycle_obj is None:
                raise CommandError(f"no cycle {cycle!r}")
        membership, created = Membership.objects.get_or_create(user=user, role=role, unit=unit_obj, cycle=cycle_obj)
        if created:
            record(None, "membership.grant", membership, field=username, new=f"{role} {unit or ''} {cycle or ''}".strip())
        self.stdout.write(f"{username}: {role}{' of ' + unit if unit else ''}{' in ' + cycle if cycle else ''}")
