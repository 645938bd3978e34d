"""`haven demo load`: demonstration data for a first look at Haven."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from haven.demo.services import DEMO_PASSWORD, DEMO_PEOPLE, demo_load


class Command(BaseCommand):
    help = "Load demonstration data (areas, one user per role, places, a population); safe to run again"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_load()
        self.stdout.write(
            f"Demo data ready: {result.areas_created} areas and {result.places_created} places added, "
            f"{len(result.people_created)} people created, {len(result.people_kept)} kept as they were."
        )
        if result.households_registered:
            self.stdout.write(
                f"Population: {result.households_registered:,} households ({result.individuals_registered:,} people) "
                f"registered; a second batch is {result.batch_waiting.lower()}."
            )
        if result.figures_added:
            self.stdout.write(f"Displacement: {result.figures_added:,} location figures of 2008 imported.")
        if result.projects_created:
            self.stdout.write(
                f"Projects: {result.projects_created} community assistance projects mapped; the seed appeal loaded."
            )
        if result.programmes_created:
            self.stdout.write(
                f"Assistance: {result.programmes_created} programmes, "
                f"{result.deliveries_recorded:,} deliveries recorded."
            )
        self.stdout.write("")
        self.stdout.write("Sign in at http://127.0.0.1:8000/ as one of:")
        self.stdout.write(f"  {'username':<15} {'password':<12} {'role':<32} areas")
        for person in DEMO_PEOPLE:
            password = DEMO_PASSWORD + ("*" if person.username in result.people_kept else "")
            self.stdout.write(
                f"  {person.username:<15} {password:<12} {person.role.label!s:<32} {', '.join(person.areas)}"
            )
        if result.people_kept:
            self.stdout.write("  * unless changed since the demo was first loaded")
