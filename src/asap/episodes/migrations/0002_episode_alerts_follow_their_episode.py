"""The alert of an episode is filed where the episode is, recorded by the same side.

Before, her episode's alert was joint (no author, no title): every side was told that an
episode was reported, a hint that the victim side had recorded one. It moves to the victim
compartment, recorded by the victim side. The entries of episodes, remote sessions and the
other alerts written since `cases.0003` without the recorder's side get the author's side.
"""

from django.db import migrations, models
from django.db.models.functions import Coalesce

RECORDED_KINDS = ["episode", "remote_session", "episode_alert"]


def alerts_follow_their_episode(apps, schema_editor):
    entry_model = apps.get_model("cases", "TimelineEntry")
    member_model = apps.get_model("cases", "CaseMember")
    anonymous = entry_model.objects.filter(
        kind="episode_alert", author__isnull=True, organisation__isnull=True, compartment="joint"
    )
    hers = [entry.pk for entry in anonymous.only("pk", "title") if not entry.title]  # encrypted
    entry_model.objects.filter(pk__in=hers).update(compartment="victim", recorded_side="victim")
    side = member_model.objects.filter(
        case=models.OuterRef("case"), user=models.OuterRef("author")
    ).values("side")[:1]
    entry_model.objects.filter(
        kind__in=RECORDED_KINDS, author__isnull=False, recorded_side=""
    ).update(recorded_side=Coalesce(models.Subquery(side), models.Value("")))


class Migration(migrations.Migration):
    dependencies = [
        ("episodes", "0001_episodes_and_remote_sessions"),
        ("cases", "0004_timeline_waiver_kinds"),
    ]

    operations = [
        migrations.RunPython(alerts_follow_their_episode, migrations.RunPython.noop),
    ]
