"""A province-year of dossiers: when each starts, who applies where, and its history. Pure.

Receipts spread over the year's days (more on Mondays, few at weekends and on holidays) and
over the day (more in the morning; online submissions at any hour, some at night). The
procedure, channel, agencies and officers of each dossier are drawn from the `World`; the
history is played by `story.play`; papers, fees, e-results and ratings are drawn after it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from motcua.accounts.choices import Role
from motcua.catalog.fees import compute_fees
from motcua.deadlines.calendar import WorkingCalendar

from .. import lifecycle
from ..choices import FeeState, PaymentChannel, Rating
from ..lifecycle import Snapshot
from .clock import VN, WorkClock
from .story import IN_PERSON, ONLINE, POST, Actor, Record, Spec, Story, play
from .world import Citizen, Version, World

WEEKDAY_WEIGHT = [1.35, 1.1, 1.05, 1.0, 0.9, 0.12, 0.07]  # Monday .. Sunday
DAY_OFF_WEIGHT = 0.06
# Online submissions by hour of the day: office hours first, then evenings, a few at night.
ONLINE_HOURS = [1, 0.6, 0.4, 0.3, 0.4, 1, 3, 6, 9, 10, 10, 8, 5, 6, 9, 9, 8, 6, 4, 5, 6, 5, 3, 2]
ONLINE_SHARE = {"full": 0.85, "partial": 0.62, "none": 0.0}
POST_SHARE = 0.03
ORG_WORDS = [
    "Hoàng Long",
    "Phú Bình",
    "Đại Từ",
    "Sông Công",
    "Tân Cương",
    "Bắc Kạn",
    "Thái Hưng",
    "Gia Sàng",
    "Đồng Hỷ",
    "Núi Cốc",
]
# What a member of staff acts as (roles.roles_towards): lifecycle.EVENT_ROLES' words.
ACTING: dict[str, str] = {
    Role.COUNTER_OFFICER: lifecycle.COUNTER,
    Role.SPECIALIST: lifecycle.SPECIALIST,
    Role.LEADER: lifecycle.LEADER,
}
RATING_REASONS = ["Phải đi lại nhiều lần.", "Thời gian chờ tại quầy lâu."]


@dataclass(frozen=True)
class PaperPlan:
    document_id: int
    name: str
    digitized: bool
    reused: bool
    national: bool


@dataclass(frozen=True)
class FeePlan:
    name: str
    kind: str
    amount: int
    state: str
    payment_channel: int | None
    paid_at: dt.datetime | None


@dataclass
class Draft:
    """One dossier before it has ids: its spec, history and the rest of its rows."""

    version: Version
    spec: Spec
    citizen: Citizen
    organisation: tuple[str, str] | None
    records: list[Record]
    horizon: dt.datetime
    papers: list[PaperPlan] = field(default_factory=list)
    fees: list[FeePlan] = field(default_factory=list)
    e_result: bool = False
    rating: tuple[str, str, dt.datetime] | None = None
    reference: str = ""
    code: str | None = None

    @property
    def snap(self) -> Snapshot:
        return self.records[-1].after

    @property
    def created_at(self) -> dt.datetime:
        return self.records[0].action.at


@dataclass
class Planner:
    """Draws dossiers for one batch of days from its own random generator."""

    world: World
    rng: random.Random
    cal: WorkingCalendar
    clock: WorkClock
    rules: lifecycle.Rules
    horizon: dt.datetime
    _actors: dict[tuple[int | None, str], Actor] = field(default_factory=dict)

    def day(self, day: dt.date, count: int) -> list[Draft]:
        """Return the dossiers that start on `day`, in the order they start."""
        starts = sorted((self._start(day) for _ in range(count)), key=lambda s: s[0])
        drafts = [self._draft(channel, at, version) for at, channel, version in starts]
        return [d for d in drafts if d.records]

    def _start(self, day: dt.date) -> tuple[dt.datetime, int, Version]:
        rng = self.rng
        working = self.cal.is_working_day(day)
        saturday_counter = not working and day.weekday() == 5 and rng.random() < 0.1
        while True:
            version = self._version(online_only=not working and not saturday_counter)
            if version.in_force(day):
                break
        if working or saturday_counter:
            share = ONLINE_SHARE.get(version.online_level, 0.0)
            online = not saturday_counter and rng.random() < share
        else:
            online = True
        if online:
            hour = rng.choices(range(24), ONLINE_HOURS)[0]
            minute = hour * 60 + rng.randrange(60)
            channel = ONLINE
        else:
            morning = saturday_counter or rng.random() < 0.62
            minute = rng.randrange(450, 690) if morning else rng.randrange(810, 1020)
            channel = POST if rng.random() < POST_SHARE else IN_PERSON
        at = dt.datetime(
            day.year, day.month, day.day, minute // 60, minute % 60, rng.randrange(60), tzinfo=VN
        )
        return at, channel, version

    def _version(self, online_only: bool) -> Version:
        world = self.world
        if online_only:
            pool = [v for v in world.versions if v.online_level != "none"] or world.versions
        else:
            pool = world.versions
        return self.rng.choices(pool, [v.weight for v in pool])[0]

    def _draft(self, channel: int, at: dt.datetime, version: Version) -> Draft:
        citizen = self._applicant(version)
        spec = self._spec(version, channel, at, citizen)
        story = Story(self.rng, self.clock, self.cal, self.rules, self.horizon, spec)
        play(story)
        organisation = None
        if version.province_level and self.rng.random() < 0.15:
            organisation = (
                f"Công ty TNHH {self.rng.choice(ORG_WORDS)}",
                f"46{self.rng.randrange(10**8):08d}",
            )
        draft = Draft(version, spec, citizen, organisation, story.records, self.horizon)
        if draft.records:
            self._extras(draft)
        return draft

    def _applicant(self, version: Version) -> Citizen:
        """A citizen; commune procedures mostly go to the applicant's own commune."""
        citizens, rng = self.world.citizens, self.rng
        citizen = rng.choice(citizens)
        for _ in range(3):
            if version.province_level or self._commune_id(citizen) in version.serving:
                break
            citizen = rng.choice(citizens)
        return citizen

    def _commune_id(self, citizen: Citizen) -> int | None:
        return self.world.communes[citizen.commune].id if citizen.commune >= 0 else None

    def _spec(self, version: Version, channel: int, at: dt.datetime, citizen: Citizen) -> Spec:
        world, rng = self.world, self.rng
        home = self._commune_id(citizen)
        competent = rng.choice(
            version.serving.get(home, version.agencies) if home is not None else version.agencies
        )
        local = world.centres_of[competent]
        receiving = (
            rng.choice(world.all_centres)
            if world.all_centres and rng.random() < 0.1
            else rng.choice(local)
        )
        divisions = world.divisions_of.get(competent, ())
        handling = rng.choice(divisions) if divisions and rng.random() < 0.5 else competent
        others = [a for a in world.consultable if a != competent]
        consulted = None
        if others:
            agency = rng.choice(others)
            consulted = (agency, self._officer(agency, Role.SPECIALIST))
        return Spec(
            limit=version.limit,
            obligation=version.obligation,
            channel=channel,
            start=at,
            applicant=self._actor(citizen.user_id, lifecycle.APPLICANT),
            receiving_id=receiving,
            handling_id=handling,
            competent_id=competent,
            counter=self._officer(receiving, Role.COUNTER_OFFICER),
            specialist=self._officer(handling, Role.SPECIALIST),
            leader=self._officer(competent, Role.LEADER),
            consulted=consulted,
        )

    def _officer(self, agency: int, role: str) -> Actor:
        return self._actor(self.rng.choice(self.world.staff[(agency, role)]), ACTING[role])

    def _actor(self, user_id: int | None, role: str) -> Actor:
        key = (user_id, role)
        if key not in self._actors:
            self._actors[key] = Actor(user_id, frozenset({role}))
        return self._actors[key]

    # What the history does not say: papers, fees, the e-result and the rating.
    def _extras(self, draft: Draft) -> None:
        rng, snap = self.rng, draft.snap
        online = draft.spec.channel == ONLINE
        for doc in draft.version.documents:
            if not doc.mandatory and rng.random() >= 0.35:
                continue
            reused = online and doc.reusable and rng.random() < 0.4
            digitized = online or reused or rng.random() < 0.7
            draft.papers.append(
                PaperPlan(doc.id, doc.name, digitized, reused, reused and rng.random() < 0.5)
            )
        draft.fees = self._fees(draft)
        if (
            snap.outcome == "granted"
            and draft.version.result_is_document
            and rng.random() < (0.75 if online else 0.35)
        ):
            draft.e_result = True
        if snap.returned_at and rng.random() < 0.2:
            rated_at = snap.returned_at + dt.timedelta(minutes=rng.randint(5, 72 * 60))
            if rated_at <= self.horizon:
                value = rng.choices(list(Rating), [55, 40, 5])[0]
                reason = rng.choice(RATING_REASONS) if value == Rating.NOT_SATISFIED else ""
                draft.rating = (value.value, reason, rated_at)

    def _fees(self, draft: Draft) -> list[FeePlan]:
        rng, snap = self.rng, draft.snap
        online = draft.spec.channel == ONLINE
        exempt = rng.random() < 0.04
        result = compute_fees(
            draft.version.fee_lines,
            "online" if online else "in-person",
            pages=rng.randint(1, 6),
            copies=rng.randint(1, 3),
            persons=rng.randint(1, 3),
            exempt=exempt,
        )
        paid_online = online and rng.random() < 0.6
        paid_at = draft.created_at + dt.timedelta(minutes=rng.randint(2, 20))
        channel = (
            PaymentChannel.NATIONAL_PORTAL
            if rng.random() < 0.35
            else PaymentChannel.PROVINCIAL_GATEWAY
        )
        plans = []
        for item in result.lines:
            if item.amount is None or (item.amount == 0 and not exempt):
                continue  # unknown or free: nothing to collect
            if exempt:
                plans.append(
                    FeePlan(item.line.name, item.line.kind, 0, FeeState.EXEMPT, None, None)
                )
            elif paid_online and paid_at <= self.horizon:
                plans.append(
                    FeePlan(
                        item.line.name,
                        item.line.kind,
                        item.amount,
                        FeeState.PAID,
                        int(channel),
                        paid_at,
                    )
                )
            elif snap.received_at is not None:
                plans.append(
                    FeePlan(
                        item.line.name,
                        item.line.kind,
                        item.amount,
                        FeeState.PAID,
                        None,
                        snap.received_at,
                    )
                )
            else:
                plans.append(
                    FeePlan(item.line.name, item.line.kind, item.amount, FeeState.DUE, None, None)
                )
        return plans


