"""People of the conflict's armed groups: who leads, speaks or commands for which group, and when.

A claim, a denial or a statement is often made in a person's name: "Iyad Ag Ghaly said ...", "Youssouf
Toloba has denied ...". For the records the group is what matters, so a person the knowledge base knows
stands for the group of their role on the article's day (Iyad Ag Ghaly is Ansar Dine in 2012 and JNIM in
2018). The data is ``models/people.json``; names are compared on the same normalised keys as actor names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sahel_ie.kb.normalize import normalise_name
from sahel_ie.resources import read_json

TITLES = ("leader", "chief", "commander", "spokesman", "spokesperson", "spokeswoman", "emir", "head", "founder",
          "mr", "sheikh", "cheikh", "imam", "colonel", "general")


@dataclass(frozen=True)
class Role:
    """A person's role in a group between two dates (``valid_to`` exclusive, None = open)."""

    actor: str
    role: str
    valid_from: str | None = None
    valid_to: str | None = None

    def covers(self, day: str | None) -> bool:
        return day is None or ((self.valid_from is None or self.valid_from <= day)
                               and (self.valid_to is None or day < self.valid_to))


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]

    def role_on(self, day: str | None) -> Role | None:
        """The role held on ``day``; without a day, or outside every role, the latest role (a name in the
        news is most often the person's best-known role)."""
        for role in self.roles:
            if day is not None and role.covers(day):
                return role
        if not self.roles:
            return None
        if day is not None:
            before = [r for r in self.roles if r.valid_from is None or r.valid_from <= day]
            if before:
                return before[-1]
            return self.roles[0]
        return self.roles[-1]


class PeopleKB:
    """Lookup of persons by name (normalised, titles dropped)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._people: dict[str, Person] = {}
        self._keys: dict[str, str] = {}
        for raw in data.get("people", []):
            person = Person(
                id=raw["id"], name=raw["name"], aliases=tuple(raw.get("aliases", [])),
                roles=tuple(Role(r["actor"], r.get("role", "member"), r.get("valid_from"), r.get("valid_to"))
                            for r in raw.get("roles", [])))
            if person.id in self._people:
                raise ValueError(f"duplicate person id {person.id!r} in people.json")
            self._people[person.id] = person
            for text in (person.name, *person.aliases):
                key = normalise_name(text)
                if key in self._keys and self._keys[key] != person.id:
                    raise ValueError(f"name {text!r} given to two people in people.json")
                self._keys[key] = person.id

    @classmethod
    def load(cls) -> "PeopleKB":
        return cls(read_json("people.json"))

    def __iter__(self):
        return iter(self._people.values())

    def get(self, person_id: str) -> Person | None:
        return self._people.get(person_id)

    def find(self, text: str) -> Person | None:
        """The person a name denotes ("Iyad Ag Ghaly", "JNIM leader Iyad Ag Ghaly" without its title)."""
        key = normalise_name(text or "")
        if not key:
            return None
        found = self._keys.get(key)
        if found is None:
            words = key.split()
            while words and words[0] in TITLES:
                words = words[1:]
            found = self._keys.get(" ".join(words))
        return self._people.get(found) if found else None

    def group_of(self, text: str, date: Any = None) -> tuple[Person, Role] | None:
        """(person, role) for a name on a day: the group the person stands for then."""
        person = self.find(text)
        if person is None:
            return None
        day = str(date)[:10] if date else None
        role = person.role_on(day)
        return (person, role) if role is not None else None


@lru_cache(maxsize=1)
def default_people() -> PeopleKB:
    """The shipped people data, loaded once per process."""
    return PeopleKB.load()
