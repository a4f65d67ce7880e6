"""Load the demo data transcribed from the two seed documents.

Idempotent: the first run creates the imatinib drug page (62 publications, 9 of them
ranked as Top publications) and the MouseDoctor commentary post with its 4 references;
later runs change nothing unless the demo data module changed.
"""

from django.core.management.base import BaseCommand

from portal.demo import load_demo


class Command(BaseCommand):
    help = "Load the imatinib drug page and the commentary post from the seeds (idempotent)."

    def handle(self, *args, **options):
        report = load_demo()
        if options["verbosity"] < 1:
            return
        if not report.changed:
            self.stdout.write("Demo data already loaded; nothing changed.")
            return
        for label, bucket in (("created", report.created), ("updated", report.updated)):
            if bucket:
                summary = ", ".join(f"{n} {name}" for name, n in sorted(bucket.items()))
                self.stdout.write(self.style.SUCCESS(f"{label.capitalize()}: {summary}"))