def day_counts(
    rng: random.Random, total: int, first: dt.date, last: dt.date, cal: WorkingCalendar
) -> list[tuple[dt.date, int]]:
    """Spread `total` dossiers over the days from `first` to `last`; return (day, count)."""
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    weights = [_day_weight(d, cal) for d in days]
    counts = Counter(rng.choices(range(len(days)), weights, k=total))
    return [(d, counts[i]) for i, d in enumerate(days) if counts[i]]


def _day_weight(day: dt.date, cal: WorkingCalendar) -> float:
    if cal.is_working_day(day):  # a make-up Saturday is as busy as a Thursday
        return WEEKDAY_WEIGHT[3 if day.weekday() >= 5 else day.weekday()]
    if day.weekday() >= 5 and day not in cal.days_off:
        return WEEKDAY_WEIGHT[day.weekday()]
    return DAY_OFF_WEIGHT


def batches(days: list[tuple[dt.date, int]], size: int) -> list[list[tuple[dt.date, int]]]:
    """Group consecutive days into batches of about `size` dossiers (a day is never split)."""
    groups: list[list[tuple[dt.date, int]]] = [[]]
    filled = 0
    for day, count in days:
        if filled >= size:
            groups.append([])
            filled = 0
        groups[-1].append((day, count))
        filled += count
    return [g for g in groups if g]
